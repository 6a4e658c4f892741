//! Legacy v1 layer IDs and layer JSON, as Docker 20.10's `tarexport.saveImage` makes them.
//!
//! Each layer of a saved image gets a v1 image ID, the name of its directory:
//!
//! 1. Every layer but the top is described by an empty `image.V1Image` created at the Unix
//!    epoch; the top layer by the image's own V1 fields (the config minus `rootfs`/`history`).
//! 2. `v1.CreateID` marshals that description *without* `id`, re-marshals it as a map with
//!    sorted keys, adds `layer_id` (the chain ID of the layers so far) and `parent` (the
//!    previous layer's full v1 ID), and takes the sha256 of the result.
//! 3. Only then are `id`, `parent` (hex) and `os` filled in, and the description, marshalled
//!    in struct order, is written as `<v1 id>/json`.
//!
//! Step 1's `os` comes in only at step 3 for the lower layers, which is why their `json` shows
//! `"os":"linux"` while their ID was computed without it.

use crate::api::{gojson, ContainerConfig, GoTime};
use crate::collect::CollectMap;
use crate::digest::Digest;
use crate::image::db::DockerImage;
use crate::image::oci::chain_ids;

/// Docker's `image.V1Image`, the legacy description of one layer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct V1Image {
    /// The v1 ID (hex), empty while computing it.
    pub id: String,
    /// The parent's v1 ID (hex), or the config's `parent` for the top layer.
    pub parent: String,
    /// Comment.
    pub comment: String,
    /// Created (the epoch for lower layers).
    pub created: Option<GoTime>,
    /// Build container ID.
    pub container: String,
    /// Build container config.
    pub container_config: ContainerConfig,
    /// Daemon version.
    pub docker_version: String,
    /// Author.
    pub author: String,
    /// Run-time config.
    pub config: Option<ContainerConfig>,
    /// Architecture.
    pub architecture: String,
    /// Variant.
    pub variant: String,
    /// OS.
    pub os: String,
    /// `Size`.
    pub size: i64,
}

impl V1Image {
    /// The description of a lower layer: nothing but the epoch.
    pub fn lower() -> V1Image {
        V1Image { created: Some(GoTime::EPOCH), ..V1Image::default() }
    }

    /// The description of the top layer: the image's own V1 fields.
    pub fn top(img: &DockerImage) -> V1Image {
        V1Image {
            id: String::new(),
            parent: img.parent.clone(),
            comment: img.comment.clone(),
            created: Some(img.created),
            container: img.container.clone(),
            container_config: img.container_config.clone(),
            docker_version: img.docker_version.clone(),
            author: img.author.clone(),
            config: img.config.clone(),
            architecture: img.architecture.clone(),
            variant: img.variant.clone(),
            os: img.os.clone(),
            size: img.size,
        }
    }

    /// `(key, JSON value)` pairs in Go struct order, `omitempty` fields left out.
    fn fields(&self) -> Result<Vec<(&'static str, String)>, serde_json::Error> {
        fn text(out: &mut Vec<(&'static str, String)>, key: &'static str, v: &str) -> Result<(), serde_json::Error> {
            if !v.is_empty() {
                out.push((key, gojson::to_string(v)?));
            }
            Ok(())
        }
        let mut out = Vec::new();
        text(&mut out, "id", &self.id)?;
        text(&mut out, "parent", &self.parent)?;
        text(&mut out, "comment", &self.comment)?;
        out.push(("created", gojson::to_string(&self.created.unwrap_or(GoTime::ZERO))?));
        text(&mut out, "container", &self.container)?;
        out.push(("container_config", gojson::to_string(&self.container_config)?));
        text(&mut out, "docker_version", &self.docker_version)?;
        text(&mut out, "author", &self.author)?;
        if let Some(c) = &self.config {
            out.push(("config", gojson::to_string(c)?));
        }
        text(&mut out, "architecture", &self.architecture)?;
        text(&mut out, "variant", &self.variant)?;
        text(&mut out, "os", &self.os)?;
        if self.size != 0 {
            out.push(("Size", self.size.to_string()));
        }
        Ok(out)
    }

    /// `json.Marshal(v1Image)`: what `<v1 id>/json` holds.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let pairs: Vec<String> = self.fields()?.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        Ok(format!("{{{}}}", pairs.join(",")))
    }

