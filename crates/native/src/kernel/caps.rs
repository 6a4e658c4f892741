//! Capabilities: names to numbers, and dropping to a set (`prctl(PR_CAPBSET_DROP)`,
//! `capset(2)`, `PR_CAP_AMBIENT_CLEAR_ALL`), as runc's `capabilities` package does.

use std::io;

/// Linux capability names by number (`capability.h`).
const NAMES: [&str; 41] = [
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
    "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
    "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
    "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
    "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
    "CHECKPOINT_RESTORE",
];

/// `CAP_SYS_ADMIN`.
pub const SYS_ADMIN: u32 = 21;

/// The number of `CAP_NAME` or `NAME` (any case); `None` if unknown.
pub fn number(name: &str) -> Option<u32> {
    let upper = name.to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    NAMES.iter().position(|n| *n == bare).map(|i| i as u32)
}

/// The numbers of `names` (`CAP_CHOWN`, `chown`, or `ALL` for every capability the kernel
/// knows); the unknown name on failure.
pub fn numbers(names: &[String]) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for name in names {
        if name.eq_ignore_ascii_case("ALL") || name.eq_ignore_ascii_case("CAP_ALL") {
            out.extend(0..=last_cap());
        } else {
            out.push(number(name).ok_or_else(|| name.clone())?);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The highest capability this kernel knows (`/proc/sys/kernel/cap_last_cap`).
pub fn last_cap() -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/cap_last_cap").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(40)
}

/// Drops every capability not in `keep` from the bounding set. Needs `CAP_SETPCAP`, so it runs
/// before changing user.
pub fn drop_bounding(keep: &[u32]) -> io::Result<()> {
    for cap in 0..=last_cap() {
        if !keep.contains(&cap) {
            // SAFETY: prctl with integer arguments only.
            if unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap as libc::c_ulong, 0, 0, 0) } != 0 {
                let e = io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EINVAL) {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// Sets effective and permitted to `keep`, and clears the inheritable and ambient sets (the
/// inheritable set is empty since Docker 20.10.14, CVE-2022-24769: a program with file
/// capabilities cannot gain them through it).
pub fn set(keep: &[u32]) -> io::Result<()> {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let mut data = [Data::default(); 2];
    for &cap in keep {
        let (i, bit) = ((cap / 32) as usize, 1u32 << (cap % 32));
        data[i].effective |= bit;
        data[i].permitted |= bit;
    }
    let header = Header { version: 0x2008_0522, pid: 0 };
    // SAFETY: capset(2) reads a v3 header and two data structs, both live and `repr(C)`.
    if unsafe { libc::syscall(libc::SYS_capset, &header as *const Header, data.as_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: prctl with integer arguments only.
    unsafe { libc::prctl(libc::PR_CAP_AMBIENT, libc::PR_CAP_AMBIENT_CLEAR_ALL as libc::c_ulong, 0, 0, 0) };
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_map_to_numbers() {
        assert_eq!(super::number("CAP_CHOWN"), Some(0));
        assert_eq!(super::number("sys_admin"), Some(21));
        assert_eq!(super::number("CAP_NOPE"), None);
        assert_eq!(super::numbers(&["CAP_KILL".into(), "chown".into(), "kill".into()]), Ok(vec![0, 5]));
        assert_eq!(super::numbers(&["ALL".into()]).unwrap().len() as u32, super::last_cap() + 1);
        assert_eq!(super::numbers(&["CAP_NOPE".into()]), Err("CAP_NOPE".into()));
    }
}
