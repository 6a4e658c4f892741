//! Capabilities: root's powers split into bits. A process has a bounding set (what Docker
//! leaves a container: `--cap-add`, `--cap-drop`); as root its permitted and effective sets
//! are that set, as any other user they are empty. The kernel checks one bit per privileged
//! operation (`mount` needs `CAP_SYS_ADMIN`, `chown` `CAP_CHOWN`, raw sockets `CAP_NET_RAW`).

/// Capability names by bit number, as `capabilities(7)` numbers them (Linux 6.1 knows 41).
pub const NAMES: [&str; 41] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
    "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
    "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
];

/// One capability, a bit number of [`NAMES`].
pub type Cap = u32;

/// Change any file's owner (`chown`).
pub const CAP_CHOWN: Cap = 0;
/// Bypass file read, write and search permissions.
pub const CAP_DAC_OVERRIDE: Cap = 1;
/// Act as any file's owner (`chmod` of others' files).
pub const CAP_FOWNER: Cap = 3;
/// Change user IDs (`su`, `setuid`).
pub const CAP_SETUID: Cap = 7;
/// Change capability sets (drop from the bounding set).
pub const CAP_SETPCAP: Cap = 8;
/// Raw sockets (`ping`).
pub const CAP_NET_RAW: Cap = 13;
/// `chroot`.
pub const CAP_SYS_CHROOT: Cap = 18;
/// `mount`, namespaces, `sethostname` and much more.
pub const CAP_SYS_ADMIN: Cap = 21;
/// Create device files (`mknod`).
pub const CAP_MKNOD: Cap = 27;

/// Every capability: what root on the host has.
pub const ALL: u64 = (1 << NAMES.len()) - 1;

/// The set named by `names` (`CAP_CHOWN`...; `CAP_ALL` is every one; unknown names are ignored).
pub fn mask_of(names: &[String]) -> u64 {
    names.iter().fold(0, |mask, name| {
        if name == "CAP_ALL" {
            return ALL;
        }
        mask | NAMES.iter().position(|n| n == name).map_or(0, |bit| 1 << bit)
    })
}

/// A set as `/proc/PID/status` prints it: 16 hex digits.
pub fn hex(mask: u64) -> String {
    format!("{mask:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockers_default_set_is_a80425fb() {
        let default = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"];
        let names: Vec<String> = default.iter().map(|s| s.to_string()).collect();
        assert_eq!(hex(mask_of(&names)), "00000000a80425fb");
        assert_eq!(hex(ALL), "000001ffffffffff");
        assert_eq!(mask_of(&["CAP_ALL".into()]), ALL);
        assert_eq!(mask_of(&[]), 0);
    }
}
