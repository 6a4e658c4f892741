//! Pseudo-terminals for `-t` containers: `/dev/ptmx`, unlocked (`TIOCSPTLCK`), its peer opened
//! with `TIOCGPTPEER` (no path lookup, so no race with another devpts), as runc's console code.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::OpenOptionsExt;

/// A new pty: (master, slave), both close-on-exec.
pub fn open() -> io::Result<(File, File)> {
    let master = OpenOptions::new().read(true).write(true).custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC).open("/dev/ptmx")?;
    let unlock: libc::c_int = 0;
    // SAFETY: ioctls on a descriptor we own; TIOCSPTLCK reads one int from a live pointer.
    unsafe {
        if libc::ioctl(master.as_raw_fd(), libc::TIOCSPTLCK, &unlock) != 0 {
            return Err(io::Error::last_os_error());
        }
        let slave = libc::ioctl(master.as_raw_fd(), libc::TIOCGPTPEER, libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if slave < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok((master, File::from_raw_fd(slave)))
    }
}

/// In the container: a new session with the terminal on stdin as its controlling terminal.
pub fn make_controlling() -> io::Result<()> {
    // SAFETY: setsid and an ioctl on fd 0 with an integer argument.
    unsafe {
        libc::setsid();
        if libc::ioctl(0, libc::TIOCSCTTY, 0) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}
