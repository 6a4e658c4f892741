//! What every applet shares: buffered standard output, error messages in the GNU shapes,
//! quoting of names in messages, reading inputs, the user and group databases, and finding
//! commands on `PATH`.

use crate::errno::Errno;
use crate::sys::{Command, Proc};

use super::args::{self, Args, Spec};

/// Flush standard output once this much is buffered.
const FLUSH_AT: usize = 8192;

/// An applet's standard streams and name. Standard output is buffered (like stdio on a pipe)
/// and flushed before anything goes to standard error, so the two keep their order on a
/// terminal.
pub struct Io {
    /// The process.
    pub p: Proc,
    /// The name messages start with: `argv[0]` as typed, as coreutils prints it.
    pub prog: String,
    /// The command line without `argv[0]`.
    pub argv: Vec<String>,
    buf: Vec<u8>,
}

impl Io {
    /// Streams of process `p`, named by its `argv[0]`.
    pub fn new(p: Proc) -> Io {
        let mut argv = p.argv();
        let prog = if argv.is_empty() { String::new() } else { argv.remove(0) };
        Io { p, prog, argv, buf: Vec::new() }
    }

    /// Like [`Io::new`] but named by the base name of `argv[0]`, as util-linux and procps do.
    pub fn new_short(p: Proc) -> Io {
        let mut io = Io::new(p);
        io.prog = basename(&io.prog).to_string();
        io
    }

    /// Whether this program is BusyBox's applet (the root it runs in has `/bin/busybox`, as
    /// busybox and alpine images do): its messages differ from GNU's.
    pub fn busybox(&self) -> bool {
        self.p.exists("/bin/busybox")
    }

    /// Queues text for standard output.
    pub fn out(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Queues bytes for standard output.
    pub fn out_bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Writes what is queued. `false` if standard output is gone.
    pub async fn flush(&mut self) -> bool {
        if self.buf.is_empty() {
            return true;
        }
        let data = std::mem::take(&mut self.buf);
        self.p.write_all(1, &data).await.is_ok()
    }

    /// One step of a loop: flushes a full buffer and lets the rest of the machine run.
    pub async fn tick(&mut self) -> bool {
        let _ = self.p.checkpoint().await;
        if self.buf.len() >= FLUSH_AT {
            return self.flush().await;
        }
        true
    }

    /// Prints `prog: msg` on standard error.
    pub async fn err(&mut self, msg: &str) {
        self.flush().await;
        self.p.eprint(&format!("{}: {msg}\n", self.prog)).await;
    }

    /// Prints a raw line on standard error.
    pub async fn err_raw(&mut self, msg: &str) {
        self.flush().await;
        self.p.eprint(msg).await;
    }

    /// Prints `prog: msg` and the `Try '... --help'` line; returns `code`.
    pub async fn usage(&mut self, msg: &str, code: i32) -> i32 {
        if !msg.is_empty() {
            self.err(msg).await;
        }
        let line = format!("Try '{} --help' for more information.\n", self.prog);
        self.err_raw(&line).await;
        code
    }

    /// Flushes and returns `code`: the last line of every applet.
    pub async fn finish(&mut self, code: i32) -> i32 {
        self.flush().await;
        code
    }

    /// Parses the command line; on `--help`/`--version` prints them, on a bad option the
    /// getopt error. `Err` carries the exit code to return.
    pub async fn args(&mut self, spec: &Spec, help: &str, bad_exit: i32) -> Result<Args, i32> {
        for a in &self.argv {
            if a == "--" || (spec.stop_at_operand && !a.starts_with('-')) {
                break;
            }
            if a == "--help" && !spec.long.iter().any(|l| l.0 == "help") {
                let text = format!("Usage: {} {help}\n", self.prog);
                self.out(&text);
                return Err(self.finish(0).await);
            }
            if a == "--version" && !spec.long.iter().any(|l| l.0 == "version") {
                let text = format!("{} {}\n", basename(&self.prog), version_of(basename(&self.prog)));
                self.out(&text);
                return Err(self.finish(0).await);
            }
        }
        match args::parse(spec, &self.argv) {
            Ok(a) => Ok(a),
            Err(e) => Err(self.usage(&e.message(), bad_exit).await),
        }
    }

    /// Reads a whole input: a path, or standard input for `-`.
    pub async fn read_input(&mut self, path: &str) -> Result<Vec<u8>, Errno> {
        if path == "-" {
            return self.p.read_to_end(0).await;
        }
        if self.p.stat(path)?.kind == wharf_engine::fs::FileKind::Dir {
            return Err(Errno::EISDIR);
        }
        self.p.read_file(path).await
    }
}

/// The version line `--version` prints, by the package a program comes from.
fn version_of(name: &str) -> &'static str {
    match name {
        "mount" | "umount" | "unshare" | "nsenter" | "pivot_root" => "from util-linux 2.38.1",
        "ps" | "top" | "kill" => "from procps-ng 4.0.2",
        "grep" => "(GNU grep) 3.8",
        "sed" => "(GNU sed) 4.9",
        "find" | "xargs" => "(GNU findutils) 4.9.0",
        "hostname" => "3.23",
        _ => "(GNU coreutils) 9.1",
    }
}

