//! The simulated Debian and Ubuntu archives: the packages the course and its exercises
//! install, with each release's version, the `.deb` size, `Installed-Size`, dependencies and
//! the files that matter (executables are program markers, see [`crate::program`]).
//!
//! Versions, sizes and dependency lists follow Ubuntu 22.04 (jammy) and Debian 12 (bookworm)
//! as of early 2024; dependencies already in the base images are listed (as the real
//! `Depends:` lines do) but need no download. Executables name their simulated program even
//! where that program is still being written (`ping`, `curl`, `wget`, `nc`, `ip`,
//! `nslookup`, `dig`, `htop`, `vim`, `nano`, `less`, `git`, `jq`, `tree`, `file`, `openssl`,
//! `ifconfig`, `netstat`): running one before it exists fails like a foreign binary.

/// A package as the archive describes it.
#[derive(Debug, Clone, Copy)]
pub struct Deb {
    /// `Package:`.
    pub name: &'static str,
    /// jammy's version; a leading `U:` means it comes from `jammy-updates`.
    pub jammy: &'static str,
    /// bookworm's version.
    pub bookworm: &'static str,
    /// `Architecture:` (`amd64` or `all`).
    pub arch: &'static str,
    /// Ubuntu's component (`main` or `universe`); Debian's is always `main`.
    pub component: &'static str,
    /// `Section:`.
    pub section: &'static str,
    /// The `.deb`'s size in bytes.
    pub size: u64,
    /// `Installed-Size:` in KiB.
    pub installed_kb: u64,
    /// `Depends:` as written in the archive.
    pub depends: &'static str,
    /// `Recommends:`.
    pub recommends: &'static str,
    /// `Multi-Arch: same` (dpkg then names it `NAME:amd64`).
    pub ma_same: bool,
    /// The first line of `Description:`.
    pub description: &'static str,
    /// Files: `path` (a plain file), `path*program` (an executable), `path@target` (a symlink).
    pub files: &'static [&'static str],
}

macro_rules! deb {
    ($name:literal, $jammy:literal, $bookworm:literal, $arch:literal, $comp:literal, $section:literal, $size:literal, $inst:literal, $dep:literal, $rec:literal, $ma:literal, $desc:literal, [$($f:literal),* $(,)?]) => {
        Deb { name: $name, jammy: $jammy, bookworm: $bookworm, arch: $arch, component: $comp, section: $section, size: $size, installed_kb: $inst, depends: $dep, recommends: $rec, ma_same: $ma, description: $desc, files: &[$($f),*] }
    };
}

