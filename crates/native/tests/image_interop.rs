//! Interoperability of `wharf load`/`save` with the tools of the OCI world, and the exact output
//! of `wharf images`, `history` and `image inspect` on the result.
//!
//! A busybox image is built without a registry (recipe: `shared/recipes/native-linux.md`):
//! a root filesystem around `/bin/busybox`, packed into an OCI layout by `umoci`. Then:
//! 1. `wharf save` output is accepted by `skopeo inspect` and `skopeo copy docker-archive:`;
//! 2. the layouts written by umoci and by skopeo load into wharf with the image IDs those tools
//!    recorded (the config digests in their manifests);
//! 3. `images`, `history` and `image inspect` print the expected text.
//!
//! Without `skopeo`, `umoci` or busybox the test prints `SKIPPED (needs ...)` and passes.

#[path = "support/busybox_root.rs"]
mod busybox_root;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use wharf_engine::api::GoTime;
use wharf_engine::cli::units::{human_size, time_ago};
use wharf_engine::digest::Digest;
use wharf_engine::image::oci::chain_ids;

const BUSYBOX: &str = "/bin/busybox";
const CREATED: &str = "2020-01-01T00:00:01Z";
const ADD_STEP: &str = "/bin/sh -c #(nop) ADD file:busybox-rootfs in / ";
const CMD_STEP: &str = "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]";

struct Out {
    stdout: String,
    stderr: String,
    code: i32,
}

