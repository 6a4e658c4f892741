//! Alpine 3.18's simulated `main` and `community` repositories: `(name, version, installed
//! bytes, dependencies, description, files)`; files as in [`super::debs::Deb::files`].

/// One package of the Alpine repositories.
pub type Apk = (&'static str, &'static str, u64, &'static [&'static str], &'static str, &'static [&'static str]);

/// Every package of the simulated repositories.
pub const REPO: &[Apk] = &[
    ("ca-certificates", "20230506-r0", 688_128, &[], "Common CA certificates PEM files from Mozilla", &["usr/sbin/update-ca-certificates*update-ca-certificates", "etc/ssl/certs/ca-certificates.crt"]),
    ("brotli-libs", "1.0.9-r14", 737_280, &[], "Generic lossless compressor (libraries)", &["usr/lib/libbrotlicommon.so.1"]),
    ("libunistring", "1.1-r1", 1_597_440, &[], "Library for manipulating Unicode strings and C strings", &["usr/lib/libunistring.so.5"]),
    ("libidn2", "2.3.4-r1", 135_168, &["libunistring"], "Encode/Decode library for internationalized domain names", &["usr/lib/libidn2.so.0"]),
    ("nghttp2-libs", "1.57.0-r0", 167_936, &[], "Experimental HTTP/2 client, server and proxy (libraries)", &["usr/lib/libnghttp2.so.14"]),
    ("libcurl", "8.5.0-r0", 520_192, &["brotli-libs", "libidn2", "nghttp2-libs", "ca-certificates"], "The multiprotocol file transfer library", &["usr/lib/libcurl.so.4"]),
    ("curl", "8.5.0-r0", 253_952, &["ca-certificates", "libcurl"], "URL retrival utility and library", &["usr/bin/curl*curl"]),
    ("pcre2", "10.42-r1", 700_416, &[], "Perl-compatible regular expression library", &["usr/lib/libpcre2-8.so.0"]),
    ("wget", "1.21.4-r0", 512_000, &["libidn2", "pcre2"], "Network utility to retrieve files from the Web", &["usr/bin/wget*wget"]),
    ("ncurses-terminfo-base", "6.4_p20230506-r0", 229_376, &[], "Descriptions of common terminals", &["etc/terminfo/x/xterm"]),
    ("libncursesw", "6.4_p20230506-r0", 421_888, &["ncurses-terminfo-base"], "Console display library (libncursesw)", &["usr/lib/libncursesw.so.6"]),
    ("readline", "8.2.1-r1", 299_008, &["libncursesw"], "GNU readline library", &["usr/lib/libreadline.so.8"]),
    ("bash", "5.2.15-r5", 1_306_624, &["readline"], "The GNU Bourne Again shell", &["bin/bash*sh"]),
    ("htop", "3.2.2-r1", 294_912, &["libncursesw"], "Interactive process viewer", &["usr/bin/htop*htop"]),
    ("libsodium", "1.0.18-r3", 352_256, &[], "P(ortable|ackageable) NaCl-based crypto library", &["usr/lib/libsodium.so.23"]),
    ("xxd", "9.0.2073-r0", 20_480, &[], "Hexdump utility from vim", &["usr/bin/xxd*xxd"]),
    ("vim-common", "9.0.2073-r0", 33_935_360, &[], "Vi IMproved, a highly configurable, improved version of the vi text editor (common files)", &["etc/vim/vimrc"]),
    ("vim", "9.0.2073-r0", 3_469_312, &["xxd", "vim-common", "libncursesw", "libsodium"], "Improved vi-style text editor", &["usr/bin/vim*vim"]),
    ("libmagic", "5.45-r0", 8_613_888, &[], "File type identification library", &["usr/lib/libmagic.so.1"]),
    ("nano", "7.2-r1", 610_304, &["libmagic", "libncursesw"], "Enhanced clone of the Pico text editor", &["bin/nano*nano"]),
    ("less", "633-r0", 188_416, &["libncursesw"], "File pager", &["usr/bin/less*less"]),
    ("file", "5.45-r0", 24_576, &["libmagic"], "File type identification utility", &["usr/bin/file*file"]),
    ("oniguruma", "6.9.8-r1", 593_920, &[], "a regular expressions library", &["usr/lib/libonig.so.5"]),
    ("jq", "1.6-r3", 299_008, &["oniguruma"], "A lightweight and flexible command-line JSON processor", &["usr/bin/jq*jq"]),
    ("tree", "2.1.1-r0", 77_824, &[], "A recursive directory indented listing of files", &["usr/bin/tree*tree"]),
    ("openssl", "3.1.4-r1", 733_184, &[], "Toolkit for Transport Layer Security (TLS)", &["usr/bin/openssl*openssl"]),
    ("iputils", "20221126-r2", 204_800, &[], "IP Configuration Utilities (and Ping)", &["bin/ping*ping", "usr/bin/tracepath*tracepath"]),
    ("libproc2", "4.0.4-r0", 90_112, &[], "Library for monitoring system and processes", &["usr/lib/libproc2.so.0"]),
    ("procps-ng", "4.0.4-r0", 1_040_384, &["libproc2", "libncursesw"], "Utilities for monitoring your system and processes on your system", &["bin/ps*ps", "usr/bin/top*top", "usr/bin/free*free"]),
    ("libmnl", "1.0.5-r1", 28_672, &[], "Library for minimalistic netlink", &["usr/lib/libmnl.so.0"]),
    ("libelf", "0.189-r2", 139_264, &[], "ELF object file access library", &["usr/lib/libelf.so.1"]),
    ("iproute2", "6.3.0-r0", 1_400_832, &["libmnl", "libelf"], "IP Routing Utilities", &["sbin/ip*ip", "usr/sbin/ss*ss"]),
    ("net-tools", "2.10-r3", 335_872, &[], "Linux networking base tools", &["sbin/ifconfig*ifconfig", "bin/netstat*netstat"]),
    ("c-ares", "1.20.1-r1", 90_112, &[], "Asynchronous DNS/names resolver library", &["usr/lib/libcares.so.2"]),
    ("libuv", "1.44.2-r2", 167_936, &[], "Cross-platform asychronous I/O", &["usr/lib/libuv.so.1"]),
    ("json-c", "0.16-r3", 81_920, &[], "A JSON implementation in C", &["usr/lib/libjson-c.so.5"]),
    ("bind-libs", "9.18.19-r0", 3_473_408, &["libuv", "json-c", "nghttp2-libs"], "The libraries for bind", &["usr/lib/libdns.so"]),
    ("bind-tools", "9.18.19-r0", 1_507_328, &["bind-libs", "libidn2"], "The ISC DNS tools", &["usr/bin/dig*dig", "usr/bin/nslookup*nslookup", "usr/bin/host*host"]),
    ("libexpat", "2.5.0-r1", 200_704, &[], "XML Parser library written in C", &["usr/lib/libexpat.so.1"]),
    ("git", "2.40.1-r0", 13_729_792, &["libcurl", "libexpat", "pcre2"], "Distributed version control system", &["usr/bin/git*git"]),
    ("libffi", "3.4.4-r2", 53_248, &[], "portable, high level programming interface to various calling conventions", &["usr/lib/libffi.so.8"]),
    ("sqlite-libs", "3.41.2-r2", 1_183_744, &[], "Sqlite3 library", &["usr/lib/libsqlite3.so.0"]),
    ("python3", "3.11.6-r0", 48_922_624, &["libffi", "readline", "sqlite-libs", "libexpat"], "A high-level scripting language", &["usr/bin/python3.11*python3", "usr/bin/python3@python3.11"]),
    ("libgcc", "12.2.1_git20220924-r10", 131_072, &[], "GNU C compiler runtime libraries", &["usr/lib/libgcc_s.so.1"]),
    ("libstdc++", "12.2.1_git20220924-r10", 2_465_792, &["libgcc"], "GNU C++ standard runtime library", &["usr/lib/libstdc++.so.6"]),
    ("icu-data-en", "73.2-r2", 2_641_920, &[], "Stripped down ICU data with only en_US/GB locale", &["usr/share/icu/73.2/icudt73l.dat"]),
    ("icu-libs", "73.2-r2", 2_064_384, &["icu-data-en", "libstdc++"], "International Components for Unicode library", &["usr/lib/libicuuc.so.73"]),
    ("nodejs", "18.18.2-r0", 42_303_488, &["ca-certificates", "brotli-libs", "c-ares", "icu-libs", "libuv", "nghttp2-libs", "libstdc++"], "JavaScript runtime built on V8 engine - LTS version", &["usr/bin/node*node"]),
    ("npm", "9.6.6-r0", 10_645_504, &["nodejs"], "The package manager for JavaScript", &["usr/lib/node_modules/npm/bin/npm-cli.js*npm", "usr/bin/npm@../lib/node_modules/npm/bin/npm-cli.js"]),
    // Database clients, to reach a database container from another one.
    ("libpq", "15.6-r0", 315_392, &[], "PostgreSQL client library", &["usr/lib/libpq.so.5"]),
    ("postgresql15-client", "15.6-r0", 1_572_864, &["libpq", "readline"], "PostgreSQL client", &["usr/libexec/postgresql15/psql*psql", "usr/bin/psql@../libexec/postgresql15/psql"]),
    ("postgresql-client", "15-r2", 4_096, &["postgresql15-client"], "PostgreSQL client (default version)", &[]),
    ("redis", "7.0.15-r0", 3_403_776, &[], "Advanced key-value store", &["usr/bin/redis-server*redis-server", "usr/bin/redis-cli*redis-cli"]),
];

/// The repository entry for `name`.
pub fn find(name: &str) -> Option<&'static Apk> {
    REPO.iter().find(|a| a.0 == name)
}