/// Every package of the simulated archives.
pub const ARCHIVE: &[Deb] = &[
    deb!("iputils-ping", "3:20211215-1", "3:20221126-1+deb12u1", "amd64", "main", "net", 42_938, 116, "libc6 (>= 2.34), libcap2 (>= 1:2.10), libidn2-0 (>= 0.6)", "libcap2-bin", false, "Tools to test the reachability of network hosts", ["usr/bin/ping*ping", "usr/bin/ping4@ping", "usr/bin/ping6@ping", "usr/share/man/man8/ping.8.gz"]),
    deb!("libcap2-bin", "1:2.44-1build3", "1:2.66-4", "amd64", "main", "utils", 26_004, 131, "libc6 (>= 2.34), libcap2 (>= 1:2.33)", "libpam-cap", false, "POSIX 1003.1e capabilities (utilities)", ["usr/sbin/capsh*capsh", "usr/sbin/getcap*getcap", "usr/sbin/setcap*setcap", "usr/sbin/getpcaps*getpcaps"]),
    deb!("libpam-cap", "1:2.44-1build3", "1:2.66-4", "amd64", "main", "admin", 7_932, 48, "libc6 (>= 2.4), libcap2 (>= 1:2.33), libpam0g (>= 1.1.3-2), libpam-runtime (>= 1.1.3-2)", "", true, "POSIX 1003.1e capabilities (PAM module)", ["usr/lib/x86_64-linux-gnu/security/pam_cap.so", "etc/security/capability.conf"]),
    deb!("curl", "U:7.81.0-1ubuntu1.15", "7.88.1-10+deb12u5", "amd64", "main", "web", 194_104, 455, "libc6 (>= 2.34), libcurl4 (= 7.81.0-1ubuntu1.15), zlib1g (>= 1:1.1.4)", "", false, "command line tool for transferring data with URL syntax", ["usr/bin/curl*curl"]),
    deb!("libcurl4", "U:7.81.0-1ubuntu1.15", "7.88.1-10+deb12u5", "amd64", "main", "libs", 289_752, 814, "libbrotli1 (>= 0.6.0), libc6 (>= 2.34), libnghttp2-14 (>= 1.12.0), libpsl5 (>= 0.16.0), librtmp1 (>= 2.4+20131018.git79459a2-3~), libssh-4 (>= 0.9.0), libssl3 (>= 3.0.0), zlib1g (>= 1:1.1.4)", "ca-certificates", true, "easy-to-use client-side URL transfer library (OpenSSL flavour)", ["usr/lib/x86_64-linux-gnu/libcurl.so.4.7.0", "usr/lib/x86_64-linux-gnu/libcurl.so.4@libcurl.so.4.7.0"]),
    deb!("libbrotli1", "1.0.9-2build6", "1.0.9-2+b6", "amd64", "main", "libs", 315_186, 812, "libc6 (>= 2.29)", "", true, "library implementing brotli encoder and decoder (shared libraries)", ["usr/lib/x86_64-linux-gnu/libbrotlicommon.so.1.0.9", "usr/lib/x86_64-linux-gnu/libbrotlidec.so.1.0.9"]),
    deb!("libnghttp2-14", "U:1.43.0-1ubuntu0.1", "1.52.0-1+deb12u1", "amd64", "main", "libs", 76_466, 206, "libc6 (>= 2.17)", "", true, "library implementing HTTP/2 protocol (shared library)", ["usr/lib/x86_64-linux-gnu/libnghttp2.so.14.20.1"]),
    deb!("libpsl5", "0.21.0-1.2build2", "0.21.2-1", "amd64", "main", "libs", 58_192, 143, "libidn2-0 (>= 0.16), libunistring2 (>= 0.9.7)", "publicsuffix", true, "Library for Public Suffix List (shared libraries)", ["usr/lib/x86_64-linux-gnu/libpsl.so.5.3.2"]),
    deb!("publicsuffix", "20211207.1025-1", "20230209.2326-1", "all", "main", "net", 129_154, 318, "", "", false, "accurate, machine-readable list of domain name suffixes", ["usr/share/publicsuffix/public_suffix_list.dat"]),
    deb!("librtmp1", "2.4+20151223.gitfa8646d.1-2build4", "2.4+20151223.gitfa8646d.1-2+b2", "amd64", "main", "libs", 58_130, 143, "libc6 (>= 2.34), libgmp10 (>= 2:6.2.1+dfsg), libgnutls30 (>= 3.7.2), libhogweed6, libnettle8, zlib1g (>= 1:1.1.4)", "", true, "toolkit for RTMP streams (shared library)", ["usr/lib/x86_64-linux-gnu/librtmp.so.1"]),
    deb!("libssh-4", "U:0.9.6-2ubuntu0.22.04.3", "0.10.6-0+deb12u1", "amd64", "main", "libs", 186_258, 497, "libc6 (>= 2.33), libgssapi-krb5-2 (>= 1.17), libssl3 (>= 3.0.0), zlib1g (>= 1:1.1.4)", "", true, "tiny C SSH library (OpenSSL flavor)", ["usr/lib/x86_64-linux-gnu/libssh.so.4.8.7"]),
    deb!("ca-certificates", "U:20230311ubuntu0.22.04.1", "20230311", "all", "main", "misc", 155_272, 388, "openssl (>= 1.1.1), debconf (>= 0.5) | debconf-2.0", "", false, "Common CA certificates", ["usr/sbin/update-ca-certificates*update-ca-certificates", "etc/ssl/certs/ca-certificates.crt", "usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt"]),
    deb!("openssl", "U:3.0.2-0ubuntu1.15", "3.0.11-1~deb12u2", "amd64", "main", "utils", 1_186_530, 2_087, "libc6 (>= 2.34), libssl3 (>= 3.0.2-0ubuntu1.2)", "ca-certificates", false, "Secure Sockets Layer toolkit - cryptographic utility", ["usr/bin/openssl*openssl", "usr/lib/ssl/openssl.cnf", "etc/ssl/openssl.cnf"]),
    deb!("wget", "1.21.2-2ubuntu1", "1.21.3-1+b2", "amd64", "main", "web", 339_470, 956, "libc6 (>= 2.34), libidn2-0 (>= 0.6), libpcre2-8-0 (>= 10.22), libpsl5 (>= 0.16.0), libssl3 (>= 3.0.0), libuuid1 (>= 2.16), zlib1g (>= 1:1.1.4)", "ca-certificates", false, "retrieves files from the web", ["usr/bin/wget*wget", "etc/wgetrc"]),
    deb!("htop", "3.0.5-7build2", "3.2.2-2", "amd64", "main", "utils", 128_490, 342, "libc6 (>= 2.34), libncursesw6 (>= 6), libnl-3-200 (>= 3.2.7), libnl-genl-3-200 (>= 3.2.7), libtinfo6 (>= 6)", "", false, "interactive processes viewer", ["usr/bin/htop*htop", "usr/share/applications/htop.desktop"]),
    deb!("libnl-3-200", "3.5.0-0.1", "3.7.0-0.2+b1", "amd64", "main", "libs", 59_328, 205, "libc6 (>= 2.34)", "", true, "library for dealing with netlink sockets", ["usr/lib/x86_64-linux-gnu/libnl-3.so.200.26.0", "etc/libnl-3/classid"]),
    deb!("libnl-genl-3-200", "3.5.0-0.1", "3.7.0-0.2+b1", "amd64", "main", "libs", 12_400, 57, "libc6 (>= 2.14), libnl-3-200 (= 3.5.0-0.1)", "", true, "library for dealing with netlink sockets - generic netlink", ["usr/lib/x86_64-linux-gnu/libnl-genl-3.so.200.26.0"]),
    deb!("procps", "U:2:3.3.17-6ubuntu2.1", "2:4.0.2-3", "amd64", "main", "admin", 378_116, 1_376, "libc6 (>= 2.34), libncurses6 (>= 6), libncursesw6 (>= 6), libprocps8 (>= 2:3.3.16-1), libtinfo6 (>= 6), lsb-base (>= 3.0-10), init-system-helpers (>= 1.29~)", "psmisc", false, "/proc file system utilities", ["usr/bin/ps*ps", "usr/bin/top*top", "usr/bin/free*free", "usr/bin/uptime*uptime", "usr/bin/pgrep*pgrep", "usr/bin/pkill*pkill", "usr/bin/watch*watch", "usr/bin/vmstat*vmstat"]),
    deb!("libprocps8", "U:2:3.3.17-6ubuntu2.1", "2:3.3.17-5", "amd64", "main", "libs", 36_580, 128, "libc6 (>= 2.34), libsystemd0 (>= 209)", "", true, "library for accessing process information from /proc", ["usr/lib/x86_64-linux-gnu/libprocps.so.8.0.3"]),
    deb!("psmisc", "23.4-2build3", "23.6-1", "amd64", "main", "admin", 119_212, 477, "libc6 (>= 2.34), libtinfo6 (>= 6)", "", false, "utilities that use the proc file system", ["usr/bin/killall*killall", "usr/bin/pstree*pstree", "usr/bin/fuser*fuser"]),
    deb!("vim", "U:2:8.2.3995-1ubuntu2.15", "2:9.0.1378-2", "amd64", "main", "editors", 1_735_464, 4_012, "vim-common (= 2:8.2.3995-1ubuntu2.15), vim-runtime (= 2:8.2.3995-1ubuntu2.15), libacl1 (>= 2.2.23), libc6 (>= 2.34), libgpm2 (>= 1.20.7), libpython3.10 (>= 3.10.0), libselinux1 (>= 3.1~), libsodium23 (>= 1.0.14), libtinfo6 (>= 6)", "", false, "Vi IMproved - enhanced vi editor", ["usr/bin/vim.basic*vim", "usr/bin/vim@vim.basic", "usr/bin/vi@vim.basic"]),
    deb!("vim-common", "U:2:8.2.3995-1ubuntu2.15", "2:9.0.1378-2", "all", "main", "editors", 81_220, 387, "xxd", "", false, "Vi IMproved - Common files", ["etc/vim/vimrc", "usr/share/vim/vimrc@/etc/vim/vimrc"]),
    deb!("vim-runtime", "U:2:8.2.3995-1ubuntu2.15", "2:9.0.1378-2", "all", "main", "editors", 6_832_212, 33_798, "", "", false, "Vi IMproved - Runtime files", ["usr/share/vim/vim82/defaults.vim", "usr/share/vim/vim82/syntax/dockerfile.vim"]),
    deb!("xxd", "U:2:8.2.3995-1ubuntu2.15", "2:9.0.1378-2", "amd64", "main", "editors", 54_928, 136, "libc6 (>= 2.34)", "", false, "tool to make (or reverse) a hex dump", ["usr/bin/xxd*xxd"]),
    deb!("libsodium23", "1.0.18-1build2", "1.0.18-1", "amd64", "main", "libs", 164_590, 447, "libc6 (>= 2.25)", "", true, "Network communication, cryptography and signaturing library", ["usr/lib/x86_64-linux-gnu/libsodium.so.23.3.0"]),
    deb!("libgpm2", "1.20.7-10build1", "1.20.7-10+b1", "amd64", "main", "libs", 15_438, 53, "libc6 (>= 2.33)", "", true, "General Purpose Mouse - shared library", ["usr/lib/x86_64-linux-gnu/libgpm.so.2"]),
    deb!("nano", "6.2-1", "7.2-1", "amd64", "main", "editors", 280_288, 868, "libc6 (>= 2.34), libncursesw6 (>= 6), libtinfo6 (>= 6)", "", false, "small, friendly text editor inspired by Pico", ["bin/nano*nano", "usr/bin/rnano@../../bin/nano", "etc/nanorc"]),
    deb!("less", "U:590-1ubuntu0.22.04.1", "590-2", "amd64", "main", "text", 142_876, 339, "libc6 (>= 2.34), libtinfo6 (>= 6)", "", false, "pager program similar to more", ["usr/bin/less*less", "usr/bin/lesspipe*lesspipe"]),
    deb!("net-tools", "1.60+git20181103.0eebece-1ubuntu5", "2.10-0.1", "amd64", "main", "net", 204_196, 820, "libc6 (>= 2.34), libselinux1 (>= 3.1~)", "", false, "NET-3 networking toolkit", ["sbin/ifconfig*ifconfig", "bin/netstat*netstat", "sbin/route*route", "sbin/arp*arp"]),
    deb!("iproute2", "5.15.0-1ubuntu2", "6.1.0-3", "amd64", "main", "net", 1_070_574, 3_440, "libbpf0 (>= 1:0.5.0), libbsd0 (>= 0.0), libc6 (>= 2.34), libcap2 (>= 1:2.10), libelf1 (>= 0.131), libmnl0 (>= 1.0.3-4~), libselinux1 (>= 3.1~), libxtables12 (>= 1.6.0+snapshot20161117)", "libatm1", false, "networking and traffic control tools", ["bin/ip*ip", "sbin/ip@/bin/ip", "bin/ss*ss", "sbin/tc*tc", "sbin/bridge*bridge"]),
    deb!("libbpf0", "1:0.5.0-1ubuntu22.04.1", "1:0.8.1-1", "amd64", "main", "libs", 139_948, 362, "libc6 (>= 2.34), libelf1 (>= 0.144), zlib1g (>= 1:1.2.3.3)", "", true, "eBPF helper library (shared library)", ["usr/lib/x86_64-linux-gnu/libbpf.so.0.5.0"]),
    deb!("libelf1", "0.186-1build1", "0.188-2.1", "amd64", "main", "libs", 51_138, 162, "libc6 (>= 2.33), zlib1g (>= 1:1.1.4)", "", true, "library to read and write ELF files", ["usr/lib/x86_64-linux-gnu/libelf-0.186.so"]),
    deb!("libmnl0", "1.0.4-3build2", "1.0.4-3", "amd64", "main", "libs", 13_048, 43, "libc6 (>= 2.14)", "", true, "minimalistic Netlink communication library", ["usr/lib/x86_64-linux-gnu/libmnl.so.0.2.0"]),
    deb!("libxtables12", "1.8.7-1ubuntu5", "1.8.9-2", "amd64", "main", "libs", 31_142, 100, "libc6 (>= 2.34)", "", true, "netfilter xtables library", ["usr/lib/x86_64-linux-gnu/libxtables.so.12.4.0"]),
    deb!("libatm1", "1:2.5.1-4build2", "1:2.5.1-4+b2", "amd64", "main", "libs", 22_898, 75, "libc6 (>= 2.14)", "", true, "shared library for ATM (Asynchronous Transfer Mode)", ["usr/lib/x86_64-linux-gnu/libatm.so.1.0.0"]),
    deb!("dnsutils", "U:1:9.18.18-0ubuntu0.22.04.2", "1:9.18.19-1~deb12u1", "all", "main", "oldlibs", 3_924, 17, "bind9-dnsutils", "", false, "Transitional package for bind9-dnsutils", ["usr/share/doc/dnsutils/changelog.Debian.gz"]),
    deb!("bind9-dnsutils", "U:1:9.18.18-0ubuntu0.22.04.2", "1:9.18.19-1~deb12u1", "amd64", "main", "net", 156_402, 547, "bind9-host | host, bind9-libs (= 1:9.18.18-0ubuntu0.22.04.2), libc6 (>= 2.34), libedit2 (>= 2.11-20080614-4), libidn2-0 (>= 2.0.0), libssl3 (>= 3.0.0)", "", false, "Clients provided with BIND 9", ["usr/bin/dig*dig", "usr/bin/nslookup*nslookup", "usr/bin/nsupdate*nsupdate"]),
    deb!("bind9-host", "U:1:9.18.18-0ubuntu0.22.04.2", "1:9.18.19-1~deb12u1", "amd64", "main", "net", 52_292, 147, "bind9-libs (= 1:9.18.18-0ubuntu0.22.04.2), libc6 (>= 2.34), libidn2-0 (>= 2.0.0)", "", false, "DNS Lookup Utility", ["usr/bin/host*host"]),
    deb!("bind9-libs", "U:1:9.18.18-0ubuntu0.22.04.2", "1:9.18.19-1~deb12u1", "amd64", "main", "libs", 1_245_688, 3_702, "libc6 (>= 2.34), libjson-c5 (>= 0.15), liblmdb0 (>= 0.9.7), libmaxminddb0 (>= 1.3.0), libnghttp2-14 (>= 1.12.0), libssl3 (>= 3.0.0), libuv1 (>= 1.40.0), libxml2 (>= 2.7.4), zlib1g (>= 1:1.2.0)", "", true, "Shared Libraries used by BIND 9", ["usr/lib/x86_64-linux-gnu/libdns-9.18.18-0ubuntu0.22.04.2-Ubuntu.so"]),
    deb!("libuv1", "1.43.0-1", "1.44.2-1", "amd64", "main", "libs", 92_642, 276, "libc6 (>= 2.34)", "", true, "asynchronous event notification library - runtime library", ["usr/lib/x86_64-linux-gnu/libuv.so.1.0.0"]),
    deb!("libxml2", "U:2.9.13+dfsg-1ubuntu0.3", "2.9.14+dfsg-1.3~deb12u1", "amd64", "main", "libs", 763_468, 2_030, "libc6 (>= 2.34), libicu70 (>= 70.1-1~), liblzma5 (>= 5.1.1alpha+20120614), zlib1g (>= 1:1.2.3.3)", "", true, "GNOME XML library", ["usr/lib/x86_64-linux-gnu/libxml2.so.2.9.13"]),
    deb!("libicu70", "70.1-2", "72.1-3", "amd64", "main", "libs", 10_647_240, 35_416, "libc6 (>= 2.34), libgcc-s1 (>= 3.3.1), libstdc++6 (>= 12)", "", true, "International Components for Unicode", ["usr/lib/x86_64-linux-gnu/libicuuc.so.70.1"]),
    deb!("git", "U:1:2.34.1-1ubuntu1.10", "1:2.39.2-1.1", "amd64", "main", "vcs", 3_166_242, 18_863, "libc6 (>= 2.34), libcurl3-gnutls (>= 7.56.1), libexpat1 (>= 2.0.1), libpcre2-8-0 (>= 10.34), zlib1g (>= 1:1.2.0), perl, liberror-perl, git-man (>> 1:2.34.1), git-man (<< 1:2.34.1-.)", "ca-certificates, patch, less, ssh-client", false, "fast, scalable, distributed revision control system", ["usr/bin/git*git", "usr/lib/git-core/git-remote-https*git"]),
    deb!("git-man", "U:1:2.34.1-1ubuntu1.10", "1:2.39.2-1.1", "all", "main", "doc", 954_498, 2_170, "", "", false, "fast, scalable, distributed revision control system (manual pages)", ["usr/share/man/man1/git.1.gz"]),
    deb!("liberror-perl", "0.17029-1", "0.17029-2", "all", "main", "perl", 26_458, 67, "perl", "", false, "Perl module for error/exception handling in an OO-ish way", ["usr/share/perl5/Error.pm"]),
    deb!("libcurl3-gnutls", "U:7.81.0-1ubuntu1.15", "7.88.1-10+deb12u5", "amd64", "main", "libs", 284_166, 798, "libbrotli1 (>= 0.6.0), libc6 (>= 2.34), libgnutls30 (>= 3.7.2), libnghttp2-14 (>= 1.12.0), libpsl5 (>= 0.16.0), librtmp1, libssh-4 (>= 0.9.0), zlib1g (>= 1:1.1.4)", "", true, "easy-to-use client-side URL transfer library (GnuTLS flavour)", ["usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4.7.0"]),
    deb!("libexpat1", "U:2.4.7-1ubuntu0.2", "2.5.0-1", "amd64", "main", "libs", 91_038, 264, "libc6 (>= 2.25)", "", true, "XML parsing C library - runtime library", ["usr/lib/x86_64-linux-gnu/libexpat.so.1.8.7"]),
    deb!("patch", "2.7.6-7build2", "2.7.6-7", "amd64", "main", "vcs", 105_684, 299, "libc6 (>= 2.34)", "", false, "Apply a diff file to an original", ["usr/bin/patch*patch"]),
    deb!("python3", "U:3.10.6-1~22.04", "3.11.2-1+b1", "amd64", "main", "python", 22_788, 89, "python3.10 (>= 3.10.6-1~), libpython3-stdlib (= 3.10.6-1~22.04)", "", false, "interactive high-level object-oriented language (default python3 version)", ["usr/bin/python3@python3.10"]),
    deb!("python3.10", "U:3.10.12-1~22.04.3", "3.11.2-6", "amd64", "main", "python", 508_256, 638, "python3.10-minimal (= 3.10.12-1~22.04.3), libpython3.10-stdlib (= 3.10.12-1~22.04.3), media-types | mime-support", "", false, "Interactive high-level object-oriented language (version 3.10)", ["usr/bin/python3.10*python3"]),
    deb!("python3.10-minimal", "U:3.10.12-1~22.04.3", "3.11.2-6", "amd64", "main", "python", 2_263_864, 5_813, "libpython3.10-minimal (= 3.10.12-1~22.04.3), libexpat1 (>= 2.1~beta3), zlib1g (>= 1:1.2.0)", "", false, "Minimal subset of the Python language (version 3.10)", ["usr/lib/python3.10/os.py"]),
    deb!("libpython3.10-minimal", "U:3.10.12-1~22.04.3", "3.11.2-6", "amd64", "main", "python", 813_812, 4_792, "libc6 (>= 2.14), libssl3 (>= 3.0.0)", "", true, "Minimal subset of the Python language (version 3.10)", ["usr/lib/python3.10/encodings/__init__.py"]),
    deb!("libpython3.10-stdlib", "U:3.10.12-1~22.04.3", "3.11.2-6", "amd64", "main", "python", 1_848_982, 7_716, "libpython3.10-minimal (= 3.10.12-1~22.04.3), libbz2-1.0, libc6 (>= 2.34), libffi8 (>= 3.4), liblzma5 (>= 5.1.1alpha+20120614), libmpdec3, libncursesw6 (>= 6.1), libreadline8 (>= 7.0~beta), libsqlite3-0 (>= 3.36.0), libtinfo6 (>= 6), libuuid1 (>= 2.20.1)", "", true, "Interactive high-level object-oriented language (standard library, version 3.10)", ["usr/lib/python3.10/json/__init__.py"]),
    deb!("libpython3-stdlib", "U:3.10.6-1~22.04", "3.11.2-1+b1", "amd64", "main", "python", 6_910, 37, "libpython3.10-stdlib (>= 3.10.6-1~)", "", true, "interactive high-level object-oriented language (default python3 version)", ["usr/share/doc/libpython3-stdlib/copyright"]),
    deb!("libmpdec3", "2.5.1-2build2", "2.5.1-2", "amd64", "main", "libs", 85_858, 237, "libc6 (>= 2.14)", "", true, "library for decimal floating point arithmetic (runtime library)", ["usr/lib/x86_64-linux-gnu/libmpdec.so.2.5.1"]),
    deb!("libreadline8", "8.1.2-1", "8.2-1.3", "amd64", "main", "libs", 153_768, 433, "readline-common, libc6 (>= 2.33), libtinfo6 (>= 6)", "", true, "GNU readline and history libraries, run-time libraries", ["usr/lib/x86_64-linux-gnu/libreadline.so.8.1"]),
    deb!("readline-common", "8.1.2-1", "8.2-1.3", "all", "main", "utils", 53_614, 113, "", "", false, "GNU readline and history libraries, common files", ["etc/inputrc"]),
    deb!("libsqlite3-0", "U:3.37.2-2ubuntu0.3", "3.40.1-2", "amd64", "main", "libs", 642_550, 1_545, "libc6 (>= 2.34)", "", true, "SQLite 3 shared library", ["usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6"]),
    deb!("media-types", "7.0.0", "10.0.0", "all", "main", "net", 25_504, 93, "", "", false, "List of standard media types and their usual file extension", ["etc/mime.types"]),
    deb!("nodejs", "12.22.9~dfsg-1ubuntu3.3", "18.19.0+dfsg-6~deb12u1", "amd64", "universe", "javascript", 122_270, 576, "libc6 (>= 2.34), libnode72 (= 12.22.9~dfsg-1ubuntu3.3)", "ca-certificates, nodejs-doc", false, "evented I/O for V8 javascript - runtime executable", ["usr/bin/node*node", "usr/bin/nodejs@node"]),
    deb!("libnode72", "12.22.9~dfsg-1ubuntu3.3", "18.19.0+dfsg-6~deb12u1", "amd64", "universe", "libs", 10_782_454, 41_416, "libbrotli1 (>= 0.6.0), libc-ares2 (>= 1.11.0~rc1), libc6 (>= 2.34), libicu70 (>= 70.1-1~), libnghttp2-14 (>= 1.41.0), libssl3 (>= 3.0.0), libstdc++6 (>= 11), libuv1 (>= 1.38.0), zlib1g (>= 1:1.1.4)", "", false, "evented I/O for V8 javascript - runtime library", ["usr/lib/x86_64-linux-gnu/libnode.so.72"]),
    deb!("libc-ares2", "U:1.18.1-1ubuntu0.22.04.3", "1.18.1-3", "amd64", "main", "libs", 45_104, 124, "libc6 (>= 2.34)", "", true, "asynchronous name resolver", ["usr/lib/x86_64-linux-gnu/libcares.so.2.5.1"]),
    deb!("nodejs-doc", "12.22.9~dfsg-1ubuntu3.3", "18.19.0+dfsg-6~deb12u1", "all", "universe", "doc", 2_411_066, 12_040, "", "", false, "API documentation for Node.js, the javascript platform", ["usr/share/doc/nodejs/api/index.html"]),
    deb!("npm", "8.5.1~ds-1", "9.2.0~ds1-1", "all", "universe", "javascript", 894_162, 3_116, "ca-certificates, node-abbrev, nodejs", "", false, "package manager for Node.js", ["usr/bin/npm@../share/nodejs/npm/bin/npm-cli.js", "usr/share/nodejs/npm/bin/npm-cli.js*npm"]),
    deb!("node-abbrev", "1.1.1+~1.1.2-1", "1.1.1+~1.1.2-1", "all", "universe", "javascript", 5_870, 23, "", "", false, "Get unique abbreviations for a set of words - Node.js module", ["usr/share/nodejs/abbrev/abbrev.js"]),
    deb!("debootstrap", "1.0.126+nmu1ubuntu0.5", "1.0.128+nmu2+deb12u1", "all", "main", "admin", 79_848, 314, "wget", "gnupg, ubuntu-keyring", false, "Bootstrap a basic Debian system", ["usr/sbin/debootstrap*debootstrap", "usr/share/debootstrap/functions"]),
    deb!("jq", "1.6-2.1ubuntu3", "1.6-2.1", "amd64", "universe", "utils", 52_548, 102, "libjq1 (= 1.6-2.1ubuntu3), libc6 (>= 2.34)", "", false, "lightweight and flexible command-line JSON processor", ["usr/bin/jq*jq"]),
    deb!("libjq1", "1.6-2.1ubuntu3", "1.6-2.1", "amd64", "universe", "libs", 133_204, 359, "libonig5 (>= 6.1.3), libc6 (>= 2.34)", "", true, "lightweight and flexible command-line JSON processor - shared library", ["usr/lib/x86_64-linux-gnu/libjq.so.1.0.4"]),
    deb!("libonig5", "6.9.7.1-2build1", "6.9.8-1", "amd64", "universe", "libs", 172_168, 622, "libc6 (>= 2.14)", "", true, "regular expressions library", ["usr/lib/x86_64-linux-gnu/libonig.so.5.2.0"]),
    deb!("tree", "2.0.2-1", "2.1.0-1", "amd64", "universe", "utils", 47_880, 115, "libc6 (>= 2.34)", "", false, "displays an indented directory tree, in color", ["usr/bin/tree*tree"]),
    deb!("file", "1:5.41-3ubuntu0.1", "1:5.44-3", "amd64", "main", "utils", 21_484, 83, "libc6 (>= 2.34), libmagic1 (= 1:5.41-3ubuntu0.1)", "", false, "Recognize the type of data in a file using \"magic\" numbers", ["usr/bin/file*file"]),
    deb!("libmagic1", "1:5.41-3ubuntu0.1", "1:5.44-3", "amd64", "main", "libs", 87_174, 229, "libbz2-1.0, libc6 (>= 2.33), liblzma5 (>= 5.1.1alpha+20120614), zlib1g (>= 1:1.1.4), libmagic-mgc (= 1:5.41-3ubuntu0.1)", "", true, "Recognize the type of data in a file using \"magic\" numbers - library", ["usr/lib/x86_64-linux-gnu/libmagic.so.1.0.0"]),
    deb!("libmagic-mgc", "1:5.41-3ubuntu0.1", "1:5.44-3", "amd64", "main", "libs", 257_326, 6_828, "", "", false, "File type determination library using \"magic\" numbers (compiled magic file)", ["usr/lib/file/magic.mgc"]),
    // Database clients a lesson connects with from the host (the servers run in containers).
    deb!("postgresql-client", "14+238", "15+248", "all", "main", "database", 70_368, 80, "postgresql-client-15", "", false, "front-end programs for PostgreSQL (supported version)", []),
    deb!("postgresql-client-15", "14.10-0ubuntu0.22.04.1", "15.5-0+deb12u1", "amd64", "main", "database", 1_718_540, 6_540, "libc6 (>= 2.34)", "", false, "front-end programs for PostgreSQL 15", ["usr/lib/postgresql/15/bin/psql*psql", "usr/bin/psql@../lib/postgresql/15/bin/psql"]),
    deb!("redis-tools", "5:6.0.16-1ubuntu1", "5:7.0.15-1~deb12u1", "amd64", "universe", "database", 988_740, 6_344, "libc6 (>= 2.34)", "", false, "Persistent key-value database with network interface (client)", ["usr/bin/redis-cli*redis-cli", "usr/bin/redis-benchmark*redis-benchmark"]),
];

