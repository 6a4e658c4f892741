//! The distribution roots the stand-ins start from: Alpine and BusyBox (busybox applets as
//! symlinks to one multi-call binary), Debian bookworm (slim and full) and Ubuntu, the last
//! two written by the host's own [`debian_root`] so the host and the images share one
//! description of a Debian system.

use wharf_engine::fs::mem::MemFs;

use super::build::{epoch, Tree};
use crate::userland::host::{debian_root, DebianRoot, BINS};

/// Applets of Alpine's busybox in `/bin`.
const BIN_APPLETS: &[&str] = &[
    "arch", "ash", "base64", "cat", "chgrp", "chmod", "chown", "cp", "date", "dd", "df", "dmesg", "echo", "egrep", "false", "fgrep", "grep", "gunzip",
    "gzip", "hostname", "kill", "ln", "login", "ls", "mkdir", "mknod", "mktemp", "more", "mount", "mv", "netstat", "nice", "pidof", "ping", "ps",
    "pwd", "rm", "rmdir", "sed", "sh", "sleep", "stat", "stty", "su", "sync", "tar", "touch", "true", "umount", "uname", "usleep", "watch", "zcat",
];

/// Applets of Alpine's busybox in `/usr/bin`.
const USR_BIN_APPLETS: &[&str] = &[
    "[", "[[", "awk", "basename", "cut", "dirname", "du", "env", "expr", "find", "free", "head", "id", "less", "nc", "nohup", "nslookup", "printf",
    "readlink", "realpath", "seq", "sort", "tail", "tee", "test", "top", "tr", "uniq", "unshare", "uptime", "vi", "wc", "wget", "which", "whoami",
    "xargs", "yes",
];

/// Applets in `/sbin`.
const SBIN_APPLETS: &[&str] = &["adduser", "addgroup", "chroot", "halt", "ifconfig", "init", "ip", "pivot_root", "poweroff", "reboot", "route", "sysctl"];

pub(super) const ALPINE_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
man:x:13:15:man:/usr/man:/sbin/nologin
postmaster:x:14:12:postmaster:/var/mail:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
at:x:25:25:at:/var/spool/cron/atjobs:/sbin/nologin
squid:x:31:31:Squid:/var/cache/squid:/sbin/nologin
xfs:x:33:33:X Font Server:/etc/X11/fs:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
cyrus:x:85:12::/usr/cyrus:/sbin/nologin
vpopmail:x:89:89::/var/vpopmail:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
smmsp:x:209:209:smmsp:/var/spool/mqueue:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
";

pub(super) const ALPINE_GROUP: &str = "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nsys:x:3:root,bin,adm\nadm:x:4:root,adm,daemon\ntty:x:5:\ndisk:x:6:root,adm\nlp:x:7:lp\nmem:x:8:\nkmem:x:9:\nwheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\nman:x:15:man\ncron:x:16:cron\nconsole:x:17:\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\ninput:x:23:\nat:x:25:at\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nreadproc:x:30:\nsquid:x:31:squid\nxfs:x:33:xfs\nkvm:x:34:kvm\ngames:x:35:\nshadow:x:42:\ncdrw:x:80:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\nutmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n";

/// The busybox applets as symlinks to `/bin/busybox`, in Alpine's places.
fn applets(t: &mut Tree) {
    t.exe("bin/busybox", "busybox", &[]);
    for a in BIN_APPLETS {
        t.link(&format!("bin/{a}"), "/bin/busybox");
    }
    for a in USR_BIN_APPLETS {
        t.link(&format!("usr/bin/{a}"), "/bin/busybox");
    }
    for a in SBIN_APPLETS {
        t.link(&format!("sbin/{a}"), "/bin/busybox");
    }
}