    /// `v1.CreateID(v1Image, layerID, parent)`.
    pub fn create_id(&self, chain_id: &Digest, parent: Option<&Digest>) -> Result<Digest, serde_json::Error> {
        let mut map: std::collections::BTreeMap<&str, String> = V1Image { id: String::new(), ..self.clone() }.fields()?.into_iter().collect_map();
        map.insert("layer_id", gojson::to_string(&chain_id.to_string())?);
        if let Some(p) = parent {
            map.insert("parent", gojson::to_string(&p.to_string())?);
        }
        let pairs: Vec<String> = map.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        Ok(Digest::of(format!("{{{}}}", pairs.join(",")).as_bytes()))
    }
}

/// One layer of a saved image: its v1 ID and the JSON of its directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V1Layer {
    /// The v1 ID (the directory name is its hex).
    pub id: Digest,
    /// `<v1 id>/json`.
    pub json: String,
}

/// The v1 layers of an image, bottom first (`tarexport.saveImage`).
pub fn v1_layers(img: &DockerImage) -> Result<Vec<V1Layer>, serde_json::Error> {
    let chains = chain_ids(img.diff_ids());
    let mut out: Vec<V1Layer> = Vec::with_capacity(chains.len());
    for (i, chain) in chains.iter().enumerate() {
        let mut v1 = if i + 1 == chains.len() { V1Image::top(img) } else { V1Image::lower() };
        let parent = out.last().map(|l| l.id);
        let id = v1.create_id(chain, parent.as_ref())?;
        v1.id = id.hex();
        if let Some(p) = parent {
            v1.parent = p.hex();
        }
        v1.os = img.os.clone();
        out.push(V1Layer { id, json: v1.to_json()? });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY_CONFIG: &[u8] = include_bytes!("../../testdata/config-legacy.json");
    const LEGACY_MANIFEST: &str = include_str!("../testdata/docker-save-legacy/manifest.json");
    const LAYER_473323B7_JSON: &str = include_str!("../testdata/docker-save-legacy/layer-473323b7-json");
    const LAYER_A54B8282_JSON: &str = include_str!("../testdata/docker-save-legacy/layer-a54b8282-json-top");

    #[test]
    fn v1_ids_are_the_ones_docker_20_10_saved() {
        let layers = v1_layers(&DockerImage::parse(LEGACY_CONFIG).unwrap()).unwrap();
        let ids: Vec<String> = layers.iter().map(|l| format!("{}/layer.tar", l.id.hex())).collect();
        let manifest: serde_json::Value = serde_json::from_str(LEGACY_MANIFEST).unwrap();
        let expected: Vec<String> = serde_json::from_value(manifest[0]["Layers"].clone()).unwrap();
        assert_eq!(ids, expected);
    }

    #[test]
    fn layer_json_is_byte_for_byte_dockers() {
        let layers = v1_layers(&DockerImage::parse(LEGACY_CONFIG).unwrap()).unwrap();
        assert_eq!(layers[0].json, LAYER_473323B7_JSON);
        assert_eq!(layers[5].json, LAYER_A54B8282_JSON);
    }

    #[test]
    fn a_single_layer_image_gets_dockers_v1_id() {
        // busybox in `docker-save-layout.txt`: one layer, directory 1c859279...
        let img = DockerImage::parse(crate::image::db::tests::BUSYBOX_CONFIG).unwrap();
        let layers = v1_layers(&img).unwrap();
        assert_eq!(layers[0].id.hex(), "1c859279d0adf63a7df7c152d3143921551df827b9c345348558f576e1001c18");
        assert_eq!(layers[0].json.len(), 775, "size of 1c859279.../json in the listing");
    }
}
