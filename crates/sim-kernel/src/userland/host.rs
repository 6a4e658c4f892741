//! The host machine: a Debian 12 (bookworm) disk and the boot that mounts `/proc`, `/sys` and
//! the cgroup hierarchy on it.
//!
//! The tree is what a learner pokes at before any container exists: merged `/usr` (`/bin` is
//! a symlink to `usr/bin`), the userland's executables with their real sizes and library
//! needs (so `ls -l /bin/ls`, `ldd /bin/bash` and copying a binary into a chroot behave), the
//! shared libraries, `/etc` with the account databases, and device nodes in `/dev`.

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FileKind, FsWrite};

use super::coreutils::elf::{self, LIBS};
use super::coreutils::timefmt::timegm;
use crate::sim::Sim;
use crate::vfs::{Filesystem, FsKind, Mount};

/// The host's name, also in `/etc/hostname`.
pub const HOSTNAME: &str = "wharf";

/// An executable of the host: name, directory, program it runs, size, libraries.
type Bin = (&'static str, &'static str, &'static str, usize, &'static [&'static str]);

const C: &[&str] = &["libc.so.6"];
const SEL: &[&str] = &["libselinux.so.1", "libc.so.6", "libpcre2-8.so.0"];
const ACL: &[&str] = &["libselinux.so.1", "libacl.so.1", "libattr.so.1", "libc.so.6", "libpcre2-8.so.0"];
const MNT: &[&str] = &["libmount.so.1", "libselinux.so.1", "libc.so.6", "libblkid.so.1", "libpcre2-8.so.0"];
const PROC: &[&str] = &["libproc2.so.0", "libc.so.6", "libsystemd.so.0"];
const SHADOW: &[&str] = &["libaudit.so.1", "libselinux.so.1", "libc.so.6", "libcap-ng.so.0", "libpcre2-8.so.0"];

/// Every executable on the host, with Debian 12's sizes (`stat -c %s`) and `ldd` lists.
pub const BINS: &[Bin] = &[
    ("bash", "usr/bin", "sh", 1_265_648, &["libtinfo.so.6", "libc.so.6"]),
    ("dash", "usr/bin", "sh", 125_640, C),
    ("ls", "usr/bin", "ls", 151_344, SEL),
    ("cat", "usr/bin", "cat", 44_016, C),
    ("echo", "usr/bin", "echo", 43_856, C),
    ("printf", "usr/bin", "printf", 64_432, C),
    ("mkdir", "usr/bin", "mkdir", 97_552, SEL),
    ("rm", "usr/bin", "rm", 72_752, C),
    ("rmdir", "usr/bin", "rmdir", 56_240, C),
    ("touch", "usr/bin", "touch", 109_616, C),
    ("cp", "usr/bin", "cp", 151_152, ACL),
    ("mv", "usr/bin", "mv", 142_968, ACL),
    ("ln", "usr/bin", "ln", 72_824, C),
    ("chmod", "usr/bin", "chmod", 64_496, C),
    ("chown", "usr/bin", "chown", 72_752, C),
    ("chgrp", "usr/bin", "chgrp", 68_656, C),
    ("pwd", "usr/bin", "pwd", 43_952, C),
    ("env", "usr/bin", "env", 48_536, C),
    ("sleep", "usr/bin", "sleep", 43_888, C),
    ("ps", "usr/bin", "ps", 146_360, PROC),
    ("top", "usr/bin", "top", 134_736, &["libproc2.so.0", "libtinfo.so.6", "libc.so.6", "libsystemd.so.0"]),
    ("kill", "usr/bin", "kill", 22_840, C),
    ("hostname", "usr/bin", "hostname", 22_680, C),
    ("hostnamectl", "usr/bin", "hostnamectl", 31_104, &["libsystemd.so.0", "libc.so.6"]),
    ("id", "usr/bin", "id", 48_144, SEL),
    ("whoami", "usr/bin", "whoami", 39_792, C),
    ("uname", "usr/bin", "uname", 43_888, C),
    ("mount", "usr/bin", "mount", 59_704, MNT),
    ("umount", "usr/bin", "umount", 35_128, MNT),
    ("df", "usr/bin", "df", 102_200, C),
    ("du", "usr/bin", "du", 175_440, C),
    ("head", "usr/bin", "head", 48_080, C),
    ("tail", "usr/bin", "tail", 76_944, C),
    ("grep", "usr/bin", "grep", 203_152, &["libpcre2-8.so.0", "libc.so.6"]),
    ("sed", "usr/bin", "sed", 126_424, ACL),
    ("wc", "usr/bin", "wc", 52_280, C),
    ("sort", "usr/bin", "sort", 118_456, C),
    ("tr", "usr/bin", "tr", 56_208, C),
    ("cut", "usr/bin", "cut", 48_112, C),
    ("base64", "usr/bin", "base64", 48_016, C),
    ("date", "usr/bin", "date", 121_904, C),
    ("true", "usr/bin", "true", 35_664, C),
    ("false", "usr/bin", "false", 35_664, C),
    ("test", "usr/bin", "test", 60_304, C),
    ("[", "usr/bin", "[", 68_496, C),
    ("unshare", "usr/bin", "unshare", 84_520, C),
    ("nsenter", "usr/bin", "nsenter", 35_368, SEL),
    ("stat", "usr/bin", "stat", 97_488, SEL),
    ("readlink", "usr/bin", "readlink", 52_112, C),
    ("realpath", "usr/bin", "realpath", 52_144, C),
    ("basename", "usr/bin", "basename", 43_856, C),
    ("dirname", "usr/bin", "dirname", 39_760, C),
    ("seq", "usr/bin", "seq", 60_336, C),
    ("yes", "usr/bin", "yes", 39_760, C),
    ("tee", "usr/bin", "tee", 43_984, C),
    ("xargs", "usr/bin", "xargs", 72_136, C),
    ("find", "usr/bin", "find", 224_848, &["libselinux.so.1", "libm.so.6", "libc.so.6", "libpcre2-8.so.0"]),
    ("clear", "usr/bin", "clear", 14_584, &["libtinfo.so.6", "libc.so.6"]),
    ("ldd", "usr/bin", "ldd", 5_407, &[]),
    ("which", "usr/bin", "which", 946, &[]),
    ("chroot", "usr/sbin", "chroot", 48_112, C),
    ("pivot_root", "usr/sbin", "pivot_root", 14_648, C),
    ("useradd", "usr/sbin", "useradd", 159_536, SHADOW),
    ("groupadd", "usr/sbin", "groupadd", 101_416, SHADOW),
    ("adduser", "usr/sbin", "adduser", 48_382, &[]),
    ("addgroup", "usr/sbin", "addgroup", 48_382, &[]),
    ("debootstrap", "usr/sbin", "debootstrap", 24_473, &[]),
    ("apt", "usr/bin", "apt", 18_824, C),
    ("apt-get", "usr/bin", "apt-get", 14_728, C),
    ("dpkg", "usr/bin", "dpkg", 310_880, SEL),
    ("dpkg-query", "usr/bin", "dpkg-query", 150_928, SEL),
];

/// When the packages were built: what `ls -l /usr/bin` shows (Sep 20 2022, coreutils 9.1).
fn package_time() -> i64 {
    timegm(2022, 9, 20, 14, 15, 0)
}

/// When the system was installed: `/etc` and the directories.
fn install_time() -> i64 {
    timegm(2025, 12, 1, 9, 30, 0)
}

fn attrs(mode: u32, mtime: i64) -> Attrs {
    Attrs { mode, uid: 0, gid: 0, mtime }
}

/// Creates a directory (mtime: install time); shared with the images' trees.
pub(crate) fn dir(fs: &mut MemFs, path: &str, mode: u32) {
    let _ = fs.mkdir(path, &attrs(mode, install_time()));
}

/// Writes a file (mtime: install time).
pub(crate) fn file(fs: &mut MemFs, path: &str, mode: u32, data: &[u8]) {
    let _ = fs.write_file(path, &attrs(mode, install_time()), &mut &data[..]);
}

/// Makes a symlink.
pub(crate) fn link(fs: &mut MemFs, path: &str, target: &str) {
    let _ = fs.symlink(path, target, &attrs(0o777, install_time()));
}

/// The account database of Debian's base system.
pub(crate) const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
";

/// The group database; also used for the trees `debootstrap` writes.
pub const GROUP: &str = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nuucp:x:10:\nman:x:12:\nproxy:x:13:\nkmem:x:15:\ndialout:x:20:\nfax:x:21:\nvoice:x:22:\ncdrom:x:24:\nfloppy:x:25:\ntape:x:26:\nsudo:x:27:\naudio:x:29:\ndip:x:30:\nwww-data:x:33:\nbackup:x:34:\noperator:x:37:\nlist:x:38:\nirc:x:39:\nsrc:x:40:\nshadow:x:42:\nutmp:x:43:\nvideo:x:44:\nsasl:x:45:\nplugdev:x:46:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n";

const OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"
NAME=\"Debian GNU/Linux\"
VERSION_ID=\"12\"
VERSION=\"12 (bookworm)\"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL=\"https://www.debian.org/\"
SUPPORT_URL=\"https://www.debian.org/support\"
BUG_REPORT_URL=\"https://bugs.debian.org/\"
";

/// Writes the parts of a Debian root shared by the host and `debootstrap`'s trees: the
/// merged-`/usr` skeleton, `/etc`, `/dev` nodes, the libraries and the executables in `bins`.
pub fn debian_base(fs: &mut MemFs, hostname: &str, bins: &[Bin]) {
    debian_root(fs, &DebianRoot { hostname: Some(hostname), devices: true, real_sizes: true }, bins);
}

/// Which parts of a Debian root [`debian_root`] writes. The host and `debootstrap` write a
/// full installation; an image's root (`crate::images`) has no device nodes (Docker makes
/// `/dev`, and layers may not carry devices), no `/etc/hostname`, `/etc/hosts` or
/// `/etc/resolv.conf` (Docker mounts its own), and binaries and libraries of marker size
/// (the image's size is carried by its layer records instead).
#[derive(Debug, Clone, Copy)]
pub struct DebianRoot<'a> {
    /// Write `/etc/hostname` and `/etc/hosts` for this name.
    pub hostname: Option<&'a str>,
    /// Make the `/dev` nodes.
    pub devices: bool,
    /// Pad executables and libraries to Debian's sizes.
    pub real_sizes: bool,
}

/// Writes a Debian root as `opts` says, with the executables in `bins`.
pub fn debian_root(fs: &mut MemFs, opts: &DebianRoot<'_>, bins: &[Bin]) {
    for d in [
        "usr", "usr/bin", "usr/sbin", "usr/lib", "usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/local", "usr/local/bin", "usr/local/sbin",
        "usr/share", "usr/share/doc", "usr/share/man", "usr/include", "usr/games", "usr/src", "etc", "etc/apt", "etc/default", "etc/skel", "home", "root",
        "var", "var/lib", "var/lib/apt", "var/lib/dpkg", "var/log", "var/cache", "var/cache/apt", "var/backups", "var/mail", "var/opt",
        "var/spool", "var/local", "boot", "media", "mnt", "opt", "srv", "run", "proc", "sys", "dev", "dev/pts", "dev/shm",
    ] {
        dir(fs, d, 0o755);
    }
    let _ = fs.set_attrs("", &attrs(0o755, install_time()));
    let _ = fs.set_attrs("root", &attrs(0o700, install_time()));
    dir(fs, "tmp", 0o1777);
    dir(fs, "var/tmp", 0o1777);
    dir(fs, "run/lock", 0o1777);
    for (l, t) in [("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"), ("lib64", "usr/lib64"), ("var/run", "/run"), ("var/lock", "/run/lock")] {
        link(fs, l, t);
    }
    let devices: &[(&str, u32, u32)] = if opts.devices { &[("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0), ("console", 5, 1), ("ptmx", 5, 2)] } else { &[] };
    for &(name, maj, min) in devices {
        let mode = if name == "console" { 0o600 } else { 0o666 };
        let _ = fs.mknod(&format!("dev/{name}"), FileKind::CharDevice, (maj, min), &attrs(mode, install_time()));
    }
    for (l, t) in [("dev/fd", "/proc/self/fd"), ("dev/stdin", "/proc/self/fd/0"), ("dev/stdout", "/proc/self/fd/1"), ("dev/stderr", "/proc/self/fd/2")] {
        link(fs, l, t);
    }
    if let Some(hostname) = opts.hostname {
        file(fs, "etc/hostname", 0o644, format!("{hostname}\n").as_bytes());
        file(fs, "etc/hosts", 0o644, format!("127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n").as_bytes());
    }
    file(fs, "etc/passwd", 0o644, PASSWD.as_bytes());
    file(fs, "etc/group", 0o644, GROUP.as_bytes());
    let shadow: String = PASSWD.lines().filter_map(|l| l.split(':').next()).map(|u| format!("{u}:*:20423:0:99999:7:::\n")).collect();
    let _ = fs.write_file("etc/shadow", &Attrs { mode: 0o640, uid: 0, gid: 42, mtime: install_time() }, &mut shadow.as_bytes());
    file(fs, "etc/os-release", 0o644, OS_RELEASE.as_bytes());
    link(fs, "usr/lib/os-release", "../../etc/os-release");
    file(fs, "etc/debian_version", 0o644, b"12.8\n");
    file(fs, "etc/issue", 0o644, b"Debian GNU/Linux 12 \\n \\l\n\n");
    file(fs, "etc/shells", 0o644, b"# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n");
    if opts.hostname.is_some() {
        file(fs, "etc/resolv.conf", 0o644, b"nameserver 10.0.2.3\n");
    }
    file(fs, "etc/fstab", 0o644, b"# /etc/fstab: static file system information.\n/dev/sda1\t/\text4\terrors=remount-ro\t0\t1\n");
    file(fs, "etc/default/useradd", 0o644, b"SHELL=/bin/sh\n");
    file(fs, "etc/skel/.bashrc", 0o644, b"# ~/.bashrc: executed by bash(1) for non-login shells.\n");
    file(fs, "etc/skel/.profile", 0o644, b"# ~/.profile: executed by the command interpreter for login shells.\n");
    file(fs, "root/.bashrc", 0o644, b"# ~/.bashrc: executed by bash(1) for non-login shells.\n");
    file(fs, "root/.profile", 0o644, b"# ~/.profile: executed by Bourne-compatible login shells.\n");
    link(fs, "etc/mtab", "../proc/self/mounts");
    for (soname, real, size) in LIBS {
        let path = format!("usr/lib/x86_64-linux-gnu/{real}");
        let mode = if soname.starts_with("libc.") || soname.starts_with("ld-") { 0o755 } else { 0o644 };
        let size = if opts.real_sizes { size } else { 0 };
        let _ = fs.write_file(&path, &attrs(mode, package_time()), &mut &elf::shared_object(soname, size)[..]);
        if soname != real {
            link(fs, &format!("usr/lib/x86_64-linux-gnu/{soname}"), real);
        }
    }
    link(fs, "usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    for (name, d, program, size, libs) in bins {
        let data = elf::binary(program, if opts.real_sizes { *size } else { 0 }, libs);
        let _ = fs.write_file(&format!("{d}/{name}"), &attrs(0o755, package_time()), &mut &data[..]);
    }
    link(fs, "usr/bin/sh", "dash");
    file(fs, "usr/bin/egrep", 0o755, b"#!/bin/sh\nexec grep -E \"$@\"\n");
    file(fs, "usr/bin/fgrep", 0o755, b"#!/bin/sh\nexec grep -F \"$@\"\n");
}

/// The host's disk.
pub fn tree() -> MemFs {
    let mut fs = MemFs::new();
    debian_base(&mut fs, HOSTNAME, BINS);
    for d in ["var/lib/docker", "usr/share/debootstrap", "usr/share/debootstrap/scripts"] {
        dir(&mut fs, d, 0o755);
    }
    let _ = fs.set_attrs("var/lib/docker", &attrs(0o710, install_time()));
    // The host's network tools (curl, iputils-ping, iproute2, netcat-openbsd): on the host
    // only, so the Debian images (and their pinned digests) stay as they were.
    for (name, program, size) in [("curl", "curl", 293_504), ("ping", "ping", 89_768), ("getent", "getent", 35_208), ("nc", "nc", 39_968), ("ip", "ip", 772_352)] {
        let data = elf::binary(program, size, C);
        let _ = fs.write_file(&format!("usr/bin/{name}"), &attrs(0o755, package_time()), &mut &data[..]);
    }
    // apt: the host has been updated before (its lists are there) and has apt-utils.
    for d in ["var/lib/apt/lists", "var/lib/dpkg/info", "usr/share/doc/apt-utils"] {
        dir(&mut fs, d, 0o755);
    }
    file(&mut fs, "var/lib/dpkg/status", 0o644, super::pkg::base::host_dpkg_status().as_bytes());
    for (path, data) in super::pkg::apt::index_files(false, "bookworm") {
        file(&mut fs, path.trim_start_matches('/'), 0o644, data.as_bytes());
    }
    // The course's example apps, as if its project files had been cloned.
    crate::images::programs::app::course::install(&mut fs, "root/apps", install_time());
    // Docker (the host's, not the images'): its binaries are tens of megabytes, and their
    // padding is left out to keep boot light.
    for name in ["docker", "dockerd", "docker-init", "docker-compose"] {
        file(&mut fs, &format!("usr/bin/{name}"), 0o755, &crate::program::executable(name, 0));
    }
    fs
}

fn sysfs() -> MemFs {
    let mut fs = MemFs::new();
    let boot = attrs(0o755, crate::sim::BOOT_TIME / 1_000_000_000);
    let _ = fs.set_attrs("", &attrs(0o555, boot.mtime));
    for d in ["block", "bus", "class", "dev", "devices", "firmware", "fs", "fs/cgroup", "kernel", "module", "power"] {
        let _ = fs.mkdir(d, &boot);
    }
    fs
}

fn tmpfs(dirs: &[&str], mode: u32) -> MemFs {
    let mut fs = MemFs::new();
    let _ = fs.set_attrs("", &attrs(mode, install_time()));
    for d in dirs {
        dir(&mut fs, d, 0o1777);
    }
    fs
}

/// The PID the first process after init gets: what a Debian host's login shell typically has.
pub const FIRST_LOGIN_PID: u32 = 1021;

/// `containerd`'s and `dockerd`'s PIDs: started by systemd early in boot, containerd first
/// (docker.service depends on it), as on a real host.
const CONTAINERD_PID: u32 = 598;
const DOCKERD_PID: u32 = 612;

/// Boots the host: its disk, every program of the userland, `/proc`, `/sys`,
/// `/sys/fs/cgroup` and tmpfs on `/run` and `/dev/shm`, and the hostname from `/etc/hostname`.
/// The only process running is init (PID 1), which adopts and reaps orphans as systemd does;
/// the PIDs after it are left to the daemons a real host starts, so the login shell the
/// runner starts gets an ordinary-looking PID.
pub fn boot(seed: u64) -> Sim {
    let mut sim = Sim::boot(tree(), seed, super::programs());
    // Without a PID 1 orphans would have no parent, and the shell would be PID 1.
    if let Ok(init) = sim.start(&["/sbin/init"], |p| {
        Box::pin(async move {
            // The kernel reaps init's children for it (see `Machine::exit`); init only lives,
            // waiting on nothing (no timer, so it never moves the clock).
            let _keep = p;
            std::future::pending::<i32>().await
        })
    }) {
        let mut m = sim.machine().borrow_mut();
        m.collected.remove(&init);
        m.host_init = Some(init);
        // A daemon: no terminal.
        if let Ok(p) = m.proc_mut(init) {
            p.fds.clear();
        }
        m.pid_namespaces[0].next = CONTAINERD_PID;
        let _ = m.insert_idle_daemon(&["/usr/bin/containerd"]);
        m.pid_namespaces[0].next = DOCKERD_PID;
    }
    super::docker::install_daemon(sim.machine());
    let dockerd = ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"];
    if let Ok(pid) = sim.start(&dockerd, super::docker::dockerd) {
        let mut m = sim.machine().borrow_mut();
        // systemd's child: init reaps it when it is killed.
        m.collected.remove(&pid);
        let init = m.host_init;
        if let Ok(p) = m.proc_mut(pid) {
            p.fds.clear();
            p.ppid = init.unwrap_or(0);
        }
        m.pid_namespaces[0].next = FIRST_LOGIN_PID;
    }
    {
        let mut m = sim.machine().borrow_mut();
        let ns = m.host_mnt;
        let mounts: [(&str, &str, FsKind); 5] = [
            ("proc", "/proc", FsKind::Proc { pid_ns: 0 }),
            ("sysfs", "/sys", FsKind::Tree(Box::new(sysfs()))),
            ("cgroup2", "/sys/fs/cgroup", FsKind::Cgroup2),
            ("tmpfs", "/run", FsKind::Tree(Box::new(tmpfs(&["lock"], 0o755)))),
            ("tmpfs", "/dev/shm", FsKind::Tree(Box::new(tmpfs(&[], 0o1777)))),
        ];
        for (fstype, at, kind) in mounts {
            let source = if fstype == "cgroup2" { "cgroup2" } else { fstype };
            let fs = m.vfs.add_fs(Filesystem { kind, fstype: fstype.to_string(), source: source.to_string(), options: String::new() });
            m.vfs.mount(ns, Mount { mountpoint: at.to_string(), fs, subpath: String::new(), readonly: false });
        }
        let uts = &mut m.uts[0];
        uts.hostname = HOSTNAME.to_string();
    }
    sim
}
