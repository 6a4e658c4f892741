//! Pull and push against in-memory registries, over a kernel double that only stores.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::task::{Context, Poll};

use super::*;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FsWrite};
use crate::image::db::ImageDb;
use crate::image::layer::{self as layers, ApplyOptions};
use crate::image::oci::{media_type, Descriptor, ImageConfig, RootFs};
use crate::image::reference::Reference;
use crate::image::store::{ContentStore, MemoryContentStore, MemoryMetadataStore, MetadataStore};
use crate::kernel::*;

/// A kernel that has stores and layer storage and nothing else.
#[derive(Default)]
struct StoreKernel {
    content: MemoryContentStore,
    meta: MemoryMetadataStore,
    layers: BTreeMap<Digest, Option<Digest>>,
}

fn no<T>() -> Result<T, KernelError> {
    Err(KernelError::Unsupported("test kernel"))
}

impl Kernel for StoreKernel {
    fn now(&self) -> Timestamp {
        0
    }
    fn fill_random(&mut self, buf: &mut [u8]) {
        buf.fill(7)
    }
    fn poll_sleep_until(&mut self, _: Timestamp, _: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
    fn stores(&mut self) -> (&mut dyn ContentStore, &mut dyn MetadataStore) {
        (&mut self.content, &mut self.meta)
    }
    fn unpack_layer(&mut self, chain_id: &Digest, parent: Option<&Digest>, tar: &mut dyn Read) -> Result<(), KernelError> {
        if let Some(p) = parent {
            if !self.layers.contains_key(p) {
                return Err(KernelError::NotFound(p.to_string()));
            }
        }
        layers::apply(tar, &mut MemFs::new(), &ApplyOptions::default()).map_err(|e| KernelError::Other(e.to_string()))?;
        self.layers.insert(*chain_id, parent.copied());
        Ok(())
    }
    fn remove_layer(&mut self, chain_id: &Digest) -> Result<(), KernelError> {
        self.layers.remove(chain_id).map(|_| ()).ok_or(KernelError::NotFound(chain_id.to_string()))
    }
    fn create_rootfs(&mut self, _: &str, _: Option<&Digest>) -> Result<(), KernelError> {
        no()
    }
    fn with_rootfs(&mut self, _: &str, _: &mut dyn FnMut(&mut dyn FsWrite) -> Result<(), KernelError>) -> Result<(), KernelError> {
        no()
    }
    fn diff_rootfs(&mut self, _: &str, _: &mut dyn Write) -> Result<(), KernelError> {
        no()
    }
    fn remove_rootfs(&mut self, _: &str) -> Result<(), KernelError> {
        no()
    }
    fn spawn(&mut self, _: &ProcessSpec) -> Result<Pid, KernelError> {
        no()
    }
    fn signal(&mut self, _: Pid, _: i32) -> Result<(), KernelError> {
        no()
    }
    fn poll_wait(&mut self, _: Pid, _: &mut Context<'_>) -> Poll<Result<ExitStatus, KernelError>> {
        Poll::Ready(no())
    }
    fn poll_read_output(&mut self, _: Pid, _: Stream, _: &mut [u8], _: &mut Context<'_>) -> Poll<Result<usize, KernelError>> {
        Poll::Ready(no())
    }
    fn write_stdin(&mut self, _: Pid, _: &[u8]) -> Result<(), KernelError> {
        no()
    }
    fn freeze(&mut self, _: Pid, _: bool) -> Result<(), KernelError> {
        no()
    }
    fn cgroup_stats(&mut self, _: Pid) -> Result<CgroupStats, KernelError> {
        no()
    }
    fn host_shell(&mut self, _: &str) -> Result<Pid, KernelError> {
        no()
    }
    fn create_bridge(&mut self, _: &str, _: IpNet) -> Result<(), KernelError> {
        no()
    }
    fn delete_bridge(&mut self, _: &str) -> Result<(), KernelError> {
        no()
    }
    fn connect(&mut self, _: Pid, _: &str, _: &str, _: IpNet, _: Option<std::net::Ipv4Addr>) -> Result<(), KernelError> {
        no()
    }
    fn publish_port(&mut self, _: Protocol, _: std::net::Ipv4Addr, _: u16, _: std::net::Ipv4Addr, _: u16) -> Result<(), KernelError> {
        no()
    }
    fn unpublish_port(&mut self, _: Protocol, _: std::net::Ipv4Addr, _: u16) -> Result<(), KernelError> {
        no()
    }
    fn create_volume(&mut self, _: &str) -> Result<String, KernelError> {
        no()
    }
    fn remove_volume(&mut self, _: &str) -> Result<(), KernelError> {
        no()
    }
}

/// A layer tar holding one file.
fn layer_tar(path: &str, data: &str) -> Vec<u8> {
    let mut fs = MemFs::new();
    if let Some((dir, _)) = path.rsplit_once('/') {
        fs.mkdir(dir, &Attrs { mode: 0o755, uid: 0, gid: 0, mtime: 0 }).unwrap();
    }
    fs.write_file(path, &Attrs { mode: 0o644, uid: 0, gid: 0, mtime: 0 }, &mut data.as_bytes()).unwrap();
    let mut out = Vec::new();
    layers::create_from_tree(&fs, &mut out).unwrap();
    out
}

/// Seeds `reg` with an image of `files` (one layer each) under `repo:tag`; returns the
/// manifest digest and the image ID.
fn seed(reg: &mut MemoryRegistry, repo: &str, tag: &str, files: &[(&str, &str)], sizes: &[Option<u64>]) -> (Digest, Digest) {
    let tars: Vec<Vec<u8>> = files.iter().map(|(p, d)| layer_tar(p, d)).collect();
    let config = ImageConfig {
        architecture: "amd64".into(),
        os: "linux".into(),
        rootfs: RootFs { diff_ids: tars.iter().map(|t| Digest::of(t)).collect(), ..RootFs::default() },
        ..ImageConfig::default()
    };
    let config = serde_json::to_vec(&config).unwrap();
    let descs: Vec<Descriptor> = tars
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let len = t.len() as u64;
            manifest::layer_descriptor(reg.add_blob(t), len, false, sizes.get(i).copied().flatten())
        })
        .collect();
    let len = config.len() as u64;
    let id = reg.add_blob(config);
    let m = manifest::write(&Descriptor::new(media_type::DOCKER_CONFIG, id, len), &descs);
    (reg.add_manifest(repo, Some(tag), m), id)
}

