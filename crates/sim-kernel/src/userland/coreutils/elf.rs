//! The simulator's stand-in for ELF dynamic linking: which shared libraries a binary needs,
//! where they live, and whether a root directory has them.
//!
//! A simulated executable ([`crate::program::executable`]) may carry, after its marker line,
//! a `NEEDED=` line listing its libraries by soname, the way a real ELF file carries
//! `DT_NEEDED` entries. `ldd` prints that list resolved against the library directories;
//! `chroot` and the other exec-ing applets refuse to run a binary whose loader or libraries
//! are missing in the new root, as the dynamic loader would. That is the lesson of "copy bash
//! and its libraries into the jail".

use crate::program::executable;
use crate::sys::Proc;

/// The dynamic loader every binary names (`PT_INTERP`).
pub const LOADER: &str = "/lib64/ld-linux-x86-64.so.2";

/// Where the loader looks for libraries, in order (Debian's multiarch paths first).
pub const LIB_DIRS: [&str; 4] = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64"];

/// A shared library: soname, the real file name in `/usr/lib/x86_64-linux-gnu`, its size.
pub type Lib = (&'static str, &'static str, usize);

/// The libraries the host's binaries use, with Debian 12's file names and sizes.
pub const LIBS: [Lib; 15] = [
    ("libc.so.6", "libc.so.6", 1_926_232),
    ("ld-linux-x86-64.so.2", "ld-linux-x86-64.so.2", 215_000),
    ("libtinfo.so.6", "libtinfo.so.6.4", 204_088),
    ("libselinux.so.1", "libselinux.so.1", 174_312),
    ("libpcre2-8.so.0", "libpcre2-8.so.0.11.2", 629_384),
    ("libacl.so.1", "libacl.so.1.1.2301", 38_832),
    ("libattr.so.1", "libattr.so.1.1.2501", 26_544),
    ("libmount.so.1", "libmount.so.1.1.0", 404_096),
    ("libblkid.so.1", "libblkid.so.1.1.0", 355_328),
    ("libm.so.6", "libm.so.6", 911_904),
    ("libproc2.so.0", "libproc2.so.0.0.1", 203_272),
    ("libsystemd.so.0", "libsystemd.so.0.35.0", 844_736),
    ("libaudit.so.1", "libaudit.so.1.0.0", 128_952),
    ("libcap-ng.so.0", "libcap-ng.so.0.0.0", 30_704),
    ("libcrypt.so.1", "libcrypt.so.1.1.0", 202_880),
];

/// The contents of a simulated binary running `program` that needs `libs`.
pub fn binary(program: &str, size: usize, libs: &[&str]) -> Vec<u8> {
    let mut data = executable(program, 0);
    if !libs.is_empty() {
        data.extend_from_slice(format!("NEEDED={}\n", libs.join(",")).as_bytes());
    }
    if data.len() < size {
        data.resize(size, 0);
    }
    data
}

/// The contents of a shared library file.
pub fn shared_object(soname: &str, size: usize) -> Vec<u8> {
    let mut data = b"\x7fELF\x02\x01\x01\x00wharf-lib:".to_vec();
    data.extend_from_slice(soname.as_bytes());
    data.push(b'\n');
    data.resize(size.max(data.len()), 0);
    data
}

/// What a file is, for the loader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A dynamically linked executable and its libraries.
    Dynamic(Vec<String>),
    /// A shared library.
    Library,
    /// Not ELF at all (a script, a text file).
    NotElf,
}

/// Classifies file contents.
pub fn kind(contents: &[u8]) -> Kind {
    if contents.starts_with(b"\x7fELF\x02\x01\x01\x00wharf-lib:") {
        return Kind::Library;
    }
    if crate::program::program_name(contents).is_none() {
        return Kind::NotElf;
    }
    let head = &contents[..contents.len().min(1024)];
    let mut lines = head.split(|&b| b == b'\n').skip(1);
    let needed = lines
        .next()
        .and_then(|l| l.strip_prefix(b"NEEDED="))
        .map(|l| String::from_utf8_lossy(l).split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    Kind::Dynamic(needed)
}

/// Where the loader finds `soname` as `p` sees the filesystem (`None`: not found).
pub fn find_lib(p: &Proc, soname: &str) -> Option<String> {
    LIB_DIRS.iter().map(|d| format!("{d}/{soname}")).find(|c| p.stat(c).is_ok())
}

/// Why a binary would not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The loader itself is missing: `execve` fails with `ENOENT`.
    NoLoader,
    /// A library is missing: the loader prints its message and exits 127.
    MissingLib(String),
}

/// Checks that the binary at `path` could be loaded: its loader and libraries exist.
pub async fn check_loadable(p: &Proc, path: &str) -> Result<(), LoadError> {
    let Ok(fd) = p.open(path, crate::sys::OpenFlags::READ, 0) else { return Ok(()) };
    let mut head = vec![0u8; 512];
    let n = p.read(fd, &mut head).await.unwrap_or(0);
    let _ = p.close(fd);
    head.truncate(n);
    let Kind::Dynamic(libs) = kind(&head) else { return Ok(()) };
    if libs.is_empty() {
        return Ok(());
    }
    if p.stat(LOADER).is_err() {
        return Err(LoadError::NoLoader);
    }
    match libs.iter().find(|l| find_lib(p, l).is_none()) {
        Some(l) => Err(LoadError::MissingLib(l.clone())),
        None => Ok(()),
    }
}

/// A stable, plausible load address for a library, like `0x00007f3c5e8a1000`.
pub fn load_address(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    let (base, spread) = if name == "linux-vdso.so.1" { (0x7ffd_1000_0000u64, 0xffff) } else { (0x7f3c_0000_0000u64, 0xf_ffff) };
    format!("0x{:016x}", base + ((h >> 20) & spread) * 0x1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_libraries_survive_the_round_trip() {
        let bash = binary("sh", 4096, &["libtinfo.so.6", "libc.so.6"]);
        assert_eq!(bash.len(), 4096);
        assert_eq!(crate::program::program_name(&bash), Some("sh"));
        assert_eq!(kind(&bash), Kind::Dynamic(vec!["libtinfo.so.6".into(), "libc.so.6".into()]));
        assert_eq!(kind(&shared_object("libc.so.6", 100)), Kind::Library);
        assert_eq!(kind(b"#!/bin/sh\n"), Kind::NotElf);
        assert_eq!(load_address("libc.so.6"), load_address("libc.so.6"));
        assert!(load_address("libc.so.6").ends_with("000"));
    }
}