/// The last component of a path (`/usr/bin/ls` -> `ls`; `/` stays `/`).
pub fn basename(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// Joins a directory and a name.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A name quoted the way coreutils quotes file names in messages (`'a b'`; `"it's"`).
pub fn q(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}

/// A value quoted with the UTF-8 locale's quotes, as coreutils' `quote()` does (`‘999’`).
pub fn ql(s: &str) -> String {
    format!("\u{2018}{s}\u{2019}")
}

/// `strerror(errno)`.
pub fn strerror(e: Errno) -> &'static str {
    e.message()
}

/// A size in the style of `ls -h`/`df -h`/`du -h`: powers of 1024, one decimal below 10,
/// rounded up as GNU does (`148K`, `1.9M`).
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["K", "M", "G", "T", "P", "E"];
    if bytes < 1024 {
        return bytes.to_string();
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    value /= 1024.0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 {
        let tenths = (value * 10.0).ceil() / 10.0;
        if tenths >= 10.0 {
            return format!("{}{}", 10, UNITS[unit]);
        }
        format!("{tenths:.1}{}", UNITS[unit])
    } else {
        let whole = value.ceil();
        if whole >= 1024.0 && unit + 1 < UNITS.len() {
            return format!("1.0{}", UNITS[unit + 1]);
        }
        format!("{whole:.0}{}", UNITS[unit])
    }
}

/// One line of `/etc/passwd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passwd {
    /// Login name.
    pub name: String,
    /// User ID.
    pub uid: u32,
    /// Primary group.
    pub gid: u32,
    /// Home directory.
    pub home: String,
    /// Login shell.
    pub shell: String,
}

/// One line of `/etc/group`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// Group ID.
    pub gid: u32,
    /// Supplementary members.
    pub members: Vec<String>,
}

/// `/etc/passwd` as the process sees it (inside a chroot, the chroot's).
pub async fn passwd(p: &Proc) -> Vec<Passwd> {
    let text = p.read_file("/etc/passwd").await.unwrap_or_default();
    String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 7 {
                return None;
            }
            Some(Passwd { name: f[0].to_string(), uid: f[2].parse().ok()?, gid: f[3].parse().ok()?, home: f[5].to_string(), shell: f[6].to_string() })
        })
        .collect()
}

/// `/etc/group` as the process sees it.
pub async fn groups(p: &Proc) -> Vec<Group> {
    let text = p.read_file("/etc/group").await.unwrap_or_default();
    String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 4 {
                return None;
            }
            Some(Group {
                name: f[0].to_string(),
                gid: f[2].parse().ok()?,
                members: f[3].split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            })
        })
        .collect()
}

