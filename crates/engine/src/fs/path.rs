//! Normalised relative paths, the only paths [`super::FsRead`] and [`super::FsWrite`] accept.

use super::FsError;

/// Checks that `path` is normalised: relative, `/`-separated, no empty, `.` or `..` parts.
/// The empty string is the root.
pub fn check(path: &str) -> Result<(), FsError> {
    if path.is_empty() {
        return Ok(());
    }
    if path.split('/').any(|c| c.is_empty() || c == "." || c == "..") || path.contains('\0') {
        return Err(FsError::InvalidPath(path.to_string()));
    }
    Ok(())
}

/// Splits `a/b/c` into (`a/b`, `c`); the root's parent is the root, with an empty name.
pub fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Joins a directory and a name.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether `path` is `ancestor` or lies below it.
pub fn is_within(path: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || path == ancestor
        || (path.len() > ancestor.len() && path.starts_with(ancestor) && path.as_bytes()[ancestor.len()] == b'/')
}

/// Normalises a path lexically, without looking at any filesystem: drops empty and `.` parts,
/// applies `..`. Returns `None` if `..` climbs above the start (the path escapes).
/// A leading `/` is ignored: the result is relative to the same root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// The absolute path `path` names for a process in `cwd`, cleaned lexically as the kernel
/// resolves `..` (at `/` it stays at `/`): what `cd`, a compose file's relative paths or a
/// build's mount targets mean. Unlike [`normalize`], nothing escapes: the root is a floor.
pub fn absolute(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_joins_cleans_and_clamps_at_the_root() {
        assert_eq!(absolute("/srv/app", "data/./x"), "/srv/app/data/x");
        assert_eq!(absolute("/srv/app", "../lib"), "/srv/lib");
        assert_eq!(absolute("/srv", "/etc//hosts/"), "/etc/hosts");
        assert_eq!(absolute("/", "../../etc"), "/etc");
        assert_eq!(absolute("/tmp", "."), "/tmp");
        assert_eq!(absolute("/", ""), "/");
    }

    #[test]
    fn check_accepts_normal_and_rejects_the_rest() {
        for ok in ["", "a", "a/b", "a.b/..c", ".wh.x"] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in ["/a", "a/", "a//b", "./a", "a/../b", "..", "a/.", "a\0b"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn normalize_clamps_nothing_and_reports_escapes() {
        assert_eq!(normalize("/a/./b//c/"), Some("a/b/c".into()));
        assert_eq!(normalize("a/b/../../c"), Some("c".into()));
        assert_eq!(normalize("a/../.."), None);
        assert_eq!(normalize("../etc"), None);
    }

    #[test]
    fn split_join_and_within() {
        assert_eq!(split("a/b/c"), ("a/b", "c"));
        assert_eq!(split("a"), ("", "a"));
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a", "b"), "a/b");
        assert!(is_within("a/b", "a"));
        assert!(is_within("a", "a"));
        assert!(!is_within("ab", "a"));
        assert!(is_within("x", ""));
    }
}