fn r(s: &str) -> Reference {
    s.parse().unwrap()
}

fn run_pull(k: &mut StoreKernel, regs: &mut Registries, reference: &str) -> (Result<Pulled, TransferError>, Vec<String>) {
    let mut lines = Vec::new();
    let res = pull(k, regs, &r(reference), &mut |l| lines.push(l.to_string()));
    (res, lines)
}

fn run_push(k: &mut StoreKernel, regs: &mut Registries, reference: &str) -> (Result<Pushed, TransferError>, Vec<String>) {
    let mut lines = Vec::new();
    let res = push(k, regs, &r(reference), &mut |l| lines.push(l.to_string()));
    (res, lines)
}

fn db(k: &mut StoreKernel) -> ImageDb<'_> {
    ImageDb::new(&mut k.content, &mut k.meta)
}

#[test]
fn pull_prints_dockers_lines_then_is_up_to_date() {
    let mut hub = MemoryRegistry::hub();
    let (mdigest, id) = seed(&mut hub, "library/alpine", "latest", &[("etc/alpine-release", "3.18.4\n")], &[Some(7_334_000)]);
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    let (res, lines) = run_pull(&mut k, &mut regs, "alpine");
    let pulled = res.unwrap();
    assert_eq!((pulled.id, pulled.manifest_digest, pulled.up_to_date), (id, mdigest, false));
    let rec = db(&mut k).get(&id).unwrap();
    let short = rec.layers[0].blob.short();
    assert_eq!(
        lines,
        [
            "latest: Pulling from library/alpine".to_string(),
            format!("{short}: Pulling fs layer"),
            format!("{short}: Verifying Checksum"),
            format!("{short}: Download complete"),
            format!("{short}: Pull complete"),
            format!("Digest: {mdigest}"),
            "Status: Downloaded newer image for alpine:latest".to_string(),
            "docker.io/library/alpine:latest".to_string(),
        ]
    );
    assert_eq!(rec.size(), 7_334_000, "the size annotation is the layer's size");
    let refs: Vec<String> = db(&mut k).references(&id).unwrap().iter().map(Reference::familiar_string).collect();
    assert_eq!(refs, ["alpine:latest".to_string(), format!("alpine@{mdigest}")]);
    assert!(rec.layers.iter().all(|l| k.layers.contains_key(&l.diff_id)), "single layer: chain ID = diff ID");

    let (res, lines) = run_pull(&mut k, &mut regs, "alpine:latest");
    assert!(res.unwrap().up_to_date);
    assert_eq!(lines, ["latest: Pulling from library/alpine".to_string(), format!("Digest: {mdigest}"), "Status: Image is up to date for alpine:latest".to_string(), "docker.io/library/alpine:latest".to_string()]);
}

