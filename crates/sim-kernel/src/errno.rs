//! Linux error numbers, with the numbers and `strerror(3)` texts programs print.

use std::fmt;

use wharf_engine::fs::FsError;

/// An error a simulated system call returns, as `errno`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the variants are Linux's errno names; Errno::message documents each")]
pub enum Errno {
    EPERM,
    ENOENT,
    ESRCH,
    EINTR,
    EIO,
    E2BIG,
    ENOEXEC,
    EBADF,
    ECHILD,
    EAGAIN,
    ENOMEM,
    EACCES,
    EBUSY,
    EEXIST,
    EXDEV,
    ENODEV,
    ENOTDIR,
    EISDIR,
    EINVAL,
    EMFILE,
    ENOTTY,
    EFBIG,
    ENOSPC,
    ESPIPE,
    EROFS,
    EPIPE,
    ENAMETOOLONG,
    ENOSYS,
    ENOTEMPTY,
    ELOOP,
    ECONNREFUSED,
    EADDRINUSE,
    ETIMEDOUT,
    EHOSTUNREACH,
    ENETUNREACH,
}

impl Errno {
    /// The number, as on x86-64 Linux.
    pub fn number(self) -> i32 {
        use Errno::*;
        match self {
            EPERM => 1,
            ENOENT => 2,
            ESRCH => 3,
            EINTR => 4,
            EIO => 5,
            E2BIG => 7,
            ENOEXEC => 8,
            EBADF => 9,
            ECHILD => 10,
            EAGAIN => 11,
            ENOMEM => 12,
            EACCES => 13,
            EBUSY => 16,
            EEXIST => 17,
            EXDEV => 18,
            ENODEV => 19,
            ENOTDIR => 20,
            EISDIR => 21,
            EINVAL => 22,
            EMFILE => 24,
            ENOTTY => 25,
            EFBIG => 27,
            ENOSPC => 28,
            ESPIPE => 29,
            EROFS => 30,
            EPIPE => 32,
            ENAMETOOLONG => 36,
            ENOSYS => 38,
            ENOTEMPTY => 39,
            ELOOP => 40,
            EADDRINUSE => 98,
            ENETUNREACH => 101,
            ETIMEDOUT => 110,
            ECONNREFUSED => 111,
            EHOSTUNREACH => 113,
        }
    }

    /// `strerror(3)` as glibc words it (the course's host is Debian/Ubuntu): the text programs
    /// print after a colon.
    pub fn message(self) -> &'static str {
        use Errno::*;
        match self {
            EPERM => "Operation not permitted",
            ENOENT => "No such file or directory",
            ESRCH => "No such process",
            EINTR => "Interrupted system call",
            EIO => "Input/output error",
            E2BIG => "Argument list too long",
            ENOEXEC => "Exec format error",
            EBADF => "Bad file descriptor",
            ECHILD => "No child processes",
            EAGAIN => "Resource temporarily unavailable",
            ENOMEM => "Cannot allocate memory",
            EACCES => "Permission denied",
            EBUSY => "Device or resource busy",
            EEXIST => "File exists",
            EXDEV => "Invalid cross-device link",
            ENODEV => "No such device",
            ENOTDIR => "Not a directory",
            EISDIR => "Is a directory",
            EINVAL => "Invalid argument",
            EMFILE => "Too many open files",
            ENOTTY => "Inappropriate ioctl for device",
            EFBIG => "File too large",
            ENOSPC => "No space left on device",
            ESPIPE => "Illegal seek",
            EROFS => "Read-only file system",
            EPIPE => "Broken pipe",
            ENAMETOOLONG => "File name too long",
            ENOSYS => "Function not implemented",
            ENOTEMPTY => "Directory not empty",
            ELOOP => "Too many levels of symbolic links",
            EADDRINUSE => "Address already in use",
            ENETUNREACH => "Network is unreachable",
            ETIMEDOUT => "Connection timed out",
            ECONNREFUSED => "Connection refused",
            EHOSTUNREACH => "No route to host",
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Errno {}

impl From<&FsError> for Errno {
    fn from(e: &FsError) -> Errno {
        match e {
            FsError::NotFound(_) => Errno::ENOENT,
            FsError::AlreadyExists(_) => Errno::EEXIST,
            FsError::NotADirectory(_) => Errno::ENOTDIR,
            FsError::IsADirectory(_) => Errno::EISDIR,
            FsError::DirectoryNotEmpty(_) => Errno::ENOTEMPTY,
            FsError::SymlinkInPath(_) => Errno::ELOOP,
            FsError::CrossDevice(_) => Errno::EXDEV,
            FsError::InvalidPath(_) => Errno::EINVAL,
            FsError::Unsupported { .. } => Errno::EINVAL,
            _ => Errno::EIO,
        }
    }
}

impl From<FsError> for Errno {
    fn from(e: FsError) -> Errno {
        Errno::from(&e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_glibcs() {
        assert_eq!(Errno::ENOENT.to_string(), "No such file or directory");
        assert_eq!(Errno::EAGAIN.number(), 11);
        assert_eq!(Errno::from(FsError::DirectoryNotEmpty("x".into())), Errno::ENOTEMPTY);
    }
}
