//! `debootstrap`: "installs" a minimal Debian or Ubuntu into a directory, offline and
//! deterministically. It prints the real tool's progress lines and writes a tree whose
//! binaries work under `chroot` (built with the host's layout, [`crate::userland::host`]).

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{FileKind, FsRead};

use super::util::{join, Io};
use crate::userland::host;

/// A release `debootstrap` knows: codename, mirror, `PRETTY_NAME`, `/etc/os-release`.
struct Suite {
    mirror: &'static str,
    os_release: String,
    issue: String,
}

fn suite(name: &str) -> Option<Suite> {
    let debian = |version: &str, codename: &str| Suite {
        mirror: "http://deb.debian.org/debian",
        os_release: format!(
            "PRETTY_NAME=\"Debian GNU/Linux {version} ({codename})\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"{version}\"\nVERSION=\"{version} ({codename})\"\nVERSION_CODENAME={codename}\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
        ),
        issue: format!("Debian GNU/Linux {version} \\n \\l\n\n"),
    };
    let ubuntu = |version: &str, full: &str, codename: &str| Suite {
        mirror: "http://archive.ubuntu.com/ubuntu",
        os_release: format!(
            "PRETTY_NAME=\"Ubuntu {full} LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"{version}\"\nVERSION=\"{full} LTS ({codename})\"\nVERSION_CODENAME={codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nUBUNTU_CODENAME={codename}\n"
        ),
        issue: format!("Ubuntu {full} LTS \\n \\l\n\n"),
    };
    Some(match name {
        "bookworm" | "stable" => debian("12", "bookworm"),
        "bullseye" | "oldstable" => debian("11", "bullseye"),
        "trixie" | "testing" => debian("13", "trixie"),
        "jammy" => ubuntu("22.04", "22.04.5", "jammy"),
        "focal" => ubuntu("20.04", "20.04.6", "focal"),
        "noble" => ubuntu("24.04", "24.04.1", "noble"),
        _ => return None,
    })
}

/// The minbase package set (Debian 12's names and versions).
const PACKAGES: [(&str, &str); 44] = [
    ("apt", "2.6.1"),
    ("base-files", "12.4+deb12u8"),
    ("base-passwd", "3.6.1"),
    ("bash", "5.2.15-2+b7"),
    ("bsdutils", "1:2.38.1-5+deb12u2"),
    ("coreutils", "9.1-1"),
    ("dash", "0.5.12-2"),
    ("debconf", "1.5.82"),
    ("debian-archive-keyring", "2023.3+deb12u1"),
    ("debianutils", "5.7-0.5~deb12u1"),
    ("diffutils", "1:3.8-4"),
    ("dpkg", "1.21.22"),
    ("findutils", "4.9.0-4"),
    ("gcc-12-base", "12.2.0-14"),
    ("grep", "3.8-5"),
    ("gzip", "1.12-1"),
    ("hostname", "3.23+nmu1"),
    ("init-system-helpers", "1.65.2"),
    ("libacl1", "2.3.1-3"),
    ("libattr1", "1:2.5.1-4"),
    ("libblkid1", "2.38.1-5+deb12u2"),
    ("libc-bin", "2.36-9+deb12u9"),
    ("libc6", "2.36-9+deb12u9"),
    ("libmount1", "2.38.1-5+deb12u2"),
    ("libpcre2-8-0", "10.42-1"),
    ("libproc2-0", "2:4.0.2-3"),
    ("libselinux1", "3.4-1+b6"),
    ("libsystemd0", "252.31-1~deb12u1"),
    ("libtinfo6", "6.4-4"),
    ("login", "1:4.13+dfsg1-1+b1"),
    ("mawk", "1.3.4.20200120-3.1"),
    ("mount", "2.38.1-5+deb12u2"),
    ("ncurses-base", "6.4-4"),
    ("ncurses-bin", "6.4-4"),
    ("passwd", "1:4.13+dfsg1-1+b1"),
    ("perl-base", "5.36.0-7+deb12u1"),
    ("procps", "2:4.0.2-3"),
    ("sed", "4.9-1"),
    ("sysvinit-utils", "3.06-4"),
    ("tar", "1.34+dfsg-1.2+deb12u1"),
    ("tzdata", "2024a-0+deb12u1"),
    ("usrmerge", "37~deb12u1"),
    ("util-linux", "2.38.1-5+deb12u2"),
    ("zlib1g", "1:1.2.13.dfsg-1"),
];

/// Host programs that a minbase system does not have.
const NOT_IN_MINBASE: [&str; 6] = ["debootstrap", "hostnamectl", "adduser", "addgroup", "ldd", "run-all"];

/// Copies a `MemFs` into `target` through system calls.
async fn copy_in(io: &Io, fs: &MemFs, target: &str) -> Result<(), crate::errno::Errno> {
    for path in fs.walk() {
        let Ok(Some(st)) = fs.lstat(&path) else { continue };
        let dst = join(target, &path);
        match st.kind {
            FileKind::Dir => {
                if io.p.lstat(&dst).is_err() {
                    io.p.mkdir(&dst, 0o755)?;
                }
            }
            FileKind::Symlink => {
                let _ = io.p.unlink(&dst);
                io.p.symlink(&fs.read_link(&path).unwrap_or_default(), &dst)?;
            }
            FileKind::CharDevice | FileKind::BlockDevice | FileKind::Fifo => {
                let _ = io.p.unlink(&dst);
                io.p.mknod(&dst, st.kind, st.mode, st.rdev)?;
            }
            _ => {
                let data = fs.contents(&path).map_err(crate::errno::Errno::from)?;
                io.p.write_file(&dst, &data).await?;
            }
        }
        if st.kind != FileKind::Symlink {
            io.p.chmod(&dst, st.mode)?;
            let _ = io.p.set_mtime(&dst, st.mtime);
        }
        io.p.lchown(&dst, Some(st.uid), Some(st.gid))?;
        let _ = io.p.checkpoint().await;
    }
    Ok(())
}