/// Alpine Linux's root (`version` as `3.18.4`): busybox, musl, apk's files, `/etc`.
pub fn alpine(t: &mut Tree, version: &str) {
    let branch = version.rsplitn(2, '.').last().unwrap_or(version);
    for d in ["dev", "home", "media/cdrom", "media/floppy", "media/usb", "mnt", "opt", "proc", "run", "srv", "sys", "usr/local/bin", "usr/local/lib", "usr/local/share", "usr/share/apk/keys", "var/cache/apk", "var/cache/misc", "var/empty", "var/lib/misc", "var/local", "var/lock/subsys", "var/log", "var/mail", "var/opt", "var/spool/cron", "etc/apk/keys", "etc/apk/protected_paths.d", "etc/crontabs", "etc/network/if-up.d", "etc/opt", "etc/periodic/daily", "etc/profile.d", "etc/ssl/certs", "lib/apk/db", "lib/firmware", "lib/modules-load.d", "lib/sysctl.d", "usr/lib", "usr/sbin"] {
        t.dir(d, 0o755);
    }
    t.dir("root", 0o700).dir("tmp", 0o1777).dir("var/tmp", 0o1777);
    t.link("var/run", "/run");
    applets(t);
    t.exe("lib/ld-musl-x86_64.so.1", "ld-musl", &[]);
    t.link("lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1");
    t.exe("sbin/apk", "apk", &["libcrypto.so.3", "libz.so.1", "libc.musl-x86_64.so.1"]);
    t.exe("sbin/ldconfig", "ldconfig", &[]);
    t.file("etc/alpine-release", 0o644, format!("{version}\n").as_bytes());
    t.file("etc/os-release", 0o644, format!("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={version}\nPRETTY_NAME=\"Alpine Linux v{branch}\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n").as_bytes());
    t.link("usr/lib/os-release", "../../etc/os-release");
    t.file("etc/issue", 0o644, format!("Welcome to Alpine Linux {branch}\nKernel \\r on an \\m (\\l)\n\n").as_bytes());
    t.file("etc/apk/arch", 0o644, b"x86_64\n");
    t.file("etc/apk/repositories", 0o644, format!("https://dl-cdn.alpinelinux.org/alpine/v{branch}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v{branch}/community\n").as_bytes());
    t.file("etc/apk/world", 0o644, b"alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\n");
    t.file("lib/apk/db/installed", 0o644, crate::userland::pkg::base::apk_installed().as_bytes());
    t.file("etc/passwd", 0o644, ALPINE_PASSWD.as_bytes());
    t.file("etc/group", 0o644, ALPINE_GROUP.as_bytes());
    let shadow: String = ALPINE_PASSWD.lines().filter_map(|l| l.split(':').next()).map(|u| if u == "root" { "root:*::0:::::\n".to_string() } else { format!("{u}:!::0:::::\n") }).collect();
    t.file("etc/shadow", 0o640, shadow.as_bytes());
    t.file("etc/shells", 0o644, b"# valid login shells\n/bin/sh\n/bin/ash\n");
    t.file("etc/profile", 0o644, b"export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n\nexport PAGER=less\numask 022\n\nfor script in /etc/profile.d/*.sh ; do\n\tif [ -r \"$script\" ] ; then\n\t\t. \"$script\"\n\tfi\ndone\nunset script\n");
    t.file("etc/hostname", 0o644, b"localhost\n");
    t.file("etc/motd", 0o644, b"Welcome to Alpine!\n\nThe Alpine Wiki contains a large amount of how-to guides and general\ninformation about administrating Alpine systems.\nSee <https://wiki.alpinelinux.org/>.\n\nYou can setup the system with the command: setup-alpine\n\nYou may change this message by editing /etc/motd.\n\n");
    t.file("etc/fstab", 0o644, b"/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto\t0 0\n");
    t.file("etc/ssl/certs/ca-certificates.crt", 0o644, b"# simulated certificate bundle\n");
}

