//! Archive round trips, Docker's layout and messages, and hostile archives that must store
//! nothing.

use std::collections::HashSet;
use std::io::Write;

use super::docker_save::write::save;
use super::oci_layout::write::write_layout_tar;
use super::*;
use crate::api::GoTime;
use crate::image::db::tests::stores;
use crate::image::oci::{media_type as mt, Descriptor, Index, Manifest, Platform};
use crate::image::store::{MemoryContentStore, MemoryMetadataStore, MetadataStore};

/// A deterministic layer tar of regular files.
pub(crate) fn layer_tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(1_700_000_000);
        h.set_entry_type(tar::EntryType::Regular);
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// An image config over `layers` (uncompressed tars), one history step per layer plus an
/// empty CMD step.
pub(crate) fn config_for(layers: &[&[u8]], created: &str) -> Vec<u8> {
    let diffs: Vec<String> = layers.iter().map(|l| format!("\"{}\"", Digest::of(l))).collect();
    let mut history: Vec<String> = layers.iter().map(|_| format!(r#"{{"created":"{created}","created_by":"/bin/sh -c echo \u003e x"}}"#)).collect();
    history.push(format!(r#"{{"created":"{created}","created_by":"/bin/sh -c #(nop)  CMD [\"sh\"]","empty_layer":true}}"#));
    format!(
        r#"{{"architecture":"amd64","config":{{"Cmd":["sh"]}},"created":"{created}","history":[{}],"os":"linux","rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
        history.join(","),
        diffs.join(",")
    )
    .into_bytes()
}

/// One entry of a hand-made archive; names are written raw, hostile or not.
pub(crate) enum E<'a> {
    File(&'a str, Vec<u8>),
    Symlink(&'a str, &'a str),
}

pub(crate) fn archive(entries: Vec<E<'_>>) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_gnu();
        let (name, data, kind, link) = match &e {
            E::File(n, d) => (*n, &d[..], tar::EntryType::Regular, ""),
            E::Symlink(n, t) => (*n, &[][..], tar::EntryType::Symlink, *t),
        };
        let gnu = h.as_gnu_mut().unwrap();
        gnu.name[..name.len()].copy_from_slice(name.as_bytes());
        gnu.linkname[..link.len()].copy_from_slice(link.as_bytes());
        h.set_entry_type(kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append(&h, data).unwrap();
    }
    b.into_inner().unwrap()
}

/// A `docker save`-shaped archive of one image with the given layer blobs and tags.
fn docker_save_archive(config: &[u8], blobs: &[&[u8]], tags: &str) -> Vec<u8> {
    let id = Digest::of(config);
    let mut entries = vec![E::File("cfg.json", config.to_vec())];
    let names: Vec<String> = (0..blobs.len()).map(|i| format!("l{i}/layer.tar")).collect();
    for (name, blob) in names.iter().zip(blobs) {
        entries.push(E::File(name, blob.to_vec()));
    }
    let layers: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let manifest = format!(r#"[{{"Config":"cfg.json","RepoTags":{tags},"Layers":[{}]}}]"#, layers.join(","));
    entries.push(E::File("manifest.json", manifest.into_bytes()));
    let _ = id;
    archive(entries)
}

fn load_into(c: &mut MemoryContentStore, m: &mut MemoryMetadataStore, bytes: &[u8]) -> Result<LoadReport, ArchiveError> {
    let mut db = ImageDb::new(c, m);
    load(&mut db, &mut &bytes[..], &LoadOptions::default())
}

fn assert_nothing_stored(c: &MemoryContentStore, m: &MemoryMetadataStore) {
    assert_eq!(c.list().unwrap(), vec![], "no blob left behind");
    assert_eq!(m.keys("").unwrap(), Vec::<String>::new(), "no record or tag");
}

fn two_layers() -> (Vec<u8>, Vec<u8>) {
    (layer_tar(&[("bin/sh", b"#!fake shell\n"), ("etc/passwd", b"root:x:0:0::/root:/bin/sh\n")]), layer_tar(&[("app/hello.txt", b"hello\n")]))
}

#[test]
fn docker_save_loads_and_round_trips_byte_for_byte() {
    let (l0, l1) = two_layers();
    let config = config_for(&[&l0, &l1], "2026-11-22T11:02:10.864051716Z");
    let input = docker_save_archive(&config, &[&l0, &gzip(&l1)], r#"["app:1","localhost:5000/app:2"]"#);
    let (mut c, mut m) = stores();
    let report = load_into(&mut c, &mut m, &input).unwrap();
    let id = Digest::of(&config);
    assert_eq!(report.lines, ["Loaded image: app:1", "Loaded image: localhost:5000/app:2"]);
    assert_eq!(report.images, vec![(id, vec!["app:1".to_string(), "localhost:5000/app:2".to_string()])]);
    let db = ImageDb::new(&mut c, &mut m);
    let rec = db.get(&id).unwrap();
    assert!(!rec.layers[0].compressed && rec.layers[1].compressed);
    assert_eq!(rec.layers[1].size, 6);

    let images = db.resolve_for_save(&["app".to_string(), "localhost:5000/app:2".to_string()]).unwrap();
    let mut saved = Vec::new();
    save(&db, &images, &mut saved, 1_800_000_000).unwrap();

    let (mut c2, mut m2) = stores();
    let report2 = load_into(&mut c2, &mut m2, &saved).unwrap();
    assert_eq!(report2.images, vec![(id, vec!["app:1".to_string(), "localhost:5000/app:2".to_string()])]);
    let db2 = ImageDb::new(&mut c2, &mut m2);
    assert!(!db2.get(&id).unwrap().layers[1].compressed, "docker save writes layers uncompressed");
    let mut saved2 = Vec::new();
    save(&db2, &images, &mut saved2, 1_800_000_000).unwrap();
    assert_eq!(saved, saved2, "save is deterministic and independent of how layers are stored");
}

/// `tar tv`-like lines: mode, owner, size, mtime, name (and link).
fn listing(bytes: &[u8]) -> Vec<String> {
    let mut ar = tar::Archive::new(bytes);
    ar.entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let h = e.header();
            let link = e.link_name().unwrap().map(|l| format!(" -> {}", l.display())).unwrap_or_default();
            format!("{:o} {}/{} {} {} {}{link}", h.mode().unwrap(), h.username().unwrap().unwrap(), h.groupname().unwrap().unwrap(), h.size().unwrap(), h.mtime().unwrap(), e.path().unwrap().display())
        })
        .collect()
}

#[test]
fn save_writes_docker_20_10s_layout() {
    let (l0, l1) = two_layers();
    let created = "2026-11-22T11:02:10.864051716Z";
    let config = config_for(&[&l0, &l1], created);
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&config, &[&l0, &l1], r#"["probe-build:legacy"]"#)).unwrap();
    let db = ImageDb::new(&mut c, &mut m);
    let images = db.resolve_for_save(&["probe-build:legacy".to_string()]).unwrap();
    let mut out = Vec::new();
    save(&db, &images, &mut out, 1_800_000_000).unwrap();

    let img = crate::image::db::DockerImage::parse(&config).unwrap();
    let v1 = docker_save::v1::v1_layers(&img).unwrap();
    let (a, b) = (v1[0].id.hex(), v1[1].id.hex());
    let t = GoTime::parse(created).unwrap().unix();
    let id = Digest::of(&config).hex();
    let mut expected = vec![
        format!("40755 root/root 0 {t} {a}/"),
        format!("100644 root/root 3 {t} {a}/VERSION"),
        format!("100644 root/root {} {t} {a}/json", v1[0].json.len()),
        format!("100644 root/root {} {t} {a}/layer.tar", l0.len()),
        format!("40755 root/root 0 {t} {b}/"),
        format!("100644 root/root 3 {t} {b}/VERSION"),
        format!("100644 root/root {} {t} {b}/json", v1[1].json.len()),
        format!("100644 root/root {} {t} {b}/layer.tar", l1.len()),
        format!("100644 root/root {} {t} {id}.json", config.len()),
    ];
    expected.sort_by_key(|l| l.rsplit(' ').next().unwrap().trim_end_matches('/').to_string());
    let manifest = format!("[{{\"Config\":\"{id}.json\",\"RepoTags\":[\"probe-build:legacy\"],\"Layers\":[\"{a}/layer.tar\",\"{b}/layer.tar\"]}}]\n");
    let repositories = format!("{{\"probe-build\":{{\"legacy\":\"{b}\"}}}}\n");
    expected.push(format!("100644 root/root {} 0 manifest.json", manifest.len()));
    expected.push(format!("100644 root/root {} 0 repositories", repositories.len()));
    assert_eq!(listing(&out), expected);

    let mut ar = tar::Archive::new(&out[..]);
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().display().to_string();
        let mut text = String::new();
        if path == "manifest.json" || path == "repositories" || path.ends_with("VERSION") {
            std::io::Read::read_to_string(&mut e, &mut text).unwrap();
            let want = match path.as_str() {
                "manifest.json" => manifest.clone(),
                "repositories" => repositories.clone(),
                _ => "1.0".to_string(),
            };
            assert_eq!(text, want, "{path}");
        }
    }
}

#[test]
fn a_shared_layer_is_saved_once_and_symlinked_like_multi_tar() {
    let (l0, l1) = two_layers();
    let base = config_for(&[&l0], "2026-11-22T11:01:28.698155397Z");
    let app = config_for(&[&l0, &l1], "2026-11-22T11:02:10Z");
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&app, &[&l0, &l1], r#"["app:1"]"#)).unwrap();
    load_into(&mut c, &mut m, &docker_save_archive(&base, &[&l0], r#"["base:1"]"#)).unwrap();
    let db = ImageDb::new(&mut c, &mut m);
    let images = db.resolve_for_save(&["app:1".to_string(), "base:1".to_string()]).unwrap();
    let mut out = Vec::new();
    save(&db, &images, &mut out, 1_800_000_000).unwrap();
    let app_v1 = docker_save::v1::v1_layers(&crate::image::db::DockerImage::parse(&app).unwrap()).unwrap();
    let base_v1 = docker_save::v1::v1_layers(&crate::image::db::DockerImage::parse(&base).unwrap()).unwrap();
    let (shared, linked) = (app_v1[0].id.hex(), base_v1[0].id.hex());
    assert_ne!(shared, linked, "a top layer's v1 ID includes the image's config");
    let lines = listing(&out);
    assert!(lines.contains(&format!("120777 root/root 0 1800000000 {linked}/layer.tar -> ../{shared}/layer.tar")), "{lines:#?}");
    assert!(lines.contains(&format!("40755 root/root 0 1800000000 {linked}/")), "never re-dated: the time of the save");

    let (mut c2, mut m2) = stores();
    let report = load_into(&mut c2, &mut m2, &out).unwrap();
    assert_eq!(report.lines, ["Loaded image: app:1", "Loaded image: base:1"]);
}

#[test]
fn untagged_images_print_their_ids_only_when_the_last_is_untagged() {
    let (l0, l1) = two_layers();
    let a = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let b = config_for(&[&l1], "2026-01-01T00:00:00Z");
    let (ida, idb) = (Digest::of(&a), Digest::of(&b));
    let manifest = |tags_b: &str| {
        format!(r#"[{{"Config":"a.json","RepoTags":null,"Layers":["a.tar"]}},{{"Config":"b.json","RepoTags":{tags_b},"Layers":["b.tar"]}}]"#)
    };
    let build = |tags_b: &str| archive(vec![E::File("a.json", a.clone()), E::File("b.json", b.clone()), E::File("a.tar", l0.clone()), E::File("b.tar", l1.clone()), E::File("manifest.json", manifest(tags_b).into_bytes())]);
    let (mut c, mut m) = stores();
    let report = load_into(&mut c, &mut m, &build("null")).unwrap();
    assert_eq!(report.lines, [format!("Loaded image ID: {ida}"), format!("Loaded image ID: {idb}")]);
    let (mut c, mut m) = stores();
    let report = load_into(&mut c, &mut m, &build(r#"["b:1"]"#)).unwrap();
    assert_eq!(report.lines, ["Loaded image: b:1"], "Docker forgets the untagged first image's ID");
}

#[test]
fn moving_a_tag_prints_dockers_rename_notice() {
    let (l0, l1) = two_layers();
    let a = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let b = config_for(&[&l1], "2026-01-01T00:00:00Z");
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&a, &[&l0], r#"["x:1"]"#)).unwrap();
    let report = load_into(&mut c, &mut m, &docker_save_archive(&b, &[&l1], r#"["x:1"]"#)).unwrap();
    assert_eq!(report.lines, [format!("The image x:1 already exists, renaming the old one with ID {} to empty string", Digest::of(&a)), "Loaded image: x:1".to_string()]);
}

#[test]
fn hostile_or_inconsistent_archives_store_nothing() {
    let (l0, l1) = two_layers();
    let config = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let manifest = |layer: &str| format!(r#"[{{"Config":"c.json","RepoTags":["x:1"],"Layers":["{layer}"]}}]"#).into_bytes();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("dot-dot entry", archive(vec![E::File("../evil", b"x".to_vec()), E::File("c.json", config.clone())]), "path escapes the archive"),
        ("absolute entry", archive(vec![E::File("/etc/evil", b"x".to_vec())]), "absolute path"),
        (
            "layer.tar symlinked out",
            archive(vec![E::File("c.json", config.clone()), E::Symlink("l/layer.tar", "../../etc/passwd"), E::File("manifest.json", manifest("l/layer.tar"))]),
            "symlink escapes the archive",
        ),
        (
            "layer.tar symlinked absolute",
            archive(vec![E::File("c.json", config.clone()), E::Symlink("l/layer.tar", "/etc/passwd"), E::File("manifest.json", manifest("l/layer.tar"))]),
            "symlink to an absolute path",
        ),
        (
            "manifest path escapes",
            archive(vec![E::File("c.json", config.clone()), E::File("l.tar", l0.clone()), E::File("manifest.json", manifest("../l.tar"))]),
            "path escapes the archive",
        ),
        (
            "wrong layer content",
            archive(vec![E::File("c.json", config.clone()), E::File("l.tar", l1.clone()), E::File("manifest.json", manifest("l.tar"))]),
            "invalid diffID for layer 0: expected",
        ),
        (
            "layer count",
            archive(vec![E::File("c.json", config.clone()), E::File("manifest.json", br#"[{"Config":"c.json","RepoTags":["x:1"],"Layers":[]}]"#.to_vec())]),
            "invalid manifest, layers length mismatch: expected 0, got 1",
        ),
        (
            "tag without tag",
            archive(vec![E::File("c.json", config.clone()), E::File("l.tar", l0.clone()), E::File("manifest.json", br#"[{"Config":"c.json","RepoTags":["busybox"],"Layers":["l.tar"]}]"#.to_vec())]),
            "invalid tag \"busybox\"",
        ),
        ("not an image", archive(vec![E::File("hello.txt", b"hi".to_vec())]), "no manifest.json"),
        ("missing layer", archive(vec![E::File("c.json", config.clone()), E::File("manifest.json", manifest("nope.tar"))]), "file \"nope.tar\" not found"),
        ("garbage", b"this is not a tar archive at all, not even close....".repeat(20), "reading archive"),
    ];
    for (what, bytes, message) in cases {
        let (mut c, mut m) = stores();
        let err = load_into(&mut c, &mut m, &bytes).unwrap_err().to_string();
        assert!(err.contains(message), "{what}: {err}");
        assert_nothing_stored(&c, &m);
    }
}

#[test]
fn a_failed_load_keeps_what_was_there_before() {
    let (l0, l1) = two_layers();
    let config = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&config, &[&l0], r#"["x:1"]"#)).unwrap();
    let blobs_before = c.list().unwrap();
    let keys_before = m.keys("").unwrap();
    let bad = docker_save_archive(&config, &[&l1], r#"["y:1"]"#);
    assert!(load_into(&mut c, &mut m, &bad).is_err());
    assert_eq!(c.list().unwrap(), blobs_before);
    assert_eq!(m.keys("").unwrap(), keys_before);
}

#[test]
fn oci_layout_round_trips_and_gzip_archives_load() {
    let (l0, l1) = two_layers();
    let config = config_for(&[&l0, &l1], "2026-01-01T00:00:00Z");
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&config, &[&gzip(&l0), &l1], r#"["busybox:latest"]"#)).unwrap();
    let db = ImageDb::new(&mut c, &mut m);
    let images = db.resolve_for_save(&["busybox".to_string()]).unwrap();
    let mut layout = Vec::new();
    write_layout_tar(&db, &images, &mut layout).unwrap();
    let (mut c2, mut m2) = stores();
    let report = load_into(&mut c2, &mut m2, &gzip(&layout)).unwrap();
    assert_eq!(report.images, vec![(Digest::of(&config), vec!["busybox:latest".to_string()])]);
    let db2 = ImageDb::new(&mut c2, &mut m2);
    assert!(db2.get(&Digest::of(&config)).unwrap().layers[0].compressed, "OCI keeps blobs as they are");
}

/// An OCI layout with a nested two-platform index, built by hand.
fn oci_multi_platform(l0: &[u8], ref_name: &str) -> (Vec<u8>, Digest) {
    let blob = gzip(l0);
    let mut entries = vec![E::File("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec())];
    let mut manifests = Vec::new();
    let mut amd64 = None;
    for arch in ["arm64", "amd64"] {
        let config = String::from_utf8(config_for(&[l0], "2026-01-01T00:00:00Z")).unwrap().replace("amd64", arch).into_bytes();
        let m = Manifest {
            schema_version: 2,
            media_type: Some(mt::OCI_MANIFEST.into()),
            config: Descriptor::new(mt::OCI_CONFIG, Digest::of(&config), config.len() as u64),
            layers: vec![Descriptor::new(mt::OCI_LAYER_GZIP, Digest::of(&blob), blob.len() as u64)],
            annotations: Default::default(),
        };
        let mb = serde_json::to_vec(&m).unwrap();
        let mut d = Descriptor::new(mt::OCI_MANIFEST, Digest::of(&mb), mb.len() as u64);
        d.platform = Some(Platform { architecture: arch.into(), os: "linux".into(), variant: None });
        manifests.push(d);
        if arch == "amd64" {
            amd64 = Some(Digest::of(&config));
        }
        entries.push(E::File(Box::leak(format!("blobs/sha256/{}", Digest::of(&config).hex()).into_boxed_str()), config));
        entries.push(E::File(Box::leak(format!("blobs/sha256/{}", Digest::of(&mb).hex()).into_boxed_str()), mb));
    }
    entries.push(E::File(Box::leak(format!("blobs/sha256/{}", Digest::of(&blob).hex()).into_boxed_str()), blob));
    let nested = serde_json::to_vec(&Index { schema_version: 2, media_type: Some(mt::OCI_INDEX.into()), manifests, annotations: Default::default() }).unwrap();
    let mut top = Descriptor::new(mt::OCI_INDEX, Digest::of(&nested), nested.len() as u64);
    top.annotations.insert(crate::image::oci::ANNOTATION_REF_NAME.into(), ref_name.into());
    entries.push(E::File(Box::leak(format!("blobs/sha256/{}", Digest::of(&nested).hex()).into_boxed_str()), nested));
    let index = serde_json::to_vec(&Index { schema_version: 2, media_type: None, manifests: vec![top], annotations: Default::default() }).unwrap();
    entries.push(E::File("index.json", index));
    (archive(entries), amd64.unwrap())
}

#[test]
fn a_nested_index_is_narrowed_to_the_platform() {
    let (l0, _) = two_layers();
    let (bytes, amd64) = oci_multi_platform(&l0, "busybox");
    let (mut c, mut m) = stores();
    let report = load_into(&mut c, &mut m, &bytes).unwrap();
    assert_eq!(report.images, vec![(amd64, vec!["busybox:latest".to_string()])]);
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let riscv = LoadOptions { architecture: "riscv64".into(), ..LoadOptions::default() };
    let err = load(&mut db, &mut &bytes[..], &riscv).unwrap_err();
    assert_eq!(err.to_string(), "no matching manifest for linux/riscv64 in the manifest list entries");
    assert_nothing_stored(&c, &m);
}

#[test]
fn an_oci_blob_that_lies_about_its_digest_is_refused() {
    let (l0, _) = two_layers();
    let (bytes, _) = oci_multi_platform(&l0, "x");
    // Rebuild the archive with the layer blob's content swapped for other gzip data.
    let mut ar = tar::Archive::new(&bytes[..]);
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        entries.push((e.path().unwrap().display().to_string(), data));
    }
    let layer_blob = gzip(&l0);
    let path = format!("blobs/sha256/{}", Digest::of(&layer_blob).hex());
    let swapped: Vec<E<'_>> = entries.iter().map(|(n, d)| E::File(n, if *n == path { gzip(b"evil") } else { d.clone() })).collect();
    let (mut c, mut m) = stores();
    let err = load_into(&mut c, &mut m, &archive(swapped)).unwrap_err().to_string();
    assert!(err.contains("digest mismatch"), "{err}");
    assert_nothing_stored(&c, &m);
}

#[test]
fn ref_names_of_the_reference_layout_become_tags() {
    let index: Index = serde_json::from_str(include_str!("testdata/oci-layout-index.json")).unwrap();
    let names: Vec<String> = index.manifests.iter().filter_map(|d| oci_layout::read::image_name(&d.annotations)).map(|r| r.familiar_string()).collect();
    assert_eq!(names, ["busybox:latest", "legacy:latest"]);
    let mut full = std::collections::BTreeMap::new();
    full.insert(oci_layout::ANNOTATION_IMAGE_NAME.to_string(), "docker.io/library/busybox:1.36".to_string());
    full.insert(crate::image::oci::ANNOTATION_REF_NAME.to_string(), "1.36".to_string());
    assert_eq!(oci_layout::read::image_name(&full).unwrap().familiar_string(), "busybox:1.36");
}

#[test]
fn nothing_is_left_but_what_images_need() {
    let (l0, _) = two_layers();
    let config = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let (mut c, mut m) = stores();
    load_into(&mut c, &mut m, &docker_save_archive(&config, &[&l0], r#"["x:1"]"#)).unwrap();
    let blobs: HashSet<Digest> = c.list().unwrap().into_iter().collect();
    assert_eq!(blobs, HashSet::from([Digest::of(&config), Digest::of(&l0)]), "manifest.json is not kept");
}

/// A reader that hands out one byte per call, like a slow pipe.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((b, rest)), Some(slot)) => {
                *slot = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn a_gzip_archive_from_a_trickling_pipe_loads() {
    let (l0, _) = two_layers();
    let config = config_for(&[&l0], "2026-01-01T00:00:00Z");
    let input = gzip(&docker_save_archive(&config, &[&l0], r#"["x:1"]"#));
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let report = load(&mut db, &mut Trickle(&input), &LoadOptions::default()).unwrap();
    assert_eq!(report.lines, ["Loaded image: x:1"]);
}