fn wharf(root: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(root).args(args).output().expect("run wharf");
    Out { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned(), code: out.status.code().unwrap_or(-1) }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The recipe's root filesystem; returns Docker's size of it (its regular files' bytes).
fn make_rootfs(dir: &Path) -> u64 {
    busybox_root::populate_with(dir, &["bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root", "home"]);
    let passwd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    let group = "root:x:0:\nnogroup:x:65534:\n";
    fs::write(dir.join("etc/passwd"), passwd).unwrap();
    fs::write(dir.join("etc/group"), group).unwrap();
    fs::metadata(BUSYBOX).unwrap().len() + passwd.len() as u64 + group.len() as u64
}

/// Tars the contents of `dir` (an OCI layout) as `docker load` expects an archive.
fn tar_dir(dir: &Path, out: &Path) {
    run("tar", &["-C", dir.to_str().unwrap(), "-cf", out.to_str().unwrap(), "."]);
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// The config digest of the single image of an OCI layout: the image ID Docker would give it.
fn layout_image_id(layout: &Path) -> String {
    let index = read_json(&layout.join("index.json"));
    let manifest_digest = index["manifests"][0]["digest"].as_str().unwrap().trim_start_matches("sha256:").to_string();
    let manifest = read_json(&layout.join("blobs/sha256").join(manifest_digest));
    manifest["config"]["digest"].as_str().unwrap().to_string()
}

/// Go tabwriter rows with Docker's minimum width 10 and padding 3 (the last cell unpadded).
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows[0].len();
    let widths: Vec<usize> = (0..cols - 1).map(|c| rows.iter().map(|r| r[c].chars().count() + 3).max().unwrap().max(10)).collect();
    let mut out = String::new();
    for r in rows {
        for (c, cell) in r.iter().enumerate() {
            if c + 1 < cols {
                out.push_str(&format!("{cell:<w$}", w = widths[c]));
            } else {
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}

fn now_nanos() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as i64
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    size: u64,
}

/// A busybox OCI layout at `DIR/umoci`, image `busybox`, dated 2020.
fn umoci_layout() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let layout = dir.join("umoci");
    let image = format!("{}:busybox", layout.display());
    let bundle = dir.join("bundle");
    run("umoci", &["init", "--layout", layout.to_str().unwrap()]);
    run("umoci", &["new", "--image", &image]);
    run("umoci", &["unpack", "--rootless", "--image", &image, bundle.to_str().unwrap()]);
    let size = make_rootfs(&bundle.join("rootfs"));
    run("umoci", &["repack", "--image", &image, "--history.created", "2020-01-01T00:00:00Z", "--history.created_by", ADD_STEP, "--history.comment", "Imported from -", bundle.to_str().unwrap()]);
    run("umoci", &["config", "--image", &image, "--config.cmd", "/bin/sh", "--created", CREATED, "--history.created", CREATED, "--history.created_by", CMD_STEP]);
    Fixture { _tmp: tmp, dir, size }
}

#[test]
fn wharf_interoperates_with_skopeo_and_umoci() {
    for (tool, ok) in [("skopeo", have("skopeo")), ("umoci", have("umoci")), ("busybox", Path::new(BUSYBOX).exists())] {
        if !ok {
            println!("SKIPPED (needs {tool}): wharf_interoperates_with_skopeo_and_umoci");
            return;
        }
    }
    let fx = umoci_layout();
    let root = fx.dir.join("root");

    // (2) umoci's layout loads with umoci's image ID.
    let umoci_tar = fx.dir.join("umoci.tar");
    tar_dir(&fx.dir.join("umoci"), &umoci_tar);
    let load = wharf(&root, &["load", "-i", umoci_tar.to_str().unwrap()]);
    assert_eq!((load.stdout.as_str(), load.stderr.as_str(), load.code), ("Loaded image: busybox:latest\n", "", 0));
    let id = layout_image_id(&fx.dir.join("umoci"));
    assert_eq!(wharf(&root, &["image", "inspect", "-f", "{{.Id}}", "busybox"]).stdout, format!("{id}\n"));

    // (1) skopeo reads what wharf saves, and converts it.
    let saved = fx.dir.join("saved.tar");
    let save = wharf(&root, &["save", "-o", saved.to_str().unwrap(), "busybox"]);
    assert_eq!((save.stdout.as_str(), save.stderr.as_str(), save.code), ("", "", 0));
    let to_stdout = Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(&root).args(["save", "busybox"]).output().unwrap();
    assert_eq!(to_stdout.stdout, fs::read(&saved).unwrap(), "stdout, when not a terminal, gets the same archive");
    let archive = format!("docker-archive:{}", saved.display());
    let raw: Value = serde_json::from_str(&run("skopeo", &["inspect", "--raw", &archive])).unwrap();
    assert_eq!(raw["config"]["digest"], id.as_str(), "skopeo sees wharf's image ID");
    let inspect: Value = serde_json::from_str(&run("skopeo", &["inspect", &archive])).unwrap();
    assert_eq!(inspect["Created"], CREATED);
    let skopeo_oci = fx.dir.join("skopeo-oci");
    run("skopeo", &["copy", &archive, &format!("oci:{}:busybox", skopeo_oci.display())]);

    // (2) skopeo's layout loads with skopeo's image ID (skopeo rewrites the config).
    let skopeo_tar = fx.dir.join("skopeo-oci.tar");
    tar_dir(&skopeo_oci, &skopeo_tar);
    let root2 = fx.dir.join("root2");
    let load = wharf(&root2, &["load", "-i", skopeo_tar.to_str().unwrap()]);
    assert_eq!((load.stdout.as_str(), load.code), ("Loaded image: busybox:latest\n", 0));
    let skopeo_id = layout_image_id(&skopeo_oci);
    assert_eq!(wharf(&root2, &["image", "inspect", "--format", "{{.Id}}", "busybox:latest"]).stdout, format!("{skopeo_id}\n"));

    // wharf's own archive loads back to the same image, from stdin too.
    let root3 = fx.dir.join("root3");
    let piped = Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(&root3).arg("load").stdin(fs::File::open(&saved).unwrap()).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stdout), "Loaded image: busybox:latest\n");
    assert_eq!(wharf(&root3, &["images", "-q", "--no-trunc"]).stdout, format!("{id}\n"));

    // (3) images, history and inspect print Docker's text.
    let now = now_nanos();
    let ago = |t: &str| time_ago(GoTime::parse(t).unwrap().unix_nanos(), now);
    let short = &id["sha256:".len()..][..12];
    let images = wharf(&root, &["images"]);
    let expected = table(&[
        vec!["REPOSITORY".into(), "TAG".into(), "IMAGE ID".into(), "CREATED".into(), "SIZE".into()],
        vec!["busybox".into(), "latest".into(), short.into(), ago(CREATED), human_size(fx.size)],
    ]);
    assert_eq!(images.stdout, expected);
    assert_eq!(wharf(&root, &["image", "ls", "busy*"]).stdout, expected);
    assert_eq!(wharf(&root, &["images", "nosuch"]).stdout, "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");

    let history = wharf(&root, &["history", "busybox"]);
    let expected = table(&[
        vec!["IMAGE".into(), "CREATED".into(), "CREATED BY".into(), "SIZE".into(), "COMMENT".into()],
        vec![short.into(), ago(CREATED), CMD_STEP.into(), "0B".into(), String::new()],
        // Docker cuts CREATED BY at 45 columns, the last one an ellipsis.
        vec!["<missing>".into(), ago("2020-01-01T00:00:00Z"), "/bin/sh -c #(nop) ADD file:busybox-rootfs in…".into(), human_size(fx.size), "Imported from -".into()],
    ]);
    assert_eq!(history.stdout, expected);

    let config = read_json(&fx.dir.join("umoci/blobs/sha256").join(&id["sha256:".len()..]));
    let diff_ids: Vec<Digest> = serde_json::from_value(config["rootfs"]["diff_ids"].clone()).unwrap();
    let layer_dir = format!("{}/overlay2/{}", root.display(), chain_ids(&diff_ids)[0].hex());
    let inspect = wharf(&root, &["image", "inspect", "busybox"]);
    let expected_inspect = include_str!("image_interop/inspect-busybox.json")
        .replace("@ID@", &id)
        .replace("@DIFF@", &diff_ids[0].to_string())
        .replace("@SIZE@", &fx.size.to_string())
        .replace("@DIR@", &layer_dir);
    assert_eq!(inspect.stdout, expected_inspect);
}

#[test]
fn docker_errors_and_hostile_archives() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let inspect = wharf(&root, &["image", "inspect", "nosuch"]);
    assert_eq!((inspect.stdout.as_str(), inspect.stderr.as_str(), inspect.code), ("[]\n", "Error response from daemon: No such image: nosuch:latest\n", 1));
    let history = wharf(&root, &["history", "nosuch"]);
    assert_eq!((history.stderr.as_str(), history.code), ("Error response from daemon: No such image: nosuch:latest\n", 1));
    let save = wharf(&root, &["save", "-o", tmp.path().join("x.tar").to_str().unwrap(), "nosuch:1"]);
    assert_eq!((save.stderr.as_str(), save.code), ("Error response from daemon: reference does not exist\n", 1));
    assert!(!tmp.path().join("x.tar").exists(), "no half archive");
    let missing = wharf(&root, &["load", "-i", "/nonexistent.tar"]);
    assert_eq!((missing.stderr.as_str(), missing.code), ("open /nonexistent.tar: no such file or directory\n", 1));

    // A docker save archive whose layer.tar is a symlink out of the archive.
    let mut b = tar::Builder::new(Vec::new());
    let config = br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]}}"#;
    let manifest = br#"[{"Config":"c.json","RepoTags":["evil:1"],"Layers":["l/layer.tar"]}]"#;
    for (name, data) in [("c.json", &config[..]), ("manifest.json", &manifest[..])] {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, name, data).unwrap();
    }
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    b.append_link(&mut h, "l/layer.tar", "../../../etc/passwd").unwrap();
    let evil = tmp.path().join("evil.tar");
    fs::write(&evil, b.into_inner().unwrap()).unwrap();
    let load = wharf(&root, &["load", "-i", evil.to_str().unwrap()]);
    assert_eq!((load.stdout.as_str(), load.stderr.as_str(), load.code), ("", "invalid archive entry \"l/layer.tar\": symlink escapes the archive\n", 1));
    assert_eq!(fs::read_dir(root.join("blobs/sha256")).unwrap().count(), 0, "no blob stored");
    assert_eq!(wharf(&root, &["images", "-q"]).stdout, "");
}
