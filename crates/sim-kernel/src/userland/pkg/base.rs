//! What a fresh system already has installed: the dpkg status of the Debian 12 and Ubuntu
//! 22.04 base images and of the host, and the apk database of Alpine's minirootfs. The
//! images' trees (`crate::images::bases`) and the host (`crate::userland::host`) write these.

/// `(package, jammy version, bookworm version, section, Installed-Size, description)`; an
/// empty version: not in that release's base.
type Base = (&'static str, &'static str, &'static str, &'static str, u64, &'static str);

const BASE: &[Base] = &[
    ("adduser", "3.118ubuntu5", "3.134", "admin", 608, "add and remove users and groups"),
    ("apt", "2.4.11", "2.6.1", "admin", 4156, "commandline package manager"),
    ("base-files", "12ubuntu4.4", "12.4+deb12u4", "admin", 394, "Debian base system miscellaneous files"),
    ("base-passwd", "3.5.52build1", "3.6.1", "admin", 243, "Debian base system master password and group files"),
    ("bash", "5.1-6ubuntu1", "5.2.15-2+b2", "shells", 1864, "GNU Bourne Again SHell"),
    ("bsdutils", "1:2.37.2-4ubuntu3", "1:2.38.1-5+b1", "utils", 355, "basic utilities from 4.4BSD-Lite"),
    ("coreutils", "8.32-4.1ubuntu1", "9.1-1", "utils", 7112, "GNU core utilities"),
    ("dash", "0.5.11+git20210903+057cd650a4ed-3build1", "0.5.12-2", "shells", 224, "POSIX-compliant shell"),
    ("debconf", "1.5.79ubuntu1", "1.5.82", "admin", 512, "Debian configuration management system"),
    ("debianutils", "5.5-1ubuntu2", "5.7-0.5~deb12u1", "utils", 243, "Miscellaneous utilities specific to Debian"),
    ("diffutils", "1:3.8-0ubuntu2", "1:3.8-4", "utils", 1484, "File comparison utilities"),
    ("dpkg", "1.21.1ubuntu2.2", "1.21.22", "admin", 6548, "Debian package management system"),
    ("e2fsprogs", "1.46.5-2ubuntu1.1", "", "admin", 1516, "ext2/ext3/ext4 file system utilities"),
    ("findutils", "4.8.0-1ubuntu3", "4.9.0-4", "utils", 1724, "utilities for finding files--find, xargs"),
    ("gcc-12-base", "12.3.0-1ubuntu1~22.04", "12.2.0-14", "libs", 279, "GCC, the GNU Compiler Collection (base package)"),
    ("gpgv", "2.2.27-3ubuntu2.1", "2.2.40-1.1", "utils", 516, "GNU privacy guard - signature verification tool"),
    ("grep", "3.7-1build1", "3.8-5", "utils", 1013, "GNU grep, egrep and fgrep"),
    ("gzip", "1.10-4ubuntu4.1", "1.12-1", "utils", 248, "GNU compression utilities"),
    ("hostname", "3.23ubuntu2", "3.23+nmu1", "admin", 63, "utility to set/show the host name or domain name"),
    ("init-system-helpers", "1.62", "1.65.2", "admin", 135, "helper tools for all init systems"),
    ("libacl1", "2.3.1-1", "2.3.1-3", "libs", 74, "access control list - shared library"),
    ("libbz2-1.0", "1.0.8-5build1", "1.0.8-5+b1", "libs", 110, "high-quality block-sorting file compressor library - runtime"),
    ("libc-bin", "2.35-0ubuntu3.5", "2.36-9+deb12u3", "libs", 2779, "GNU C Library: Binaries"),
    ("libc6", "2.35-0ubuntu3.5", "2.36-9+deb12u3", "libs", 13406, "GNU C Library: Shared libraries"),
    ("libcap2", "1:2.44-1build3", "1:2.66-4", "libs", 99, "POSIX 1003.1e capabilities (library)"),
    ("libffi8", "3.4.2-4", "3.4.4-1", "libs", 68, "Foreign Function Interface library runtime"),
    ("libgcc-s1", "12.3.0-1ubuntu1~22.04", "12.2.0-14", "libs", 140, "GCC support library"),
    ("libgmp10", "2:6.2.1+dfsg-3ubuntu1", "2:6.2.1+dfsg1-1.1", "libs", 526, "Multiprecision arithmetic library"),
    ("libgnutls30", "3.7.3-4ubuntu1.3", "3.7.9-2+deb12u1", "libs", 2270, "GNU TLS library - main runtime library"),
    ("libgssapi-krb5-2", "1.19.2-2ubuntu0.3", "1.20.1-2+deb12u1", "libs", 436, "MIT Kerberos runtime libraries - krb5 GSS-API Mechanism"),
    ("libidn2-0", "2.3.2-2build1", "2.3.3-1+b1", "libs", 221, "Internationalized domain names (IDNA2008/TR46) library"),
    ("liblzma5", "5.2.5-2ubuntu1", "5.4.1-0.2", "libs", 290, "XZ-format compression library"),
    ("libncurses6", "6.3-2ubuntu0.1", "6.4-4", "libs", 317, "shared libraries for terminal handling"),
    ("libncursesw6", "6.3-2ubuntu0.1", "6.4-4", "libs", 435, "shared libraries for terminal handling (wide character support)"),
    ("libpam-runtime", "1.4.0-11ubuntu2.3", "1.5.2-6+deb12u1", "admin", 300, "Runtime support for the PAM library"),
    ("libpam0g", "1.4.0-11ubuntu2.3", "1.5.2-6+deb12u1", "libs", 227, "Pluggable Authentication Modules library"),
    ("libpcre2-8-0", "10.39-3ubuntu0.1", "10.42-1", "libs", 593, "New Perl Compatible Regular Expression Library- 8 bit runtime files"),
    ("libselinux1", "3.3-1build2", "3.4-1+b6", "libs", 198, "SELinux runtime shared libraries"),
    ("libssl3", "3.0.2-0ubuntu1.12", "3.0.11-1~deb12u2", "libs", 5798, "Secure Sockets Layer toolkit - shared libraries"),
    ("libstdc++6", "12.3.0-1ubuntu1~22.04", "12.2.0-14", "libs", 2678, "GNU Standard C++ Library v3"),
    ("libsystemd0", "249.11-0ubuntu3.11", "252.19-1~deb12u1", "libs", 908, "systemd utility library"),
    ("libtinfo6", "6.3-2ubuntu0.1", "6.4-4", "libs", 553, "shared low-level terminfo library for terminal handling"),
    ("libunistring2", "1.0-1", "", "libs", 1618, "Unicode string library for C"),
    ("libuuid1", "2.37.2-4ubuntu3", "2.38.1-5+b1", "libs", 126, "Universally Unique ID library"),
    ("login", "1:4.8.1-2ubuntu2.1", "1:4.13+dfsg1-1+b1", "admin", 878, "system login tools"),
    ("lsb-base", "11.1.0ubuntu4", "11.6", "misc", 58, "Linux Standard Base init script functionality"),
    ("mawk", "1.3.4.20200120-3", "1.3.4.20200120-3.1", "interpreters", 229, "Pattern scanning and text processing language"),
    ("mount", "2.37.2-4ubuntu3", "2.38.1-5+b1", "admin", 437, "tools for mounting and manipulating filesystems"),
    ("ncurses-base", "6.3-2ubuntu0.1", "6.4-4", "misc", 392, "basic terminal type definitions"),
    ("passwd", "1:4.8.1-2ubuntu2.1", "1:4.13+dfsg1-1+b1", "admin", 2464, "change and administer password and group data"),
    ("perl-base", "5.34.0-3ubuntu1.3", "5.36.0-7+deb12u1", "perl", 7782, "minimal Perl system"),
    ("procps", "2:3.3.17-6ubuntu2.1", "2:4.0.2-3", "admin", 1376, "/proc file system utilities"),
    ("sed", "4.8-1ubuntu2", "4.9-1", "utils", 350, "GNU stream editor for filtering/transforming text"),
    ("tar", "1.34+dfsg-1ubuntu0.1.22.04.2", "1.34+dfsg-1.2+deb12u1", "utils", 3128, "GNU version of the tar archiving utility"),
    ("util-linux", "2.37.2-4ubuntu3", "2.38.1-5+b1", "utils", 4164, "miscellaneous system utilities"),
    ("zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", "1:1.2.13.dfsg-1", "libs", 164, "compression library - runtime"),
];

/// Whether `name` is one of the base system's packages.
pub fn is_base(name: &str) -> bool {
    BASE.iter().any(|b| b.0 == name)
}

/// How many files and directories dpkg counts in a base image before anything is
/// installed: what `(Reading database ... N files and directories currently installed.)`
/// starts from (the real images' counts).
pub fn base_file_count(ubuntu: bool) -> usize {
    if ubuntu { 4395 } else { 6091 }
}

/// One `/var/lib/dpkg/status` stanza.
#[allow(clippy::too_many_arguments, reason = "the stanza's fields")]
pub fn stanza(name: &str, version: &str, arch: &str, section: &str, installed_kb: u64, depends: &str, recommends: &str, ma_same: bool, description: &str, ubuntu: bool) -> String {
    let maintainer = if ubuntu { "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>" } else { "Debian QA Group <packages@qa.debian.org>" };
    let mut s = format!("Package: {name}\nStatus: install ok installed\nPriority: optional\nSection: {section}\nInstalled-Size: {installed_kb}\nMaintainer: {maintainer}\nArchitecture: {arch}\n");
    if ma_same {
        s.push_str("Multi-Arch: same\n");
    }
    s.push_str(&format!("Version: {version}\n"));
    if !depends.is_empty() {
        s.push_str(&format!("Depends: {depends}\n"));
    }
    if !recommends.is_empty() {
        s.push_str(&format!("Recommends: {recommends}\n"));
    }
    s.push_str(&format!("Description: {description}\n\n"));
    s
}

/// The dpkg status database of a base Ubuntu 22.04 (`ubuntu`) or Debian 12 system.
pub fn dpkg_status(ubuntu: bool) -> String {
    BASE.iter()
        .filter_map(|&(name, jammy, bookworm, section, kb, desc)| {
            let v = if ubuntu { jammy } else { bookworm };
            let ma = section == "libs";
            (!v.is_empty()).then(|| stanza(name, v, "amd64", section, kb, "", "", ma, desc, ubuntu))
        })
        .collect()
}

/// The host's status: Debian's base plus what the course installed on it before
/// (`debootstrap`, whose files the host already has).
pub fn host_dpkg_status() -> String {
    let mut s = dpkg_status(false);
    if let Some(d) = super::debs::find("debootstrap") {
        s.push_str(&stanza(d.name, d.bookworm, d.arch, d.section, d.installed_kb, d.depends, d.recommends, false, d.description, false));
    }
    s
}

/// Alpine 3.18's minirootfs packages: `(name, version, installed bytes, description)`.
pub const ALPINE_BASE: &[(&str, &str, u64, &str)] = &[
    ("alpine-baselayout-data", "3.4.3-r1", 77_824, "Alpine base dir structure and init scripts"),
    ("musl", "1.2.4-r2", 622_592, "the musl c library (libc) implementation"),
    ("busybox", "1.36.1-r2", 950_272, "Size optimized toolbox of many common UNIX utilities"),
    ("busybox-binsh", "1.36.1-r2", 4_096, "busybox ash /bin/sh"),
    ("alpine-baselayout", "3.4.3-r1", 8_192, "Alpine base dir structure and init scripts"),
    ("alpine-keys", "2.4-r1", 159_744, "Public keys for Alpine Linux packages"),
    ("ca-certificates-bundle", "20230506-r0", 233_472, "Pre generated bundle of Mozilla certificates"),
    ("libcrypto3", "3.1.4-r1", 4_141_056, "Crypto library from openssl"),
    ("libssl3", "3.1.4-r1", 618_496, "SSL shared libraries"),
    ("ssl_client", "1.36.1-r2", 28_672, "EXternal ssl_client for busybox wget"),
    ("zlib", "1.2.13-r1", 110_592, "A compression/decompression Library"),
    ("apk-tools", "2.14.0-r2", 307_200, "Alpine Package Keeper - package manager for alpine"),
    ("scanelf", "1.3.7-r1", 81_920, "Scan ELF binaries for stuff"),
    ("musl-utils", "1.2.4-r2", 143_360, "the musl c library (libc) implementation"),
    ("libc-utils", "0.7.2-r5", 4_096, "Meta package to pull in correct libc"),
];

/// One `/lib/apk/db/installed` record.
pub fn apk_record(name: &str, version: &str, installed: u64, description: &str, depends: &str) -> String {
    let mut s = format!("C:Q1{}=\nP:{name}\nV:{version}\nA:x86_64\nS:{}\nI:{installed}\nT:{description}\nU:https://alpinelinux.org\nL:MIT\n", fake_checksum(name, version), installed / 3);
    if !depends.is_empty() {
        s.push_str(&format!("D:{depends}\n"));
    }
    s.push('\n');
    s
}

/// A stable stand-in for the package checksum apk records (`C:Q1…=`).
fn fake_checksum(name: &str, version: &str) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    (0..26)
        .map(|i| {
            for b in format!("{name}-{version}-{i}").bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            B64[(h >> 58) as usize] as char
        })
        .collect()
}

/// Alpine 3.18's `/lib/apk/db/installed`.
pub fn apk_installed() -> String {
    ALPINE_BASE.iter().map(|(n, v, i, d)| apk_record(n, v, *i, d, "")).collect()
}
