//! Programs: the simulated userland's executables are Rust `async fn`s, found through a
//! marker in the file that `execve` reads.
//!
//! An executable in the simulated filesystem is a small file that starts like an ELF binary
//! and names its program: `\x7fELF` + `wharf-sim:NAME\n`. `execve` reads the marker and runs
//! the registered program `NAME`. So copying `/bin/ls` elsewhere, or chrooting into a tree
//! that contains it, behaves as on Linux, and a file without the marker fails like a
//! non-executable would. Multi-call binaries (busybox) dispatch on `argv[0]` themselves.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use crate::sys::Proc;

/// The future a program returns: its exit code.
pub type ProgramFuture = Pin<Box<dyn Future<Output = i32>>>;

/// A program's entry point: it gets its process and returns its exit code.
pub type Program = fn(Proc) -> ProgramFuture;

const MAGIC: &[u8] = b"\x7fELF\x02\x01\x01\x00wharf-sim:";

/// The contents of an executable file that runs program `name`. The padding gives the file a
/// plausible size for `ls -l`.
pub fn executable(name: &str, size: usize) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(name.as_bytes());
    out.push(b'\n');
    if out.len() < size {
        out.resize(size, 0);
    }
    out
}

/// The program an executable file names, if it is one.
pub fn program_name(contents: &[u8]) -> Option<&str> {
    let rest = contents.strip_prefix(MAGIC)?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// What `execve` found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecFormat {
    /// A simulated binary running the named program.
    Binary(String),
    /// A script: `#!interpreter [arg]`.
    Script {
        /// The interpreter path.
        interpreter: String,
        /// Its optional single argument.
        arg: Option<String>,
    },
}

/// Recognises an executable's format (`None`: `ENOEXEC`, the shell then runs it as a script).
pub fn exec_format(contents: &[u8]) -> Option<ExecFormat> {
    if let Some(name) = program_name(contents) {
        return Some(ExecFormat::Binary(name.to_string()));
    }
    let line = contents.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = std::str::from_utf8(line).ok()?.trim();
    let (interpreter, arg) = match line.split_once(char::is_whitespace) {
        Some((i, a)) => (i, Some(a.trim().to_string())),
        None => (line, None),
    };
    (!interpreter.is_empty()).then(|| ExecFormat::Script { interpreter: interpreter.to_string(), arg })
}

/// The registered programs, by name.
#[derive(Default, Clone)]
pub struct Programs(BTreeMap<String, Program>);

impl Programs {
    /// An empty registry.
    pub fn new() -> Programs {
        Programs::default()
    }

    /// Registers `program` under `name`.
    pub fn register(&mut self, name: &str, program: Program) {
        self.0.insert(name.to_string(), program);
    }

    /// The program called `name`.
    pub fn get(&self, name: &str) -> Option<Program> {
        self.0.get(name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaries_and_scripts_are_recognised() {
        let bin = executable("busybox", 1024);
        assert_eq!(bin.len(), 1024);
        assert_eq!(exec_format(&bin), Some(ExecFormat::Binary("busybox".into())));
        assert_eq!(
            exec_format(b"#!/bin/sh -e\necho hi\n"),
            Some(ExecFormat::Script { interpreter: "/bin/sh".into(), arg: Some("-e".into()) })
        );
        assert_eq!(exec_format(b"echo hi\n"), None);
    }
}
