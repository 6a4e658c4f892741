//! A subset of Docker's default seccomp profile, as a classic BPF program written by hand.
//!
//! **Why by hand, not `seccompiler` or libseccomp:** Docker's default profile is an allowlist of
//! ~350 calls, but its effect that lessons show is a short denylist (keyrings, kernel modules,
//! reboot, clock changes, and namespace/mount calls unless the container kept
//! `CAP_SYS_ADMIN`). A denylist is a straight line of `jeq` instructions: about 40 lines of BPF
//! with no new dependency and nothing to link. Denied calls fail with `EPERM` as in Docker;
//! `clone3` fails with `ENOSYS` (so libc falls back to `clone`, whose flags BPF can inspect),
//! and `clone` with any `CLONE_NEW*` flag fails with `EPERM` without `CAP_SYS_ADMIN`.

use std::io;

use super::caps;

const RET_ALLOW: u32 = 0x7fff_0000;
const RET_ERRNO: u32 = 0x0005_0000;
const LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JGE_K: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JSET_K: u16 = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RET_K: u16 = 0x06; // BPF_RET | BPF_K

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;

/// Every `CLONE_NEW*` flag (and `CLONE_NEWTIME`).
const CLONE_NEW_MASK: u32 = (libc::CLONE_NEWNS
    | libc::CLONE_NEWUTS
    | libc::CLONE_NEWIPC
    | libc::CLONE_NEWUSER
    | libc::CLONE_NEWPID
    | libc::CLONE_NEWNET
    | libc::CLONE_NEWCGROUP
    | 0x80) as u32;

/// Denied whatever the capabilities.
const ALWAYS: &[libc::c_long] = &[
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_userfaultfd,
    libc::SYS_lookup_dcookie,
];

/// Denied unless the container keeps the capability.
const UNLESS: &[(u32, libc::c_long)] = &[
    (caps::SYS_ADMIN, libc::SYS_mount),
    (caps::SYS_ADMIN, libc::SYS_umount2),
    (caps::SYS_ADMIN, libc::SYS_unshare),
    (caps::SYS_ADMIN, libc::SYS_setns),
    (caps::SYS_ADMIN, libc::SYS_pivot_root),
    (caps::SYS_ADMIN, libc::SYS_bpf),
    (caps::SYS_ADMIN, libc::SYS_perf_event_open),
    (caps::SYS_ADMIN, libc::SYS_quotactl),
    (caps::SYS_ADMIN, libc::SYS_name_to_handle_at),
    (caps::SYS_ADMIN, libc::SYS_swapon),
    (caps::SYS_ADMIN, libc::SYS_swapoff),
    (2, libc::SYS_open_by_handle_at),  // CAP_DAC_READ_SEARCH
    (22, libc::SYS_reboot),            // CAP_SYS_BOOT
    (16, libc::SYS_init_module),       // CAP_SYS_MODULE
    (16, libc::SYS_finit_module),
    (16, libc::SYS_delete_module),
    (25, libc::SYS_settimeofday),      // CAP_SYS_TIME
    (25, libc::SYS_clock_settime),
    (25, libc::SYS_clock_adjtime),
    (20, libc::SYS_acct),              // CAP_SYS_PACCT
];

fn stmt(code: u16, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt: 0, jf: 0, k }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// The filter for a container keeping capabilities `keep`.
fn program(keep: &[u32]) -> Vec<libc::sock_filter> {
    let eperm = RET_ERRNO | libc::EPERM as u32;
    let mut p = vec![
        stmt(LD_W_ABS, 4), // seccomp_data.arch
        jump(JEQ_K, AUDIT_ARCH, 1, 0),
        stmt(RET_K, eperm),
        stmt(LD_W_ABS, 0), // seccomp_data.nr
    ];
    #[cfg(target_arch = "x86_64")]
    p.extend([jump(JGE_K, 0x4000_0000, 0, 1), stmt(RET_K, eperm)]); // x32 ABI
    let denied = ALWAYS.iter().copied().chain(UNLESS.iter().filter(|(cap, _)| !keep.contains(cap)).map(|&(_, nr)| nr));
    for nr in denied {
        p.extend([jump(JEQ_K, nr as u32, 0, 1), stmt(RET_K, eperm)]);
    }
    p.extend([jump(JEQ_K, libc::SYS_clone3 as u32, 0, 1), stmt(RET_K, RET_ERRNO | libc::ENOSYS as u32)]);
    if !keep.contains(&caps::SYS_ADMIN) {
        p.extend([
            jump(JEQ_K, libc::SYS_clone as u32, 0, 3),
            stmt(LD_W_ABS, 16), // low half of args[0], the flags (little-endian)
            jump(JSET_K, CLONE_NEW_MASK, 0, 1),
            stmt(RET_K, eperm),
        ]);
    }
    p.push(stmt(RET_K, RET_ALLOW));
    p
}

/// Installs the filter on the calling thread (inherited by `execve`). Needs `CAP_SYS_ADMIN` or
/// `no_new_privs`; the container's init calls it while still privileged, before dropping capabilities.
pub fn install(keep: &[u32]) -> io::Result<()> {
    let filter = program(keep);
    let prog = libc::sock_fprog { len: filter.len() as u16, filter: filter.as_ptr() as *mut libc::sock_filter };
    // SAFETY: `prog` points at `filter`, alive for the call; the kernel copies it.
    let r = unsafe { libc::prctl(libc::PR_SET_SECCOMP, libc::SECCOMP_MODE_FILTER as libc::c_ulong, &prog as *const libc::sock_fprog) };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