/// The archive's entry for `name`.
pub fn find(name: &str) -> Option<&'static Deb> {
    ARCHIVE.iter().find(|d| d.name == name)
}

impl Deb {
    /// The version in `release` (`jammy` data serves every Ubuntu, `bookworm` every Debian).
    pub fn version(&self, ubuntu: bool) -> &'static str {
        if ubuntu { self.jammy.trim_start_matches("U:") } else { self.bookworm }
    }

    /// Whether Ubuntu ships this version from `-updates` rather than the release pocket.
    pub fn from_updates(&self) -> bool {
        self.jammy.starts_with("U:")
    }

    /// `Depends:` as the release writes it: jammy's exact versions become bookworm's.
    pub fn depends_in(&self, ubuntu: bool) -> String {
        if ubuntu {
            return self.depends.to_string();
        }
        let items = self.depends.split(", ").map(|item| match item.split_once(" (") {
            Some((name, cons)) if cons.contains("ubuntu") || cons.contains("~22.04") => match (cons.starts_with("= "), find(name)) {
                (true, Some(d)) => format!("{name} (= {})", d.bookworm),
                _ => name.to_string(),
            },
            _ => item.to_string(),
        });
        items.collect::<Vec<_>>().join(", ")
    }

    /// The package names a relationship field names (first alternative, versions dropped).
    pub fn names(field: &str) -> Vec<&str> {
        field.split(',').filter_map(|alt| alt.split('|').next()).map(|s| s.split_whitespace().next().unwrap_or("")).filter(|s| !s.is_empty()).collect()
    }
}
