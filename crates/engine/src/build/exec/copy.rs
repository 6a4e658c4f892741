//! COPY and ADD (`builder/dockerfile/copy.go`): sources from the context, another stage or an
//! image; wildcards; a directory source copies its contents; ADD unpacks a local tar.
//!
//! The cache key is the sources' content hash in the step's `#(nop)` command
//! (`COPY file:<hash> in /dest `), so editing a copied file misses the cache from that step on.
//! Like Docker's, the hash ignores modification times (touching a file keeps the cache); it
//! covers each file's path below the source, kind, mode and bytes (and link targets).
//! Docker's tarsum also hashes tar header fields wharf does not model (uname, gname), so the
//! hex differs from Docker's.

use std::io::Read;

use super::commit;
use super::dispatch::{Builder, State};
use super::run::{mkdir_all, resolve_user, top_chain, UserError};
use super::BuildError;
use crate::build::ast::{Args, Instruction, Node};
use crate::digest::{Digest, Sha256};
use crate::fs::mem::MemFs;
use crate::fs::path::{join, normalize, split};
use crate::fs::{Attrs, FileKind, FsRead, FsWrite};
use crate::image::db::views::path_match;
use crate::image::layer::{self, ApplyMode, ApplyOptions};
use crate::kernel::KernelError;

/// One inode to copy, relative to its source (`""`: the source itself).
#[derive(Debug, Clone)]
struct Item {
    rel: String,
    kind: FileKind,
    mode: u32,
    mtime: i64,
    data: Vec<u8>,
}

/// One source after wildcard expansion.
#[derive(Debug, Clone)]
struct Source {
    /// The base name (for a file copied into a directory).
    name: String,
    /// The path it was found at, relative to the context or stage root (`--parents` keeps it).
    path: String,
    is_dir: bool,
    items: Vec<Item>,
}

impl Source {
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        for i in &self.items {
            h.update(format!("{}\0{:?}\0{:o}\0{}\0", i.rel, i.kind, i.mode, i.data.len()).as_bytes());
            h.update(&i.data);
        }
        format!("{}:{}", if self.is_dir { "dir" } else { "file" }, h.finish().hex())
    }
}

/// `dir/name`, or either alone when the other is empty.
fn under(dir: &str, name: &str) -> String {
    match (dir.is_empty(), name.is_empty()) {
        (true, _) => name.to_string(),
        (_, true) => dir.to_string(),
        _ => join(dir, name),
    }
}

/// Resolves `path` inside the root following every symlink (chroot semantics).
fn resolve(fs: &dyn FsRead, path: &str) -> Option<String> {
    let mut real = String::new();
    let mut parts: Vec<String> = path.split('/').filter(|p| !p.is_empty() && *p != ".").rev().map(String::from).collect();
    let mut hops = 0;
    while let Some(part) = parts.pop() {
        if part == ".." {
            real = split(&real).0.to_string();
            continue;
        }
        let next = under(&real, &part);
        let m = fs.lstat(&next).ok()??;
        if m.kind == FileKind::Symlink {
            hops += 1;
            if hops > 40 {
                return None;
            }
            let target = fs.read_link(&next).ok()?;
            parts.extend(target.split('/').filter(|p| !p.is_empty() && *p != ".").rev().map(String::from));
            if target.starts_with('/') {
                real.clear();
            }
            continue;
        }
        real = next;
    }
    Some(real)
}

fn read_all(fs: &dyn FsRead, path: &str) -> Result<Vec<u8>, KernelError> {
    let mut data = Vec::new();
    fs.open(path)?.read_to_end(&mut data).map_err(|e| KernelError::Other(format!("{path}: {e}")))?;
    Ok(data)
}