#[test]
fn a_terminal_shows_each_layers_last_status() {
    let lines: Vec<String> = ["latest: Pulling from library/x", "aaaaaaaaaaaa: Already exists", "bbbbbbbbbbbb: Pulling fs layer", "bbbbbbbbbbbb: Download complete", "bbbbbbbbbbbb: Pull complete", "Digest: sha256:00", "docker.io/library/x:latest"].map(String::from).to_vec();
    assert_eq!(tty_view(&lines), ["latest: Pulling from library/x", "aaaaaaaaaaaa: Already exists", "bbbbbbbbbbbb: Pull complete", "Digest: sha256:00", "docker.io/library/x:latest"]);
}

#[test]
fn shared_layers_already_exist_and_extra_downloads_wait() {
    let mut hub = MemoryRegistry::hub();
    let base = [("a", "1")];
    seed(&mut hub, "library/base", "1", &base, &[]);
    let five: Vec<(&str, &str)> = vec![("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"), ("f", "6")];
    seed(&mut hub, "user/app", "v1", &five, &[]);
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    run_pull(&mut k, &mut regs, "base:1").0.unwrap();
    let (res, lines) = run_pull(&mut k, &mut regs, "user/app:v1");
    res.unwrap();
    let kinds: Vec<&str> = lines.iter().map(|l| l.split_once(": ").map_or(l.as_str(), |(_, k)| k)).collect();
    assert_eq!(&kinds[..8], ["Pulling from user/app", "Already exists", "Pulling fs layer", "Pulling fs layer", "Pulling fs layer", "Pulling fs layer", "Pulling fs layer", "Waiting"]);
    assert_eq!(kinds.iter().filter(|k| **k == "Waiting").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "Pull complete").count(), 5);
    assert_eq!(lines.last().unwrap(), "docker.io/user/app:v1");
    assert_eq!(k.layers.len(), 6);
}

#[test]
fn unknown_repositories_and_tags_fail_with_dockers_texts() {
    let mut hub = MemoryRegistry::hub();
    seed(&mut hub, "library/alpine", "latest", &[("x", "y")], &[]);
    let mut regs = Registries::with_hub(hub);
    regs.insert("localhost:5000", Box::new(MemoryRegistry::new()));
    let mut k = StoreKernel::default();
    let cases = [
        ("nosuch", "Error response from daemon: pull access denied for nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"),
        ("alpine:nope", "Error response from daemon: manifest for alpine:nope not found: manifest unknown: manifest unknown"),
        ("localhost:5000/nosuch", "Error response from daemon: manifest for localhost:5000/nosuch:latest not found: manifest unknown: manifest unknown"),
        ("localhost:5001/x", "Error response from daemon: Get \"http://localhost:5001/v2/\": dial tcp [::1]:5001: connect: connection refused"),
        ("127.0.0.1:5000/x", "Error response from daemon: Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused"),
        ("example.com/x", "Error response from daemon: Get \"https://example.com/v2/\": dial tcp: lookup example.com: no such host"),
    ];
    for (input, want) in cases {
        let (res, lines) = run_pull(&mut k, &mut regs, input);
        assert_eq!(res.unwrap_err().cli_text(), want, "{input}");
        assert!(lines.is_empty());
    }
    assert!(k.content.list().unwrap().is_empty());
}

#[test]
fn pull_by_digest_tags_only_the_digest() {
    let mut hub = MemoryRegistry::hub();
    let (mdigest, id) = seed(&mut hub, "library/alpine", "3.18", &[("x", "y")], &[]);
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    let (res, lines) = run_pull(&mut k, &mut regs, &format!("alpine@{mdigest}"));
    assert_eq!(res.unwrap().id, id);
    assert_eq!(lines[0], format!("{mdigest}: Pulling from library/alpine"));
    assert_eq!(lines[lines.len() - 2], format!("Status: Downloaded newer image for alpine@{mdigest}"));
    assert_eq!(lines[lines.len() - 1], format!("docker.io/library/alpine@{mdigest}"));
    let refs: Vec<String> = db(&mut k).references(&id).unwrap().iter().map(Reference::familiar_string).collect();
    assert_eq!(refs, [format!("alpine@{mdigest}")]);

    let wrong = Digest::of(b"other");
    let (res, _) = run_pull(&mut k, &mut regs, &format!("alpine@{wrong}"));
    assert_eq!(res.unwrap_err().cli_text(), format!("Error response from daemon: manifest for alpine@{wrong} not found: manifest unknown: manifest unknown"));
}

