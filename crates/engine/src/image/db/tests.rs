//! Tests of the image database against Docker's behaviour and the reference outputs.

use super::*;
use crate::api::gojson;
use crate::image::store::{MemoryContentStore, MemoryMetadataStore};

/// The config of the `busybox` image of `shared/reference/docker` (`docker import`), rebuilt
/// byte for byte: it hashes to the image ID Docker printed, 55d09268a59e.
pub(crate) const BUSYBOX_CONFIG: &[u8] = include_bytes!("testdata/config-busybox.json");
/// Docker's size of the busybox layer (`Size` in `docker image inspect`).
pub(crate) const BUSYBOX_SIZE: u64 = 1_985_569;

pub(crate) fn stores() -> (MemoryContentStore, MemoryMetadataStore) {
    (MemoryContentStore::new(), MemoryMetadataStore::new())
}

/// A layer record for `diff_id` whose blob is some stored bytes (the db never reads layers).
pub(crate) fn fake_layer(db: &mut ImageDb<'_>, diff_id: Digest, size: u64) -> LayerRecord {
    let blob = db.content().put(None, diff_id.hex().as_bytes()).unwrap();
    LayerRecord { diff_id, blob, blob_size: 64, compressed: false, size }
}

/// A config with `created` and one layer per diff ID.
pub(crate) fn config(created: &str, diff_ids: &[Digest]) -> Vec<u8> {
    let history: Vec<String> = diff_ids.iter().map(|_| format!(r#"{{"created":"{created}","created_by":"step"}}"#)).collect();
    format!(
        r#"{{"architecture":"amd64","created":"{created}","history":[{}],"os":"linux","rootfs":{{"type":"layers","diff_ids":{}}}}}"#,
        history.join(","),
        serde_json::to_string(diff_ids).unwrap()
    )
    .into_bytes()
}

fn add(db: &mut ImageDb<'_>, created: &str, seed: &[u8]) -> Digest {
    let diff = Digest::of(seed);
    let layer = fake_layer(db, diff, 10);
    db.create(&config(created, &[diff]), vec![layer]).unwrap()
}

fn busybox(db: &mut ImageDb<'_>) -> Digest {
    let diff: Digest = "sha256:6f1ccf537f1f3ab8625bc1f973ab6f39ea6f6b69c4ff52328c86a164cf022c0a".parse().unwrap();
    let layer = fake_layer(db, diff, BUSYBOX_SIZE);
    db.create(BUSYBOX_CONFIG, vec![layer]).unwrap()
}

fn r(s: &str) -> Reference {
    Reference::parse(s).unwrap()
}

#[test]
fn create_stores_the_config_under_the_image_id() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    assert_eq!(id.to_string(), "sha256:55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306");
    assert_eq!(db.config_bytes(&id).unwrap(), BUSYBOX_CONFIG);
    assert_eq!(db.get(&id).unwrap().size(), BUSYBOX_SIZE);
    assert_eq!(db.ids().unwrap(), vec![id]);
}

#[test]
fn create_refuses_layers_that_are_not_the_configs() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let layer = fake_layer(&mut db, Digest::of(b"other"), 1);
    let err = db.create(&config("2026-01-01T00:00:00Z", &[Digest::of(b"x")]), vec![layer]).unwrap_err();
    assert!(matches!(err, DbError::LayersDoNotMatch { expected: 1, .. }), "{err}");
    assert!(matches!(db.create(b"{not json", vec![]), Err(DbError::InvalidConfig(_))));
    assert!(db.ids().unwrap().is_empty());
}

#[test]
fn resolve_by_tag_id_and_unique_prefix() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    db.set_loaded_tag(&r("busybox:latest"), &id).unwrap();
    for input in ["busybox", "busybox:latest", "docker.io/library/busybox", "55d0", "55d09268a59e", "sha256:55d09268a59e", &id.to_string(), &id.hex()] {
        assert_eq!(db.resolve(input).unwrap(), id, "{input}");
    }
    assert_eq!(db.resolve("nosuch").unwrap_err().to_string(), "No such image: nosuch:latest");
    assert_eq!(db.resolve("busybox:1.0").unwrap_err().to_string(), "No such image: busybox:1.0");
    let missing = format!("sha256:{}", "0".repeat(64));
    assert_eq!(db.resolve(&missing).unwrap_err().to_string(), format!("No such image: {missing}"));
    assert_eq!(db.resolve("BusyBox").unwrap_err().to_string(), "invalid reference format: repository name must be lowercase");
}

