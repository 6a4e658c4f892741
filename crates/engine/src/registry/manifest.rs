//! Docker schema 2 manifests as bytes: written exactly as `distribution` marshals them (Go's
//! `json.MarshalIndent` with three spaces, descriptor fields in Go's order `mediaType`, `size`,
//! `digest`, no trailing newline), and parsed back with the checks a pull needs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::digest::Digest;
use crate::image::oci::{media_type, Descriptor, Manifest};

/// The largest manifest wharf reads, as dockerd (4 MiB).
pub const MAX_MANIFEST_SIZE: usize = 4 << 20;

/// Writes a schema 2 manifest for `config` and `layers` (bottom first) as `distribution` does.
/// Descriptors' `urls` and `platform` are not written; `annotations` are.
pub fn write(config: &Descriptor, layers: &[Descriptor]) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("{\n   \"schemaVersion\": 2,\n");
    let _ = writeln!(out, "   \"mediaType\": {},", quote(media_type::DOCKER_MANIFEST));
    out.push_str("   \"config\": ");
    descriptor(&mut out, config, "   ");
    out.push_str(",\n   \"layers\": [");
    for (i, l) in layers.iter().enumerate() {
        out.push_str(if i == 0 { "\n      " } else { ",\n      " });
        descriptor(&mut out, l, "      ");
    }
    if !layers.is_empty() {
        out.push_str("\n   ");
    }
    out.push_str("]\n}");
    out.into_bytes()
}

fn descriptor(out: &mut String, d: &Descriptor, indent: &str) {
    let _ = write!(out, "{{\n{indent}   \"mediaType\": {},\n{indent}   \"size\": {},\n{indent}   \"digest\": {}", quote(&d.media_type), d.size, quote(&d.digest.to_string()));
    if !d.annotations.is_empty() {
        let _ = write!(out, ",\n{indent}   \"annotations\": {{");
        for (i, (k, v)) in d.annotations.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}\n{indent}      {}: {}", quote(k), quote(v));
        }
        let _ = write!(out, "\n{indent}   }}");
    }
    let _ = write!(out, "\n{indent}}}");
}

/// A JSON string as Go's encoder writes it (`<`, `>`, `&` escaped too).
fn quote(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_default();
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// A layer descriptor for a stored blob, with the [`SIZE_ANNOTATION`](super::SIZE_ANNOTATION)
/// when `reported_size` is given.
pub fn layer_descriptor(blob: Digest, blob_size: u64, compressed: bool, reported_size: Option<u64>) -> Descriptor {
    let mt = if compressed { media_type::DOCKER_LAYER_GZIP } else { media_type::DOCKER_LAYER_TAR };
    let mut d = Descriptor::new(mt, blob, blob_size);
    if let Some(size) = reported_size {
        d.annotations = BTreeMap::from([(super::SIZE_ANNOTATION.to_string(), size.to_string())]);
    }
    d
}

/// Parses manifest bytes as a pull needs them: one image (schema 2 or OCI), schema version 2,
/// a config and layers of known media types. Manifest lists are not supported (the stand-in
/// images are single-platform). The error is the reason, for
/// [`TransferErrorKind::UnsupportedManifest`](super::TransferErrorKind::UnsupportedManifest).
pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
    if bytes.len() > MAX_MANIFEST_SIZE {
        return Err(format!("manifest of {} bytes is too large", bytes.len()));
    }
    let m: Manifest = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if m.schema_version != 2 {
        return Err(format!("schema version {}", m.schema_version));
    }
    match m.media_type.as_deref() {
        None | Some(media_type::DOCKER_MANIFEST) | Some(media_type::OCI_MANIFEST) => {}
        Some(other) => return Err(other.to_string()),
    }
    if ![media_type::DOCKER_CONFIG, media_type::OCI_CONFIG].contains(&m.config.media_type.as_str()) {
        return Err(format!("config media type {}", m.config.media_type));
    }
    const LAYERS: [&str; 4] = [media_type::DOCKER_LAYER_GZIP, media_type::DOCKER_LAYER_TAR, media_type::OCI_LAYER_GZIP, media_type::OCI_LAYER_TAR];
    if let Some(l) = m.layers.iter().find(|l| !LAYERS.contains(&l.media_type.as_str())) {
        return Err(format!("layer media type {}", l.media_type));
    }
    Ok(m)
}

/// The size a layer descriptor reports through [`SIZE_ANNOTATION`](super::SIZE_ANNOTATION).
pub fn reported_size(d: &Descriptor) -> Option<u64> {
    d.annotations.get(super::SIZE_ANNOTATION)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBE: &str = include_str!("testdata/manifest-probe-build-legacy.json");

    fn d(hex: &str) -> Digest {
        Digest::from_hex(hex).unwrap()
    }

    #[test]
    fn writes_the_bytes_distribution_wrote() {
        let config = Descriptor::new(media_type::DOCKER_CONFIG, d("03813ba8e177adbc69bd41d708d73813e4c75e9ead64c37b71e006bda169847e"), 3180);
        let layers: Vec<Descriptor> = [
            ("397c1c4ca8cde7ef0c00b984f0895e1aad508cb330dd2ee3d3bfb16aeab0e067", 1_069_402),
            ("bbe0bbb094df8189e45824e4ccd4ddeaa646056600cc6a040e87165cd61df238", 98),
            ("1bfa7ef446845d283acba60d621de704668678dc282c00de13993b795a6281ab", 153),
            ("c1f918c5a3c55e02d8e8889e347d08ad59a63ca71a69e03c2e6fbcdec28306d2", 163),
            ("c7e7e626489a4dd334f8ecf81cdbca1c1e2e85808d28e29dd4d444973a15e68e", 156),
            ("7100de30014f0a119d54afd13c12035b30514387f04dcc0f2d408ef8355a7633", 143),
        ]
        .iter()
        .map(|(h, s)| layer_descriptor(d(h), *s, true, None))
        .collect();
        let bytes = write(&config, &layers);
        assert_eq!(String::from_utf8_lossy(&bytes), PROBE);
        // The digest `docker pull` printed for it.
        assert_eq!(Digest::of(&bytes).hex(), "81e90b174f16a6956eb622f2a150fe736af112281b0e25328ec4346a978b2e0d");
        assert_eq!(parse(&bytes).unwrap().layers, layers);
    }

    #[test]
    fn annotations_round_trip_and_lists_are_refused() {
        let l = layer_descriptor(Digest::of(b"x"), 10, false, Some(7_334_000));
        let bytes = write(&Descriptor::new(media_type::DOCKER_CONFIG, Digest::of(b"c"), 1), std::slice::from_ref(&l));
        let m = parse(&bytes).unwrap();
        assert_eq!(reported_size(&m.layers[0]), Some(7_334_000));
        let list = format!(r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"x","size":1,"digest":"{}"}},"layers":[]}}"#, media_type::DOCKER_MANIFEST_LIST, Digest::of(b"c"));
        assert!(parse(list.as_bytes()).is_err());
        assert!(write(&m.config, &[]).ends_with(b"\"layers\": []\n}"));
    }
}