/// The items of the tree at real path `root`, itself first, walking directories.
fn collect(fs: &dyn FsRead, root: &str) -> Result<Vec<Item>, KernelError> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let path = under(root, &rel);
        let Some(m) = fs.lstat(&path)? else { continue };
        let data = match m.kind {
            FileKind::File => read_all(fs, &path)?,
            FileKind::Symlink => fs.read_link(&path)?.into_bytes(),
            _ => Vec::new(),
        };
        if m.kind == FileKind::Dir {
            for name in fs.read_dir(&path)?.into_iter().rev() {
                stack.push(under(&rel, &name));
            }
        }
        out.push(Item { rel, kind: m.kind, mode: m.mode, mtime: m.mtime, data });
    }
    crate::sort::by(&mut out, |a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// Every path in the tree (for wildcards), sorted.
fn walk(fs: &dyn FsRead) -> Vec<String> {
    collect(fs, "").map(|items| items.into_iter().map(|i| i.rel).filter(|r| !r.is_empty()).collect()).unwrap_or_default()
}

fn not_found(orig: &str) -> String {
    format!("COPY failed: file not found in build context or excluded by .dockerignore: stat {orig}: file does not exist")
}

/// Expands and reads the sources `origs` from `fs`.
fn gather(fs: &dyn FsRead, origs: &[String], in_context: bool) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for orig in origs {
        let clean = normalize(orig.trim_start_matches('/')).ok_or_else(|| format!("forbidden path outside the build context: {orig}"))?;
        let paths: Vec<String> = if orig.contains(['*', '?', '[']) {
            let found: Vec<String> = walk(fs).into_iter().filter(|p| path_match(&clean, p)).collect();
            if found.is_empty() {
                return Err("COPY failed: no source files were specified".to_string());
            }
            found
        } else {
            vec![clean.clone()]
        };
        for p in paths {
            let real = if in_context { Some(p.clone()).filter(|r| fs.lstat(r).ok().flatten().is_some()) } else { resolve(fs, &p) };
            let Some(real) = real else { return Err(not_found(orig)) };
            let Some(m) = fs.lstat(&real).map_err(|e| e.to_string())? else { return Err(not_found(orig)) };
            let items = collect(fs, &real).map_err(|e| e.to_string())?;
            let name = split(&p).1.to_string();
            out.push(Source { name, path: p.clone(), is_dir: m.kind == FileKind::Dir, items });
        }
    }
    Ok(out)
}

/// Whether `data` starts like a tar or a compressed tar (what ADD unpacks).
fn is_archive(data: &[u8]) -> bool {
    data.starts_with(&[0x1f, 0x8b]) || data.starts_with(b"BZh") || data.starts_with(&[0xfd, b'7', b'z', b'X', b'Z']) || data.get(257..262) == Some(b"ustar")
}

/// Writes one item at real path `path`.
fn put(fs: &mut dyn FsWrite, path: &str, item: &Item, owner: (u32, u32)) -> Result<(), KernelError> {
    let attrs = Attrs { mode: item.mode, uid: owner.0, gid: owner.1, mtime: item.mtime };
    let existing = fs.lstat(path)?;
    match item.kind {
        FileKind::Dir => match existing {
            Some(m) if m.kind == FileKind::Dir => {}
            Some(_) => {
                fs.remove(path)?;
                fs.mkdir(path, &attrs)?;
            }
            None => fs.mkdir(path, &attrs)?,
        },
        FileKind::File => {
            if existing.as_ref().is_some_and(|m| m.kind != FileKind::File && m.kind != FileKind::Dir) {
                fs.remove(path)?;
            }
            fs.write_file(path, &attrs, &mut &item.data[..])?;
            fs.set_attrs(path, &attrs)?;
        }
        FileKind::Symlink => {
            if existing.is_some() {
                fs.remove(path)?;
            }
            fs.symlink(path, &String::from_utf8_lossy(&item.data), &attrs)?;
        }
        _ => {}
    }
    Ok(())
}

/// Copies `items` (relative paths) under directory `dest` (absolute).
fn put_tree(fs: &mut dyn FsWrite, dest: &str, items: &[Item], owner: (u32, u32), now: i64) -> Result<(), KernelError> {
    let base = mkdir_all(fs, dest, now)?;
    if owner != (0, 0) {
        let m = fs.lstat(&base)?;
        if let Some(m) = m {
            fs.set_attrs(&base, &Attrs { uid: owner.0, gid: owner.1, ..m.attrs() })?;
        }
    }
    for item in items.iter().filter(|i| !i.rel.is_empty()) {
        put(fs, &under(&base, &item.rel), item, owner)?;
    }
    Ok(())
}

/// `--exclude`: drops the sources and the files below them that a pattern matches (the
/// patterns as in `.dockerignore`), a directory's contents matched relative to it.
fn exclude(sources: Vec<Source>, patterns: &[String]) -> Vec<Source> {
    if patterns.is_empty() {
        return sources;
    }
    let ignore = super::DockerIgnore::parse(&patterns.join("\n"));
    sources
        .into_iter()
        .filter(|s| !ignore.excludes(&s.name) && !ignore.excludes(&s.path))
        .map(|mut s| {
            if s.is_dir {
                s.items.retain(|i| i.rel.is_empty() || !ignore.excludes(&i.rel));
            }
            s
        })
        .collect()
}