/// The `busybox` image's root (the uclibc/glibc variant's layout: everything in `/bin`).
pub fn busybox(t: &mut Tree) {
    for d in ["dev", "etc", "home", "lib", "lib64", "usr/sbin", "var/spool/mail", "var/www"] {
        t.dir(d, 0o755);
    }
    t.dir("root", 0o700).dir("tmp", 0o1777);
    t.exe("bin/busybox", "busybox", &[]);
    for a in BIN_APPLETS.iter().chain(USR_BIN_APPLETS).chain(SBIN_APPLETS) {
        if *a != "busybox" {
            t.link(&format!("bin/{a}"), "busybox");
        }
    }
    t.file("etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
    t.file("etc/group", 0o644, b"root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnobody:x:65534:\n");
}

/// The executables of a slim Debian (no `debootstrap`, no account tools beyond `useradd`).
fn slim_bins() -> Vec<(&'static str, &'static str, &'static str, usize, &'static [&'static str])> {
    BINS.iter().filter(|b| !["debootstrap", "hostnamectl", "top", "clear"].contains(&b.0)).copied().collect()
}

/// A Debian-family root as an image has it (see [`DebianRoot`]), dated `created`.
fn debian_family(created: &str) -> Tree {
    let mut fs = MemFs::new();
    debian_root(&mut fs, &DebianRoot { hostname: None, devices: false, real_sizes: false }, &slim_bins());
    let mut t = Tree::from_fs(fs, epoch(created));
    t.dir("usr/share/doc/base-files", 0o755).dir("var/lib/dpkg/info", 0o755).dir("etc/apt/sources.list.d", 0o755);
    // apt's lists are emptied when the image is built: `apt install` needs `apt update` first.
    t.dir("var/lib/apt/lists", 0o755).dir("var/lib/apt/lists/partial", 0o700);
    t
}

/// Debian 12 (bookworm): the slim variant's root, or with `full`, the regular image's
/// (more documentation and locales, the same programs).
pub fn debian(created: &str, full: bool) -> Tree {
    let mut t = debian_family(created);
    t.file("etc/apt/sources.list.d/debian.sources", 0o644, b"Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n");
    t.file("var/lib/dpkg/status", 0o644, crate::userland::pkg::base::dpkg_status(false).as_bytes());
    if !full {
        t.file("etc/dpkg/dpkg.cfg.d/docker", 0o644, b"# This is the \"slim\" variant of the Debian base image.\npath-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n");
    } else {
        t.dir("usr/share/locale", 0o755).dir("usr/share/info", 0o755);
    }
    t
}

/// Ubuntu's root: `id` `22.04`, `version` `22.04.3 LTS (Jammy Jellyfish)`, `pretty`
/// `Ubuntu 22.04.3 LTS`, `codename` `jammy`.
pub fn ubuntu(created: &str, id: &str, version: &str, pretty: &str, codename: &str) -> Tree {
    let mut t = debian_family(created);
    let os = format!("PRETTY_NAME=\"{pretty}\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"{id}\"\nVERSION=\"{version}\"\nVERSION_CODENAME={codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME={codename}\n");
    t.file("etc/os-release", 0o644, os.as_bytes());
    t.file("var/lib/dpkg/status", 0o644, crate::userland::pkg::base::dpkg_status(true).as_bytes());
    t.file("etc/lsb-release", 0o644, format!("DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE={id}\nDISTRIB_CODENAME={codename}\nDISTRIB_DESCRIPTION=\"{pretty}\"\n").as_bytes());
    t.file("etc/issue", 0o644, format!("{pretty} \\n \\l\n\n").as_bytes());
    // The Debian testing each Ubuntu release was branched from.
    let debian = match codename {
        "focal" => "bullseye/sid",
        "jammy" => "bookworm/sid",
        "noble" => "trixie/sid",
        _ => "jessie/sid",
    };
    t.file("etc/debian_version", 0o644, format!("{debian}\n").as_bytes());
    t.file("etc/apt/sources.list", 0o644, format!("deb http://archive.ubuntu.com/ubuntu/ {codename} main restricted\ndeb http://archive.ubuntu.com/ubuntu/ {codename}-updates main restricted\ndeb http://archive.ubuntu.com/ubuntu/ {codename} universe\ndeb http://archive.ubuntu.com/ubuntu/ {codename}-updates universe\ndeb http://archive.ubuntu.com/ubuntu/ {codename} multiverse\ndeb http://archive.ubuntu.com/ubuntu/ {codename}-updates multiverse\ndeb http://archive.ubuntu.com/ubuntu/ {codename}-backports main restricted universe multiverse\ndeb http://security.ubuntu.com/ubuntu/ {codename}-security main restricted\ndeb http://security.ubuntu.com/ubuntu/ {codename}-security universe\ndeb http://security.ubuntu.com/ubuntu/ {codename}-security multiverse\n").as_bytes());
    t
}