/// A user's name, or the number when unknown.
pub fn user_name(db: &[Passwd], uid: u32) -> String {
    db.iter().find(|u| u.uid == uid).map_or_else(|| uid.to_string(), |u| u.name.clone())
}

/// A group's name, or the number when unknown.
pub fn group_name(db: &[Group], gid: u32) -> String {
    db.iter().find(|g| g.gid == gid).map_or_else(|| gid.to_string(), |g| g.name.clone())
}

/// The search path when the environment has none.
pub use crate::sys::DEFAULT_PATH;

/// Finds a command like `execvp(3)`: a name with a `/` is taken as is, else the first
/// executable regular file on `PATH`. `None` when nothing is found.
pub fn find_command(p: &Proc, name: &str) -> Option<String> {
    if name.contains('/') {
        return Some(name.to_string());
    }
    if name.is_empty() {
        return None;
    }
    let path = p.getenv("PATH").unwrap_or_else(|| DEFAULT_PATH.to_string());
    path.split(':').map(|d| if d.is_empty() { "." } else { d }).map(|d| join(d, name)).find(|c| {
        p.stat(c).is_ok_and(|m| m.kind == wharf_engine::fs::FileKind::File && m.mode & 0o111 != 0)
    })
}

/// Runs `argv` in place of this process (`execvp`); on failure prints
/// `prog: failed to run command 'x': ...` style messages chosen by the caller and returns
/// the exit code (127 not found, 126 not executable).
pub async fn exec_command(io: &mut Io, argv: Vec<String>, env: Option<Vec<String>>, failure: impl Fn(&str, Errno) -> String) -> i32 {
    let Some(name) = argv.first().cloned() else { return 0 };
    let path = find_command(&io.p, &name).unwrap_or_else(|| name.clone());
    match super::elf::check_loadable(&io.p, &path).await {
        Ok(()) => {}
        Err(super::elf::LoadError::NoLoader) => {
            let msg = failure(&name, Errno::ENOENT);
            io.err(&msg).await;
            return 127;
        }
        Err(super::elf::LoadError::MissingLib(lib)) => {
            let line = format!("{name}: error while loading shared libraries: {lib}: cannot open shared object file: No such file or directory\n");
            io.err_raw(&line).await;
            return 127;
        }
    }
    match io.p.exec(&path, argv, env) {
        Ok(fut) => {
            io.flush().await;
            fut.await
        }
        Err(e) => {
            let e = if !name.contains('/') && !io.p.exists(&path) { Errno::ENOENT } else { e };
            let msg = failure(&name, e);
            io.err(&msg).await;
            if e == Errno::ENOENT {
                127
            } else {
                126
            }
        }
    }
}

/// Spawns `argv` (searched on `PATH`) as a child sharing this process's descriptors and
/// waits for it; returns its exit code, or the `execvp` error.
pub async fn run_child(p: &Proc, argv: Vec<String>) -> Result<i32, Errno> {
    let name = argv.first().cloned().ok_or(Errno::ENOENT)?;
    let path = find_command(p, &name).ok_or(Errno::ENOENT)?;
    let pid = p.spawn(Command { path, argv, ..Command::default() })?;
    Ok(p.wait(pid).await?.code())
}

/// Splits text into lines, keeping track of whether the last one ended with a newline.
pub fn lines(data: &[u8]) -> Vec<&[u8]> {
    if data.is_empty() {
        return Vec::new();
    }
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    body.split(|&b| b == b'\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes_round_up_like_gnu() {
        assert_eq!(human(151_344), "148K");
        assert_eq!(human(1_926_232), "1.9M");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(1000), "1000");
        assert_eq!(human(10_240), "10K");
    }

    #[test]
    fn basenames_and_quotes() {
        assert_eq!(basename("/usr/bin/ls"), "ls");
        assert_eq!(basename("/"), "/");
        assert_eq!(basename("a/b/"), "b");
        assert_eq!(q("a b"), "'a b'");
        assert_eq!(q("it's"), "\"it's\"");
    }
}