#[test]
fn an_ambiguous_prefix_names_no_image() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    // Find two seeds whose image IDs share a first hex digit.
    let mut ids: Vec<Digest> = Vec::new();
    let mut seed = 0u32;
    let (a, b) = loop {
        let id = add(&mut db, "2026-01-01T00:00:00Z", &seed.to_le_bytes());
        seed += 1;
        if let Some(prev) = ids.iter().find(|p| p.hex()[..1] == id.hex()[..1]) {
            break (*prev, id);
        }
        ids.push(id);
    };
    let shared = &a.hex()[..1];
    assert_eq!(db.search(shared), Err(SearchError::Ambiguous(shared.to_string())));
    assert_eq!(db.resolve(shared).unwrap_err().to_string(), format!("No such image: {shared}:latest"));
    assert_eq!(db.search(&b.hex()[..20]), Ok(b));
    assert!(matches!(db.search("zzz"), Err(SearchError::NotFound(_))));
}

#[test]
fn tag_sets_last_tag_time_but_load_does_not() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    assert_eq!(db.set_loaded_tag(&r("busybox"), &id).unwrap(), None);
    assert_eq!(db.get(&id).unwrap().last_tag_time, None);
    let now = GoTime::parse("2026-11-22T11:03:29.868312794Z").unwrap();
    db.tag(&r("localhost:5000/busybox:1.35"), &id, now).unwrap();
    let inspect = db.inspect(&id, "/var/lib/docker/overlay2").unwrap();
    assert_eq!(inspect.repo_tags, ["busybox:latest", "localhost:5000/busybox:1.35"]);
    assert_eq!(inspect.metadata.last_tag_time, now);
    assert_eq!(db.untag(&r("busybox")).unwrap(), id);
    assert!(matches!(db.untag(&r("busybox")), Err(DbError::ReferenceDoesNotExist)));
    db.delete(&id).unwrap();
    drop(db);
    assert!(m.keys("last-tag-time/").unwrap().is_empty(), "deleting the image forgets its tag time");
}

#[test]
fn a_tag_time_kept_in_an_old_record_is_still_read() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    drop(db);
    let then = GoTime::parse("2025-01-02T03:04:05Z").unwrap();
    let key = format!("images/{}.json", id.hex());
    let mut rec: ImageRecord = serde_json::from_slice(&m.read(&key).unwrap().unwrap()).unwrap();
    rec.last_tag_time = Some(then);
    m.write(&key, &serde_json::to_vec(&rec).unwrap()).unwrap();
    let mut db = ImageDb::new(&mut c, &mut m);
    assert_eq!(db.get(&id).unwrap().last_tag_time, Some(then));
    let now = GoTime::parse("2026-11-22T11:03:29Z").unwrap();
    db.tag(&r("busybox"), &id, now).unwrap();
    assert_eq!(db.get(&id).unwrap().last_tag_time, Some(now), "the separate tag time wins");
}

#[test]
fn inspect_matches_dockers_json_except_the_graph_driver_paths() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    db.set_loaded_tag(&r("busybox:latest"), &id).unwrap();
    db.tag(&r("localhost:5000/busybox:1.35"), &id, GoTime::parse("2026-11-22T11:03:29.868312794Z").unwrap()).unwrap();
    let mut inspect = db.inspect(&id, "/var/lib/docker/overlay2").unwrap();
    // Docker names the layer directory by a random cache ID; put Docker's back to compare.
    let docker_dir = "/var/lib/docker/overlay2/e931f7654d3cad372746249cbada24c50589cf7288910dfa2e7b577d001d0d60";
    for v in inspect.graph_driver.data.as_mut().unwrap().values_mut() {
        let (_, leaf) = v.rsplit_once('/').unwrap();
        *v = format!("{docker_dir}/{leaf}");
    }
    let printed = format!("{}\n", gojson::to_string_indent(&[inspect], "    ").unwrap());
    let reference = include_str!("testdata/inspect-busybox.json");
    assert_eq!(printed, reference);
}