#[test]
fn a_layer_that_does_not_match_its_digest_is_refused_and_nothing_is_kept() {
    let mut hub = MemoryRegistry::hub();
    seed(&mut hub, "library/base", "1", &[("a", "1")], &[]);
    let (_, id) = seed(&mut hub, "library/evil", "latest", &[("a", "1"), ("b", "2"), ("c", "3")], &[]);
    // The third layer's bytes are swapped for another valid layer.
    let evil = Digest::of(&layer_tar("c", "3"));
    hub.corrupt_blob(&evil, &layer_tar("c", "pwned"));
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    run_pull(&mut k, &mut regs, "base:1").0.unwrap();
    let blobs_before = k.content.list().unwrap();
    let layers_before = k.layers.clone();
    let (res, lines) = run_pull(&mut k, &mut regs, "evil");
    let err = res.unwrap_err();
    assert_eq!(err.cli_text(), format!("filesystem layer verification failed for digest {evil}"));
    assert!(lines.iter().all(|l| !l.contains("Pull complete")));
    assert_eq!(k.content.list().unwrap(), blobs_before);
    assert_eq!(k.layers, layers_before);
    assert!(db(&mut k).record(&id).unwrap().is_none());
    assert!(db(&mut k).tags().unwrap().get(&r("evil")).is_none());
}

#[test]
fn a_config_whose_diff_ids_lie_is_refused() {
    let mut hub = MemoryRegistry::hub();
    let tar = layer_tar("a", "1");
    let len = tar.len() as u64;
    let blob = hub.add_blob(tar);
    let config = ImageConfig { os: "linux".into(), rootfs: RootFs { diff_ids: vec![Digest::of(b"not the layer")], ..RootFs::default() }, ..ImageConfig::default() };
    let config = serde_json::to_vec(&config).unwrap();
    let clen = config.len() as u64;
    let cid = hub.add_blob(config);
    hub.add_manifest("library/liar", Some("latest"), manifest::write(&Descriptor::new(media_type::DOCKER_CONFIG, cid, clen), &[manifest::layer_descriptor(blob, len, false, None)]));
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    let (res, _) = run_pull(&mut k, &mut regs, "liar");
    assert_eq!(res.unwrap_err().cli_text(), "layers from manifest don't match image configuration");
    assert!(k.content.list().unwrap().is_empty());
    assert!(k.layers.is_empty());
}

#[test]
fn a_hostile_layer_is_refused_by_the_kernel_and_undone() {
    let mut hub = MemoryRegistry::hub();
    let good = layer_tar("a", "1");
    let mut evil = Vec::new();
    {
        let mut w = crate::image::archive::ustar::TarWriter::new(&mut evil);
        w.file("../../etc/evil", 0, 1, &mut &b"x"[..]).unwrap();
        w.finish().unwrap();
    }
    let config = ImageConfig { os: "linux".into(), rootfs: RootFs { diff_ids: vec![Digest::of(&good), Digest::of(&evil)], ..RootFs::default() }, ..ImageConfig::default() };
    let config = serde_json::to_vec(&config).unwrap();
    let descs: Vec<Descriptor> = [good, evil].into_iter().map(|t| {
        let len = t.len() as u64;
        manifest::layer_descriptor(hub.add_blob(t), len, false, None)
    }).collect();
    let clen = config.len() as u64;
    let cid = hub.add_blob(config);
    hub.add_manifest("library/escape", Some("latest"), manifest::write(&Descriptor::new(media_type::DOCKER_CONFIG, cid, clen), &descs));
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    let (res, lines) = run_pull(&mut k, &mut regs, "escape");
    let err = res.unwrap_err();
    assert!(err.streamed && err.cli_text().contains("escapes the layer root"), "{}", err.cli_text());
    assert_eq!(lines.iter().filter(|l| l.ends_with("Pull complete")).count(), 1, "the good layer was unpacked first");
    assert!(k.layers.is_empty(), "and removed again");
    assert!(k.content.list().unwrap().is_empty());
    assert!(db(&mut k).ids().unwrap().is_empty());
}

