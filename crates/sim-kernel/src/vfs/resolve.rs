//! Path resolution: turning what a process typed into a namespace-absolute path, following
//! symlinks inside the process's root, like `path_resolution(7)`.

use crate::errno::Errno;

/// What resolution needs to know about one path: is it a directory, is it a symlink (and to
/// what). `None` means nothing is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A directory.
    Dir,
    /// A symlink with its target.
    Symlink(String),
    /// Anything else.
    Other,
}

/// The outcome of resolving a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The namespace-absolute path, symlinks followed (the last one only if asked).
    pub path: String,
    /// Whether something exists there.
    pub exists: bool,
}

/// How many symlinks one resolution may follow before `ELOOP` (Linux's limit).
const MAX_SYMLINKS: usize = 40;

/// Resolves `path` for a process whose root is `root` and working directory `cwd` (both
/// namespace-absolute and already resolved). `node` looks a namespace-absolute path up.
/// `..` never climbs above `root`; absolute symlink targets restart at `root`. The last
/// component may be missing (for `open(O_CREAT)`, `mkdir`), every other must be a directory.
pub fn resolve(
    root: &str,
    cwd: &str,
    path: &str,
    follow_last: bool,
    node: &mut dyn FnMut(&str) -> Result<Option<Node>, Errno>,
) -> Result<Resolution, Errno> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    if path.len() > 4095 {
        return Err(Errno::ENAMETOOLONG);
    }
    let root_parts: Vec<String> = parts(root);
    let mut current: Vec<String> = if path.starts_with('/') { root_parts.clone() } else { parts(cwd) };
    let mut todo: Vec<String> = parts(path).into_iter().rev().collect();
    let trailing_slash = path.ends_with('/');
    let mut followed = 0;
    let mut exists = true;
    while let Some(name) = todo.pop() {
        let last = todo.is_empty();
        match name.as_str() {
            "." => continue,
            ".." => {
                if current.len() > root_parts.len() {
                    current.pop();
                }
                continue;
            }
            _ => {}
        }
        if name.len() > 255 {
            return Err(Errno::ENAMETOOLONG);
        }
        current.push(name);
        let abs = join(&current);
        match node(&abs)? {
            Some(Node::Symlink(target)) if !last || follow_last || trailing_slash => {
                followed += 1;
                if followed > MAX_SYMLINKS {
                    return Err(Errno::ELOOP);
                }
                current.pop();
                if target.starts_with('/') {
                    current = root_parts.clone();
                }
                if target.is_empty() {
                    return Err(Errno::ENOENT);
                }
                todo.extend(parts(&target).into_iter().rev());
            }
            Some(Node::Dir) => {}
            Some(_) if !last || trailing_slash => return Err(Errno::ENOTDIR),
            Some(_) => {}
            None if last => exists = false,
            None => return Err(Errno::ENOENT),
        }
    }
    Ok(Resolution { path: join(&current), exists })
}

fn parts(p: &str) -> Vec<String> {
    p.split('/').filter(|c| !c.is_empty()).map(str::to_string).collect()
}

fn join(parts: &[String]) -> String {
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn tree() -> HashMap<&'static str, Node> {
        HashMap::from([
            ("/bin", Node::Dir),
            ("/bin/sh", Node::Symlink("busybox".into())),
            ("/bin/busybox", Node::Other),
            ("/jail", Node::Dir),
            ("/jail/etc", Node::Dir),
            ("/jail/etc/passwd", Node::Other),
            ("/jail/escape", Node::Symlink("/etc".into())),
            ("/jail/up", Node::Symlink("../../..".into())),
            ("/etc", Node::Dir),
            ("/etc/passwd", Node::Other),
            ("/loop", Node::Symlink("/loop".into())),
        ])
    }

    fn run(root: &str, cwd: &str, path: &str, follow: bool) -> Result<Resolution, Errno> {
        let t = tree();
        resolve(root, cwd, path, follow, &mut |p| Ok(t.get(p).cloned()))
    }

    #[test]
    fn follows_relative_symlinks_and_normalises() {
        assert_eq!(run("/", "/", "/bin/./sh", true).unwrap().path, "/bin/busybox");
        assert_eq!(run("/", "/bin", "sh", false).unwrap().path, "/bin/sh");
        assert_eq!(run("/", "/bin", "../etc//passwd", true).unwrap().path, "/etc/passwd");
    }

    #[test]
    fn a_chroot_keeps_dotdot_and_absolute_links_inside() {
        assert_eq!(run("/jail", "/jail", "/../../etc/passwd", true).unwrap().path, "/jail/etc/passwd");
        assert_eq!(run("/jail", "/jail", "/escape/passwd", true).unwrap().path, "/jail/etc/passwd");
        assert_eq!(run("/jail", "/jail", "up", true).unwrap().path, "/jail");
    }

    #[test]
    fn errors_are_the_kernels() {
        assert_eq!(run("/", "/", "/nope/x", true), Err(Errno::ENOENT));
        assert_eq!(run("/", "/", "/etc/passwd/x", true), Err(Errno::ENOTDIR));
        assert_eq!(run("/", "/", "/loop", true), Err(Errno::ELOOP));
        assert_eq!(run("/", "/", "", true), Err(Errno::ENOENT));
        let missing = run("/", "/", "/etc/new", true).unwrap();
        assert_eq!((missing.path.as_str(), missing.exists), ("/etc/new", false));
    }
}
