//! The same busybox root filesystem run by wharf (`wharf docker run`) and by runc (`runc
//! run`, Debian's package) with the OCI config dockerd 20.10 would hand it: the exit codes,
//! the mount table inside (`/proc/self/mountinfo`, normalised) and the capability sets must
//! agree. Needs root, runc, overlayfs and `/bin/busybox`; otherwise prints `SKIPPED: reason`.

use std::path::Path;
use std::process::Command;

use serde_json::json;

#[path = "support/busybox_root.rs"]
mod busybox_root;

/// Prints the mount table and the capability sets, then exits 3.
const SCRIPT: &str = "cat /proc/self/mountinfo; echo ---; grep ^Cap /proc/self/status; exit 3";

fn skip_reason() -> Option<&'static str> {
    if !rustix::process::geteuid().is_root() {
        return Some("not root");
    }
    if !Path::new("/bin/busybox").exists() {
        return Some("/bin/busybox missing (apt-get install busybox-static)");
    }
    if Command::new("runc").arg("--version").output().is_err() {
        return Some("no runc (apt-get install runc)");
    }
    if !std::fs::read_to_string("/proc/filesystems").unwrap_or_default().contains("overlay") {
        return Some("no overlayfs");
    }
    None
}

/// Docker's default capabilities.
const DOCKER_CAPS: [&str; 14] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
];

/// The OCI config dockerd 20.10 writes for `docker run --network none IMAGE sh -c SCRIPT`
/// (moby `oci.DefaultSpec` plus the container's files), over `rootfs`.
fn docker_like_config(rootfs: &Path, files: &Path) -> serde_json::Value {
    let bind = |name: &str| json!({ "destination": format!("/etc/{name}"), "type": "bind", "source": files.join(name), "options": ["rbind", "rprivate"] });
    json!({
        "ociVersion": "1.0.2",
        "process": {
            "terminal": false, "user": { "uid": 0, "gid": 0 }, "args": ["sh", "-c", SCRIPT],
            "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "cwd": "/",
            // 20.10.14 on: no inheritable set.
            "capabilities": { "bounding": DOCKER_CAPS, "effective": DOCKER_CAPS, "permitted": DOCKER_CAPS },
        },
        "root": { "path": rootfs, "readonly": false },
        "hostname": "ctr",
        "mounts": [
            { "destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"] },
            { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"] },
            { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["ro", "nosuid", "noexec", "nodev"] },
            { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"] },
            { "destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            bind("hosts"), bind("hostname"), bind("resolv.conf"),
        ],
        "linux": {
            "namespaces": [{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }, { "type": "cgroup" }],
            "maskedPaths": ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"],
            "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
        },
    })
}

/// `/proc/self/mountinfo` without what names one run (mount IDs, device numbers, host paths):
/// one line per mount point, sorted. The root keeps only its per-mount options (wharf's is
/// an overlay, runc's the bundle's directory), host files bound in only theirs.
fn normalise(mountinfo: &str) -> Vec<String> {
    let mut out: Vec<String> = mountinfo
        .lines()
        .filter_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let f: Vec<&str> = left.split(' ').collect();
            let r: Vec<&str> = right.split(' ').collect();
            let (point, options) = (f.get(4)?, f.get(5)?);
            Some(match (*point, *r.first()?) {
                ("/", _) => format!("/ {options}"),
                (_, "ext4" | "xfs" | "btrfs") => format!("{point} {options} (host file)"),
                (_, fstype) => format!("{point} {options} {fstype} {} {}", r.get(1)?, r.get(2)?),
            })
        })
        .collect();
    out.sort();
    out
}

/// (exit code, normalised mount table, capability lines) of one run's output.
fn parse(code: Option<i32>, out: &[u8]) -> (Option<i32>, Vec<String>, Vec<String>) {
    let text = String::from_utf8_lossy(out);
    let (mounts, caps) = text.split_once("---\n").unwrap_or((&text, ""));
    (code, normalise(mounts), caps.lines().map(String::from).collect())
}

#[test]
fn wharf_and_runc_run_one_bundle_alike() {
    if let Some(why) = skip_reason() {
        eprintln!("SKIPPED: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (rootfs, files, state) = (dir.path().join("bundle/rootfs"), dir.path().join("files"), dir.path().join("wharf"));
    busybox_root::populate(&rootfs);
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("hosts"), "127.0.0.1\tlocalhost\n").unwrap();
    std::fs::write(files.join("hostname"), "ctr\n").unwrap();
    std::fs::write(files.join("resolv.conf"), "nameserver 192.0.2.53\n").unwrap();

    // wharf: the root as an imported image.
    let tar = dir.path().join("rootfs.tar");
    assert!(Command::new("tar").arg("-C").arg(&rootfs).arg("-cf").arg(&tar).arg(".").status().unwrap().success());
    let wharf = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(&state).args(args).output().unwrap();
    let imported = wharf(&["docker", "import", tar.to_str().unwrap(), "bb"]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let ran = wharf(&["docker", "run", "--rm", "--network", "none", "--hostname", "ctr", "bb", "sh", "-c", SCRIPT]);
    let by_wharf = parse(ran.status.code(), &ran.stdout);

    // runc: the same root as a bundle.
    let bundle = dir.path().join("bundle");
    std::fs::write(bundle.join("config.json"), serde_json::to_vec_pretty(&docker_like_config(&rootfs, &files)).unwrap()).unwrap();
    let id = format!("wharf-parity-{}", std::process::id());
    let ran = Command::new("runc").arg("run").arg("--bundle").arg(&bundle).arg(&id).output().unwrap();
    let _ = Command::new("runc").args(["delete", "--force", &id]).output();
    let by_runc = parse(ran.status.code(), &ran.stdout);

    assert_eq!(by_wharf.0, Some(3), "wharf's exit code");
    assert_eq!(by_runc.0, Some(3), "runc's exit code: {}", String::from_utf8_lossy(&ran.stderr));
    assert_eq!(by_wharf.2, by_runc.2, "capability sets");
    assert_eq!(by_wharf.2.iter().find(|l| l.starts_with("CapInh")).map(String::as_str), Some("CapInh:\t0000000000000000"));
    assert!(by_runc.1.len() > 10, "{:?}", by_runc.1);
    assert_eq!(by_wharf.1, by_runc.1, "mount tables (wharf left, runc right)");
}

#[test]
fn normalising_keeps_what_a_runtime_chooses() {
    let a = "69 46 0:39 / / rw,relatime - overlay overlay rw,lowerdir=/x\n84 69 254:0 /tmp/a/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw\n72 71 0:44 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755\n";
    let b = "65 43 254:0 /tmp/b/rootfs / rw,relatime - ext4 /dev/vda rw\n70 69 0:45 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755\n82 65 254:0 /tmp/b/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw\n";
    assert_eq!(normalise(a), normalise(b));
    let c = b.replace("rw,mode=755", "rw,mode=700");
    assert_ne!(normalise(a), normalise(&c));
}