/// `debootstrap [--variant=minbase] [--arch=amd64] SUITE TARGET [MIRROR]`.
pub async fn debootstrap(mut io: Io) -> i32 {
    let mut ops = Vec::new();
    for a in io.argv.clone() {
        match a.as_str() {
            "--help" | "-h" => {
                io.out("Usage: debootstrap [OPTION]... <suite> <target> [<mirror> [<script>]]\nBootstrap a Debian base system into a target directory.\n");
                return io.finish(0).await;
            }
            "--version" => {
                io.out("debootstrap 1.0.128+nmu2+deb12u1\n");
                return io.finish(0).await;
            }
            s if s.starts_with("--variant=") || s.starts_with("--arch=") || s.starts_with("--include=") || s.starts_with("--components=") => {}
            "--verbose" | "--foreign" | "--no-check-gpg" | "--merged-usr" => {}
            s if s.starts_with('-') => {
                io.err_raw(&format!("E: invalid option \"{s}\"\n")).await;
                return 1;
            }
            _ => ops.push(a),
        }
    }
    if io.p.uid() != 0 {
        io.err_raw("E: debootstrap can only run as root\n").await;
        return 1;
    }
    let (Some(name), Some(target)) = (ops.first().cloned(), ops.get(1).cloned()) else {
        io.err_raw("I: usage: [OPTION]... <suite> <target> [<mirror> [<script>]]\nI: Try `debootstrap --help' for more information.\nE: You must specify a suite and a target.\n").await;
        return 1;
    };
    let Some(s) = suite(&name) else {
        io.err_raw(&format!("E: No such script: /usr/share/debootstrap/scripts/{name}\n")).await;
        return 1;
    };
    let mirror = ops.get(2).cloned().unwrap_or_else(|| s.mirror.to_string());
    if io.p.stat(&target).is_err() {
        if let Err(e) = io.p.mkdir(&target, 0o755) {
            io.err_raw(&format!("mkdir: cannot create directory '{target}': {}\nE: Cannot create target directory\n", e.message())).await;
            return 1;
        }
    }
    let step = |io: &mut Io, line: String| io.out(&line);
    step(&mut io, "I: Target architecture can be executed\nI: Retrieving InRelease \nI: Checking Release signature\nI: Valid Release signature (key id 4D64FEC119C2029067D6E791F8D2585B8783D481)\nI: Retrieving Packages \nI: Validating Packages \nI: Resolving dependencies of required packages...\nI: Resolving dependencies of base packages...\n".into());
    step(&mut io, format!("I: Checking component main on {mirror}...\n"));
    for (pkg, ver) in PACKAGES {
        io.out(&format!("I: Retrieving {pkg} {ver}\nI: Validating {pkg} {ver}\n"));
        io.flush().await;
        let _ = io.p.sleep(150_000_000).await;
    }
    io.out("I: Chosen extractor for .deb packages: dpkg-deb\n");
    for (pkg, _) in PACKAGES {
        io.out(&format!("I: Extracting {pkg}...\n"));
    }
    io.flush().await;
    let hostname = io.p.hostname();
    let bins: Vec<_> = host::BINS.iter().filter(|b| !NOT_IN_MINBASE.contains(&b.0)).copied().collect();
    let mut fs = MemFs::new();
    host::debian_base(&mut fs, &hostname, &bins);
    use wharf_engine::fs::{Attrs, FsWrite};
    let attrs = Attrs::root(0o644);
    let _ = fs.write_file("etc/os-release", &attrs, &mut s.os_release.as_bytes());
    let _ = fs.write_file("etc/issue", &attrs, &mut s.issue.as_bytes());
    let status: String = PACKAGES.iter().map(|(p, v)| format!("Package: {p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: {v}\n\n")).collect();
    let _ = fs.write_file("var/lib/dpkg/status", &attrs, &mut status.as_bytes());
    let _ = fs.write_file("etc/apt/sources.list", &attrs, &mut format!("deb {mirror} {name} main\n").as_bytes());
    if let Err(e) = copy_in(&io, &fs, &target).await {
        io.err_raw(&format!("E: Failed to extract to {target}: {}\n", e.message())).await;
        return 1;
    }
    io.out("I: Installing core packages...\nI: Unpacking required packages...\n");
    for (pkg, _) in PACKAGES {
        io.out(&format!("I: Unpacking {pkg}...\n"));
    }
    io.out("I: Configuring required packages...\n");
    for (pkg, _) in PACKAGES {
        io.out(&format!("I: Configuring {pkg}...\n"));
    }
    io.out("I: Unpacking the base system...\nI: Configuring the base system...\nI: Configuring libc-bin...\nI: Base system installed successfully.\n");
    io.finish(0).await
}
