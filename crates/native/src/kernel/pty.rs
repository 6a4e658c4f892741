//! Pseudo-terminals for `-t` containers, made the way runc does: *inside* the container, from
//! its own `devpts` instance (so `tty` prints `/dev/pts/0`), with the master sent back to the
//! parent over the status socket (`SCM_RIGHTS`), like runc's `--console-socket`.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::net::UnixStream;

/// In the container: opens a pty on `/dev/ptmx`, makes its slave side the standard streams and
/// the controlling terminal of a new session, owned by `uid`/`gid`, and sends the master
/// through `socket`.
pub fn setup_console(socket: &UnixStream, uid: u32, gid: u32) -> io::Result<()> {
    let master = OpenOptions::new().read(true).write(true).custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC).open("/dev/ptmx")?;
    let unlock: libc::c_int = 0;
    // SAFETY: ioctls, fchown, dup2, setsid on descriptors we own; TIOCSPTLCK reads one int.
    unsafe {
        if libc::ioctl(master.as_raw_fd(), libc::TIOCSPTLCK, &unlock) != 0 {
            return Err(io::Error::last_os_error());
        }
        let slave = libc::ioctl(master.as_raw_fd(), libc::TIOCGPTPEER, libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if slave < 0 {
            return Err(io::Error::last_os_error());
        }
        let slave = File::from_raw_fd(slave);
        libc::fchown(slave.as_raw_fd(), uid, gid);
        for fd in 0..3 {
            if libc::dup2(slave.as_raw_fd(), fd) < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        libc::setsid();
        if libc::ioctl(0, libc::TIOCSCTTY, 0) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    send_fd(socket, b"T\n", master.as_raw_fd())
}

/// Writes `data` with `fd` attached.
fn send_fd(socket: &UnixStream, data: &[u8], fd: RawFd) -> io::Result<()> {
    let mut iov = libc::iovec { iov_base: data.as_ptr() as *mut libc::c_void, iov_len: data.len() };
    // Aligned room for one descriptor's control message.
    let mut control = [0u64; 8];
    // SAFETY: msghdr and the control buffer are live for the call; CMSG_* stay within
    // `control` (CMSG_SPACE of one int is well under its 64 bytes).
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = libc::CMSG_SPACE(std::mem::size_of::<RawFd>() as u32) as _;
        let cmsg = libc::CMSG_FIRSTHDR(&msg);
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<RawFd>() as u32) as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(cmsg).cast::<RawFd>(), fd);
        if libc::sendmsg(socket.as_raw_fd(), &msg, 0) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Whether `text` holds a whole line starting with `tag` (`P` for the intermediate process's
/// `P<pid>`, `R` for the container's ready).
pub fn has_line(text: &[u8], tag: u8) -> bool {
    text.split(|&b| b == b'\n').rev().skip(1).any(|l| l.first() == Some(&tag))
}

/// Reads `socket` to its end, or until `text` (all read so far, `report` included) holds a
/// line with `tag`: the text, and any descriptors that came with it, added to `report`.
pub fn read_report_until(socket: &UnixStream, tag: u8, report: &mut (Vec<u8>, Vec<OwnedFd>)) {
    let (text, fds) = report;
    let mut buf = [0u8; 4096];
    while !has_line(text, tag) {
        let mut iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() };
        let mut control = [0u64; 16];
        // SAFETY: as in `send_fd`; received descriptors are taken into OwnedFds once each.
        let n = unsafe {
            let mut msg: libc::msghdr = std::mem::zeroed();
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control.as_mut_ptr().cast();
            msg.msg_controllen = std::mem::size_of_val(&control) as _;
            let n = libc::recvmsg(socket.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC);
            if n > 0 {
                let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
                while !cmsg.is_null() {
                    if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                        let count = ((*cmsg).cmsg_len as usize - libc::CMSG_LEN(0) as usize) / std::mem::size_of::<RawFd>();
                        for i in 0..count {
                            let fd = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<RawFd>().add(i));
                            fds.push(OwnedFd::from_raw_fd(fd));
                        }
                    }
                    cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
                }
            }
            n
        };
        match n {
            n if n > 0 => text.extend_from_slice(&buf[..n as usize]),
            n if n < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => {}
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_line;

    #[test]
    fn a_line_counts_once_it_is_whole() {
        assert!(has_line(b"P42\n", b'P'));
        assert!(has_line(b"Xno\nP42\nR\n", b'R'));
        assert!(!has_line(b"P42\n", b'R'), "ready is still to come");
        assert!(!has_line(b"R\nP4", b'P'), "a line still being written");
        assert!(!has_line(b"", b'P'));
    }
}