#[test]
fn push_round_trips_through_a_local_registry_keeping_sizes() {
    let mut hub = MemoryRegistry::hub();
    let (hub_digest, id) = seed(&mut hub, "library/busybox", "latest", &[("bin/busybox", "x")], &[Some(4_261_550)]);
    let mut regs = Registries::with_hub(hub);
    regs.insert("localhost:5000", Box::new(MemoryRegistry::new()));
    let mut k = StoreKernel::default();
    run_pull(&mut k, &mut regs, "busybox").0.unwrap();
    db(&mut k).set_loaded_tag(&r("localhost:5000/busybox:1.35"), &id).unwrap();
    let diff = db(&mut k).get(&id).unwrap().layers[0].diff_id.short();

    let (res, lines) = run_push(&mut k, &mut regs, "localhost:5000/busybox:1.35");
    let pushed = res.unwrap();
    assert_eq!(pushed.manifest_digest, hub_digest, "the same manifest bytes as the Hub's");
    assert_eq!(
        lines,
        [
            "The push refers to repository [localhost:5000/busybox]".to_string(),
            format!("{diff}: Preparing"),
            format!("{diff}: Pushed"),
            format!("1.35: digest: {hub_digest} size: {}", pushed.manifest_size),
        ]
    );
    let (_, again) = run_push(&mut k, &mut regs, "localhost:5000/busybox:1.35");
    assert_eq!(again[2], format!("{diff}: Layer already exists"));

    let mut fresh = StoreKernel::default();
    let (res, _) = run_pull(&mut fresh, &mut regs, "localhost:5000/busybox:1.35");
    assert_eq!(res.unwrap().id, id);
    assert_eq!(db(&mut fresh).get(&id).unwrap().size(), 4_261_550);
}

#[test]
fn pushing_to_the_hub_needs_a_login_to_your_namespace() {
    let mut hub = MemoryRegistry::hub();
    let (_, id) = seed(&mut hub, "library/busybox", "latest", &[("a", "1")], &[]);
    let mut regs = Registries::with_hub(hub);
    let mut k = StoreKernel::default();
    run_pull(&mut k, &mut regs, "busybox").0.unwrap();
    db(&mut k).set_loaded_tag(&r("learner/mine"), &id).unwrap();

    let (res, lines) = run_push(&mut k, &mut regs, "learner/mine");
    assert_eq!(res.unwrap_err().cli_text(), "denied: requested access to the resource is denied");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0], "The push refers to repository [docker.io/learner/mine]");
    assert!(lines[1].ends_with(": Preparing"));

    let (res, lines) = run_push(&mut k, &mut regs, "localhost:5000/nothere");
    assert_eq!(res.unwrap_err().cli_text(), "An image does not exist locally with the tag: localhost:5000/nothere");
    assert_eq!(lines, ["The push refers to repository [localhost:5000/nothere]"]);

    assert_eq!(regs.login("docker.io", "learner", "secret"), Ok("Login Succeeded"));
    let (res, lines) = run_push(&mut k, &mut regs, "learner/mine");
    res.unwrap();
    assert!(lines.last().unwrap().starts_with("latest: digest: sha256:"));
    assert_eq!(regs.logout("docker.io"), "Removing login credentials for https://index.docker.io/v1/");
    assert_eq!(regs.logout("docker.io"), "Not logged in to https://index.docker.io/v1/");
    let (mut pulled, _) = run_pull(&mut StoreKernel::default(), &mut regs, "learner/mine");
    assert_eq!(pulled.as_mut().unwrap().id, id);
}

#[test]
fn search_matches_names_and_descriptions_by_stars() {
    let mut hub = MemoryRegistry::hub();
    hub.set_search_info("library/nginx", "Official build of Nginx.", 20_000, true);
    hub.set_search_info("bitnami/nginx", "Bitnami container image for NGINX", 190, false);
    hub.set_search_info("library/redis", "Redis is the world's fastest data platform", 13_000, true);
    let names: Vec<String> = hub.search("nginx").into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["nginx", "bitnami/nginx"]);
}

/// A lazily stocked repository is made once, when a manifest of it is first asked for; the
/// others wait.
#[test]
fn a_lazily_stocked_repository_is_made_at_its_first_use() {
    fn stock(reg: &mut MemoryRegistry, repo: &str) {
        // A second call for the same repository would add a second tag: the test sees it.
        let tag = if reg.catalog().iter().any(|(name, _)| name == repo) { "again" } else { "latest" };
        seed(reg, repo, tag, &[("etc/name", repo)], &[None]);
    }
    let mut hub = MemoryRegistry::hub();
    hub.stock_lazily(&["library/alpine", "library/busybox"], stock);
    assert!(hub.catalog().is_empty());
    for _ in 0..2 {
        assert!(hub.manifest("library/alpine", ManifestRef::Tag("latest")).is_ok());
    }
    assert!(matches!(hub.manifest("library/nothere", ManifestRef::Tag("latest")), Err(RegistryError::Denied)), "what it does not stock stays unknown");
    assert_eq!(hub.catalog(), [("library/alpine".to_string(), vec!["latest".to_string()])]);
    hub.stock_all();
    assert_eq!(hub.catalog().len(), 2);
}