/// `--parents`: each source's path, less the part up to a `/./` pivot in its pattern, is kept
/// below the destination (`COPY --parents src/./app/x.js /d/` writes `/d/app/x.js`).
fn keep_parents(sources: Vec<Source>, origs: &[String]) -> Vec<Source> {
    let pivots: Vec<String> = origs.iter().filter_map(|o| o.find("/./").map(|i| normalize(o[..i].trim_start_matches('/')).unwrap_or_default())).collect();
    sources
        .into_iter()
        .map(|mut s| {
            if let Some(p) = pivots.iter().filter(|p| !p.is_empty()).find(|p| s.path.starts_with(&format!("{p}/"))) {
                s.path = s.path[p.len() + 1..].to_string();
            }
            s
        })
        .collect()
}

/// The count of `sources` and the hash the step's cache key holds (with `--parents`, their
/// paths count too).
fn summarize(sources: &[Source], parents: bool) -> (usize, String) {
    let one = |s: &Source| if parents { format!("{}:{}", s.path, s.hash()) } else { s.hash() };
    let hash = if sources.len() == 1 {
        one(&sources[0])
    } else {
        let joined: Vec<String> = sources.iter().map(one).collect();
        format!("multi:{}", Digest::of(joined.join(",").as_bytes()).hex())
    };
    (sources.len(), if parents { format!("--parents {hash}") } else { hash })
}

