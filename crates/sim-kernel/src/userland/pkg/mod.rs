//! Package managers: `apt`, `apt-get` and `dpkg` for the Debian-family roots, `apk` for
//! Alpine's, over simulated archives ([`debs`], [`apks`]).
//!
//! **Offline by design.** Nothing is fetched: `apt update` writes index files generated from
//! the archive tables into `/var/lib/apt/lists/` (a fresh image has none, so `apt install`
//! before `apt update` fails as on Docker Hub's images), and installing writes the package's
//! files (executables are program markers), dpkg's status database and file lists or apk's
//! `installed` database, printing the real tools' lines. Downloads take virtual time.
//!
//! The release comes from the root's `/etc/os-release`: any Ubuntu gets jammy's archive, any
//! Debian bookworm's, as the course only meets those two.

pub mod apk;
pub mod apks;
pub mod apt;
pub mod base;
pub mod debs;
pub mod dpkg;
mod files;

#[cfg(test)]
mod tests;

use crate::program::Programs;
use crate::sys::Proc;

/// Adds `apt`, `apt-get`, `dpkg`, `dpkg-query` and `apk`.
pub fn register(p: &mut Programs) {
    p.register("apt", |proc| Box::pin(apt::apt(proc, apt::Front::Apt)));
    p.register("apt-get", |proc| Box::pin(apt::apt(proc, apt::Front::AptGet)));
    p.register("dpkg", |proc| Box::pin(dpkg::dpkg(proc)));
    p.register("dpkg-query", |proc| Box::pin(dpkg::dpkg(proc)));
    p.register("apk", |proc| Box::pin(apk::apk(proc)));
}

/// A `KEY=value` of `/etc/os-release` (quotes removed).
pub async fn os_release(p: &Proc, key: &str) -> Option<String> {
    let data = p.read_file("/etc/os-release").await.ok()?;
    let text = String::from_utf8_lossy(&data).into_owned();
    text.lines().find_map(|l| l.strip_prefix(&format!("{key}=")).map(|v| v.trim_matches('"').to_string()))
}

/// apt's `SizeToStr`: four significant digits at most, SI units, no grouping (the C locale
/// of a container): `7932 B`, `42.9 kB`, `1187 kB`, `17.5 MB`.
pub fn apt_size(bytes: f64) -> String {
    let units = ["", "k", "M", "G", "T"];
    let mut size = bytes;
    for (i, u) in units.iter().enumerate() {
        if size < 100.0 && i != 0 {
            return format!("{size:.1} {u}B");
        }
        if size < 10_000.0 {
            return format!("{size:.0} {u}B");
        }
        size /= 1000.0;
    }
    format!("{size:.0} PB")
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn apt_sizes_read_like_apt() {
        assert_eq!(super::apt_size(7932.0), "7932 B");
        assert_eq!(super::apt_size(42_938.0), "42.9 kB");
        assert_eq!(super::apt_size(76_874.0), "76.9 kB");
        assert_eq!(super::apt_size(1_186_530.0), "1187 kB");
        assert_eq!(super::apt_size(17_500_000.0), "17.5 MB");
        assert_eq!(super::apt_size(0.0), "0 B");
    }
}
