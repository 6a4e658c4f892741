//! Writing a package's files into the root, shared by dpkg and apk.

use crate::errno::Errno;
use crate::sys::Proc;

/// Creates `path`'s missing parent directories (0755); returns those it created, outermost
/// first, as dpkg's file lists record them.
fn parents(p: &Proc, path: &str) -> Result<Vec<String>, Errno> {
    let mut made = Vec::new();
    let mut at = String::new();
    let comps: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    for c in &comps[..comps.len().saturating_sub(1)] {
        at.push('/');
        at.push_str(c);
        if p.lstat(&at).is_err() {
            p.mkdir(&at, 0o755)?;
        }
        made.push(at.clone());
    }
    Ok(made)
}

/// Writes one file entry (`path`, `path*program`, `path@target`); returns every path it
/// touched, parents included.
pub async fn write_entry(p: &Proc, entry: &str) -> Result<Vec<String>, Errno> {
    let (path, kind) = if let Some((path, prog)) = entry.split_once('*') {
        (path, Some(('*', prog)))
    } else if let Some((path, target)) = entry.split_once('@') {
        (path, Some(('@', target)))
    } else {
        (entry, None)
    };
    let abs = format!("/{}", path.trim_start_matches('/'));
    let mut touched = parents(p, &abs)?;
    let _ = p.unlink(&abs);
    match kind {
        Some(('*', prog)) => {
            p.write_file(&abs, &crate::program::executable(prog, 0)).await?;
            p.chmod(&abs, 0o755)?;
        }
        Some((_, target)) => p.symlink(target, &abs)?,
        None => {
            p.write_file(&abs, format!("# {path}: simulated package file\n").as_bytes()).await?;
            p.chmod(&abs, 0o644)?;
        }
    }
    touched.push(abs);
    Ok(touched)
}

/// The path part of an entry.
pub fn entry_path(entry: &str) -> String {
    let path = entry.split(['*', '@']).next().unwrap_or(entry);
    format!("/{}", path.trim_start_matches('/'))
}