#[test]
fn summaries_are_newest_first_with_none_rows_and_filters() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let old = busybox(&mut db);
    let new = add(&mut db, "2027-01-01T00:00:00Z", b"new");
    db.set_loaded_tag(&r("busybox"), &old).unwrap();
    db.set_loaded_tag(&r("localhost:5000/busybox:1.35"), &old).unwrap();
    let all = db.summaries(&ListOptions::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, new.to_string());
    assert_eq!(all[0].repo_tags, ["<none>:<none>"]);
    assert_eq!(all[0].repo_digests, ["<none>@<none>"]);
    assert_eq!(all[1].repo_tags, ["busybox:latest", "localhost:5000/busybox:1.35"]);
    assert_eq!((all[1].size, all[1].containers, all[1].shared_size), (BUSYBOX_SIZE as i64, -1, -1));
    assert_eq!(all[1].created, GoTime::parse("2026-11-22T11:01:28Z").unwrap().unix());
    let only = |p: &str| db.summaries(&ListOptions { reference: vec![p.to_string()], ..Default::default() }).unwrap();
    assert_eq!(only("busybox")[0].repo_tags, ["busybox:latest"]);
    assert_eq!(only("*/busybox")[0].repo_tags, ["localhost:5000/busybox:1.35"]);
    assert_eq!(only("busybox:lat*").len(), 1);
    assert!(only("nosuch").is_empty());
}

#[test]
fn history_sizes_follow_non_empty_layers_and_only_the_top_row_has_an_id() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let diffs: Vec<Digest> = [b"a", b"b"].iter().map(|s| Digest::of(*s)).collect();
    let layers = vec![fake_layer(&mut db, diffs[0], 100), fake_layer(&mut db, diffs[1], 7)];
    let config = format!(
        r#"{{"created":"2026-01-01T00:00:03Z","history":[{{"created":"2026-01-01T00:00:01Z","created_by":"ADD rootfs","comment":"Imported from -"}},{{"created":"2026-01-01T00:00:02Z","created_by":"ENV A=1","empty_layer":true}},{{"created":"2026-01-01T00:00:03Z","created_by":"RUN x"}}],"os":"linux","rootfs":{{"type":"layers","diff_ids":["{}","{}"]}}}}"#,
        diffs[0], diffs[1]
    );
    let id = db.create(config.as_bytes(), layers).unwrap();
    db.set_loaded_tag(&r("app:1"), &id).unwrap();
    let rows = db.history(&id).unwrap();
    let view: Vec<(&str, &str, i64)> = rows.iter().map(|h| (h.id.as_str(), h.created_by.as_str(), h.size)).collect();
    let id_string = id.to_string();
    assert_eq!(view, [(id_string.as_str(), "RUN x", 7), ("<missing>", "ENV A=1", 0), ("<missing>", "ADD rootfs", 100)]);
    assert_eq!(rows[0].tags, Some(vec!["app:1".to_string()]));
    assert_eq!(rows[1].tags, None);
    assert_eq!(gojson::to_string(&rows[2]).unwrap(), r#"{"Comment":"Imported from -","Created":1767225601,"CreatedBy":"ADD rootfs","Id":"\u003cmissing\u003e","Size":100,"Tags":null}"#);
}

#[test]
fn history_with_more_layer_steps_than_layers_is_docker_error() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let config = r#"{"history":[{"created_by":"RUN a"}],"rootfs":{"type":"layers","diff_ids":[]}}"#;
    let id = db.create(config.as_bytes(), vec![]).unwrap();
    assert_eq!(db.history(&id).unwrap_err().to_string(), "too many non-empty layers in History section");
}

#[test]
fn save_resolution_follows_parse_names() {
    let (mut c, mut m) = stores();
    let mut db = ImageDb::new(&mut c, &mut m);
    let id = busybox(&mut db);
    let other = add(&mut db, "2027-01-01T00:00:00Z", b"x");
    db.set_loaded_tag(&r("busybox:latest"), &id).unwrap();
    db.set_loaded_tag(&r("busybox:1.35"), &id).unwrap();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let got = db.resolve_for_save(&names(&["busybox", "55d0", &other.hex()[..12]])).unwrap();
    let tags: Vec<String> = got[0].1.iter().map(Reference::familiar_string).collect();
    assert_eq!((got[0].0, tags), (id, vec!["busybox:1.35".to_string(), "busybox:latest".to_string()]));
    assert_eq!((got[1].0, got[1].1.len()), (other, 0));
    assert_eq!(got.len(), 2, "one entry per image");
    assert_eq!(db.resolve_for_save(&names(&["busybox:2"])).unwrap_err().to_string(), "reference does not exist");
    assert_eq!(db.resolve_for_save(&names(&["nosuch"])).unwrap_err().to_string(), "No such image: nosuch");
}