/// COPY and ADD.
pub(crate) fn dispatch_copy(b: &mut Builder<'_>, st: &mut State, node: &Node, out: &mut dyn FnMut(&str)) -> Result<(), BuildError> {
    let name = if node.instruction == Instruction::Add { "ADD" } else { "COPY" };
    let err = |m: String| BuildError::step(node.span, m);
    let (mut from, mut chown, mut checksum, mut parents, mut excludes) = (None, None, None, false, Vec::new());
    for f in &node.flags {
        let (k, v) = f.trim_start_matches('-').split_once('=').unwrap_or((f.trim_start_matches('-'), ""));
        match k {
            "from" => from = Some(v.to_string()),
            "chown" => chown = Some(v.to_string()),
            "checksum" => checksum = Some(v.to_string()),
            "parents" => parents = v.is_empty() || v.eq_ignore_ascii_case("true") || v == "1",
            "exclude" => excludes.push(v.to_string()),
            "chmod" => return Err(err("the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled".into())),
            _ => {}
        }
    }
    let env = st.expand_env();
    let mut words = Vec::new();
    let raw: Vec<String> = match &node.args {
        Args::Json(v) => v.clone(),
        other => other.strings().iter().map(|s| s.to_string()).collect(),
    };
    for w in &raw {
        words.push(crate::build::shell::expand(w, &env, b.escape).map_err(|e| err(e.to_string()))?);
    }
    let chown = match chown {
        Some(c) => Some(crate::build::shell::expand(&c, &env, b.escape).map_err(|e| err(e.to_string()))?),
        None => None,
    };
    let Some((dest, origs)) = words.split_last() else { return Err(err(format!("{name} requires at least two arguments"))) };
    if node.instruction == Instruction::Add && origs.iter().any(|o| o.starts_with("http://") || o.starts_with("https://")) {
        return Err(err(format!("ADD failed: downloading {} is not supported offline: copy the file into the build context instead", origs.iter().find(|o| o.contains("://")).map(String::as_str).unwrap_or(""))));
    }
    // BuildKit's rules for ADD --checksum: one source, fetched over HTTP(S) or Git.
    if checksum.is_some() {
        if origs.len() != 1 {
            return Err(err("checksum can't be specified for multiple sources".to_string()));
        }
        return Err(err("checksum requires HTTP(S) or Git sources".to_string()));
    }
    if node.instruction == Instruction::Add && from.is_some() {
        return Err(err("ADD failed: --from is not supported for ADD".to_string()));
    }
    let daemon = b.daemon.clone();
    let finish = |sources: Vec<Source>| {
        let sources = exclude(sources, &excludes);
        if parents {
            keep_parents(sources, origs)
        } else {
            sources
        }
    };
    // Reading another image's files means mounting its root. All a cached step needs is the
    // sources' count and hash, so they are remembered per image and sources (an image never
    // changes): a cached `COPY --from` mounts nothing.
    let read_image = |image: Option<Digest>| -> Result<Vec<Source>, BuildError> {
        let top = top_chain(&daemon, image.as_ref())?;
        let tmp = format!("{}-from", b.container_id());
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        k.create_rootfs(&tmp, top.as_ref())?;
        let mut got = Ok(Vec::new());
        let read = k.with_rootfs(&tmp, &mut |fs| {
            got = gather(&*fs, origs, false);
            Ok(())
        });
        let _ = k.remove_rootfs(&tmp);
        read?;
        got.map_err(err)
    };
    let mut memo_key = None;
    let mut from_image = None;
    let (sources, remembered) = match &from {
        None if !node.heredocs.is_empty() => {
            // `COPY <<EOF /dest`: each `<<NAME` source is a file holding that heredoc's body
            // (as BuildKit does; its variables are not expanded here).
            let now = daemon.borrow_mut().kernel().now() / 1_000_000_000;
            let mut docs = node.heredocs.iter();
            let mut sources = Vec::new();
            for orig in origs {
                match orig.strip_prefix("<<") {
                    Some(_) => {
                        let doc = docs.next().ok_or_else(|| err(format!("{name} failed: no heredoc body for {orig}")))?;
                        let item = Item { rel: String::new(), kind: FileKind::File, mode: 0o644, mtime: now, data: doc.body().into_bytes() };
                        sources.push(Source { name: doc.name.clone(), path: doc.name.clone(), is_dir: false, items: vec![item] });
                    }
                    None => sources.extend(gather(b.context.tree(), std::slice::from_ref(orig), true).map_err(err)?),
                }
            }
            (Some(finish(sources)), None)
        }
        None => (Some(finish(gather(b.context.tree(), origs, true).map_err(err)?)), None),
        Some(f) => {
            let image = match b.stages.iter().find(|(n, _)| n.as_deref() == Some(f.to_lowercase().as_str())) {
                Some((_, id)) => *id,
                None => match f.parse::<usize>() {
                    Ok(ix) if ix < b.stages.len() => b.stages[ix].1,
                    Ok(ix) => return Err(err(format!("invalid from flag value {ix}: refers to current or future build stage"))),
                    Err(_) => Some(b.resolve_image(f, out)?),
                },
            };
            from_image = Some(image);
            memo_key = image.map(|id| format!("build-copy-sources/{}/{}", id.hex(), Digest::of(format!("{origs:?}{excludes:?}{parents}").as_bytes()).hex()));
            let remembered = match &memo_key {
                Some(key) => {
                    let mut d = daemon.borrow_mut();
                    let (_, meta) = d.kernel().stores();
                    meta.read(key).ok().flatten().and_then(|v| String::from_utf8(v).ok()).and_then(|v| v.split_once('\n').and_then(|(n, h)| Some((n.parse::<usize>().ok()?, h.to_string()))))
                }
                None => None,
            };
            match remembered {
                Some(summary) => (None, Some(summary)),
                None => (Some(finish(read_image(image)?)), None),
            }
        }
    };
    let (count, hash) = match (&sources, remembered) {
        (_, Some(summary)) => summary,
        (Some(sources), None) => {
            let summary = summarize(sources, parents);
            if let Some(key) = &memo_key {
                let mut d = daemon.borrow_mut();
                let (_, meta) = d.kernel().stores();
                // Only a shortcut: a failed write just means mounting next time.
                let _ = meta.write(key, format!("{}\n{}", summary.0, summary.1).as_bytes());
            }
            summary
        }
        (None, None) => unreachable!("sources are read unless their summary was remembered"),
    };
    if count > 1 && !dest.ends_with('/') && !parents {
        return Err(err(format!("When using {name} with more than one source file, the destination must be a directory and end with a /")));
    }
    let chown_comment = chown.as_ref().map(|c| format!("--chown={c}")).unwrap_or_default();
    let mut cc = st.config.clone();
    cc.cmd = Some(vec!["/bin/sh".into(), "-c".into(), format!("#(nop) {name} {chown_comment}{hash} in {dest} ")]);
    if b.probe(st, &cc, out)? {
        return Ok(());
    }
    let sources = match (sources, from_image) {
        (Some(sources), _) => sources,
        (None, image) => finish(read_image(image.flatten())?),
    };
    let workdir = if st.config.working_dir.is_empty() { "/".to_string() } else { st.config.working_dir.clone() };
    let dest_abs = if dest.starts_with('/') { dest.clone() } else { format!("{}/{dest}", workdir.trim_end_matches('/')) };
    let dest_is_dir = dest.ends_with('/') || dest == "." || dest.ends_with("/.");
    let decompress = node.instruction == Instruction::Add;
    let id = b.container_id();
    let top = top_chain(&daemon, st.image_id.as_ref())?;
    let wrote = {
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        k.create_rootfs(&id, top.as_ref())?;
        let now = k.now() / 1_000_000_000;
        let mut result: Result<(), BuildError> = Ok(());
        let wrote = k.with_rootfs(&id, &mut |fs| {
            let owner = match &chown {
                Some(c) => match resolve_user(&*fs, c) {
                    Ok(o) => o,
                    Err(e) => {
                        let why = match e {
                            UserError::NoUser(u) => format!("can't find uid for user {u}: no such user: {u}"),
                            UserError::NoGroup(g) => format!("can't find gid for group {g}: no such group: {g}"),
                        };
                        result = Err(BuildError::step(node.span, format!("unable to convert uid/gid chown string to host mapping: {why}")));
                        return Ok(());
                    }
                },
                None => (0, 0),
            };
            for s in &sources {
                let file = s.items.first().filter(|_| !s.is_dir);
                // `--parents`: each source lands at its own path below the destination.
                let (dest_abs, dest_is_dir) = match parents {
                    true => (format!("{}/{}", dest_abs.trim_end_matches('/'), split(&s.path).0).trim_end_matches('/').to_string() + "/", true),
                    false => (dest_abs.clone(), dest_is_dir),
                };
                match file {
                    None if parents => put_tree(fs, &format!("{dest_abs}{}", s.name), &s.items, owner, now)?,
                    None => put_tree(fs, &dest_abs, &s.items, owner, now)?,
                    Some(item) if decompress && is_archive(&item.data) => {
                        let mut tmp = MemFs::new();
                        layer::apply(&mut &item.data[..], &mut tmp, &ApplyOptions::new(ApplyMode::Flatten)).map_err(|e| KernelError::Other(e.to_string()))?;
                        let items = collect(&tmp, "")?;
                        put_tree(fs, &dest_abs, &items, owner, now)?;
                    }
                    Some(item) => {
                        let existing_dir = resolve(&*fs, &dest_abs).and_then(|r| fs.lstat(&r).ok().flatten()).is_some_and(|m| m.kind == FileKind::Dir);
                        let target = if dest_is_dir || existing_dir { format!("{}/{}", dest_abs.trim_end_matches('/'), s.name) } else { dest_abs.clone() };
                        let (parent, base) = split(target.trim_start_matches('/'));
                        let real_parent = mkdir_all(fs, parent, now)?;
                        put(fs, &under(&real_parent, base), item, owner)?;
                    }
                }
            }
            Ok(())
        });
        wrote.map_err(BuildError::from).and(result)
    };
    if let Err(e) = wrote {
        let _ = daemon.borrow_mut().kernel().remove_rootfs(&id);
        return Err(e);
    }
    commit::commit_root(&daemon, st, &id, &cc, "", None, "", out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(rel: &str, kind: FileKind) -> Item {
        Item { rel: rel.to_string(), kind, mode: 0o644, mtime: 0, data: Vec::new() }
    }

    fn source(path: &str, is_dir: bool, rels: &[&str]) -> Source {
        let mut items = vec![item("", if is_dir { FileKind::Dir } else { FileKind::File })];
        items.extend(rels.iter().map(|r| item(r, FileKind::File)));
        Source { name: split(path).1.to_string(), path: path.to_string(), is_dir, items }
    }

    #[test]
    fn exclude_drops_matching_sources_and_files_below_a_directory() {
        let sources = vec![source("notes.md", false, &[]), source("a.txt", false, &[]), source("src", true, &["x.js", "y.md", "lib", "lib/z.js"])];
        let kept = exclude(sources, &["*.md".to_string(), "lib".to_string()]);
        let names: Vec<&str> = kept.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "src"]);
        let rels: Vec<&str> = kept[1].items.iter().map(|i| i.rel.as_str()).collect();
        assert_eq!(rels, ["", "x.js"], "y.md and lib (with what is below it) are left out");
        // Without patterns nothing changes.
        assert_eq!(exclude(vec![source("a.md", false, &[])], &[]).len(), 1);
    }

    #[test]
    fn parents_keep_the_path_after_a_pivot() {
        let kept = keep_parents(vec![source("src/app/lib", true, &[]), source("other/x.js", false, &[])], &["src/./app/lib".to_string(), "other/x.js".to_string()]);
        assert_eq!(kept[0].path, "app/lib");
        assert_eq!(kept[1].path, "other/x.js");
    }
}
