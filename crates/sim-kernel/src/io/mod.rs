//! Open files: what a file descriptor points at (a file in a filesystem, a pipe, the terminal,
//! a device), shared between descriptors after `dup` and between processes after spawn.

pub mod pipe;
pub mod tty;

use std::cell::RefCell;
use std::rc::Rc;

use crate::vfs::FsId;
pub use pipe::{Pipe, PipeEnd};
pub use tty::Tty;

/// Which special device a character-device node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// `/dev/null` (1:3): reads end at once, writes vanish.
    Null,
    /// `/dev/zero` (1:5): reads give zeros.
    Zero,
    /// `/dev/urandom` and `/dev/random` (1:9, 1:8): reads give seeded random bytes.
    Random,
    /// `/dev/tty` and `/dev/console` (5:0, 5:1): the controlling terminal.
    Tty,
}

impl Device {
    /// The device a (major, minor) pair names, if it is one the simulator implements.
    pub fn from_rdev(rdev: (u32, u32)) -> Option<Device> {
        match rdev {
            (1, 3) => Some(Device::Null),
            (1, 5) => Some(Device::Zero),
            (1, 8) | (1, 9) => Some(Device::Random),
            (5, 0) | (5, 1) | (136, _) => Some(Device::Tty),
            _ => None,
        }
    }
}

/// What an open file description refers to.
pub enum FileObj {
    /// A regular file in a tree filesystem, by filesystem and path inside it.
    Tree {
        /// The filesystem.
        fs: FsId,
        /// The path inside it.
        path: String,
    },
    /// Contents made at open time (files of `/proc` and `/sys/fs/cgroup`); writes are handed to
    /// the kernel by path.
    Synthetic {
        /// The namespace-absolute path it was opened at (where writes go).
        path: String,
        /// The filesystem that made it.
        fs: FsId,
        /// The path inside that filesystem.
        inner: String,
        /// The contents.
        data: Vec<u8>,
    },
    /// One end of a pipe.
    Pipe(PipeEnd),
    /// The terminal.
    Tty(Rc<RefCell<Tty>>),
    /// A connected stream socket.
    Socket(crate::net::Socket),
    /// A listening socket.
    Listener(Rc<RefCell<crate::net::Listener>>),
    /// A device node.
    Device(Device),
}

/// An open file description (`struct file`): the object, the offset and the open flags.
pub struct OpenFile {
    /// What it refers to.
    pub obj: FileObj,
    /// Read position (and write position unless `append`).
    pub offset: u64,
    /// Opened for reading.
    pub readable: bool,
    /// Opened for writing.
    pub writable: bool,
    /// Writes go to the end (`O_APPEND`).
    pub append: bool,
    /// A pipe standing in for a pseudo-terminal (a container started with `-t`):
    /// `isatty` is true, so shells are interactive and print prompts.
    pub terminal: bool,
}

/// A shared handle to an open file description: `dup` and spawn clone the handle, so offsets
/// are shared as on Linux. The description closes when the last handle goes.
pub type FileRef = Rc<RefCell<OpenFile>>;

impl OpenFile {
    /// Wraps an object into a shareable open file.
    pub fn new(obj: FileObj, readable: bool, writable: bool, append: bool) -> FileRef {
        Rc::new(RefCell::new(OpenFile { obj, offset: 0, readable, writable, append, terminal: false }))
    }
}
