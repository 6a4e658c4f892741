//! An in-memory directory tree: the simulator's layers and the tests' scratch filesystem.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::Arc;

use super::path::{check, join, split};
use super::{Attrs, FileKind, FsError, FsRead, FsWrite, Metadata};

const ROOT: u64 = 1;

#[derive(Debug, Clone)]
enum Body {
    File(Arc<[u8]>),
    Dir(BTreeMap<String, u64>),
    Symlink(String),
    /// Devices, fifos, sockets: no content.
    Node,
}

#[derive(Debug, Clone)]
struct Inode {
    kind: FileKind,
    attrs: Attrs,
    rdev: (u32, u32),
    nlink: u32,
    xattrs: BTreeMap<String, Vec<u8>>,
    body: Body,
}

/// A directory tree held in memory. Cloning is cheap for file contents (shared, copy on write).
#[derive(Debug, Clone)]
pub struct MemFs {
    inodes: HashMap<u64, Inode>,
    next_ino: u64,
}

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new()
    }
}

impl MemFs {
    /// An empty tree whose root is a `0755` directory owned by root.
    pub fn new() -> MemFs {
        let root = Inode {
            kind: FileKind::Dir,
            attrs: Attrs::root(0o755),
            rdev: (0, 0),
            nlink: 1,
            xattrs: BTreeMap::new(),
            body: Body::Dir(BTreeMap::new()),
        };
        MemFs { inodes: HashMap::from([(ROOT, root)]), next_ino: ROOT + 1 }
    }

    /// A regular file's contents, shared without copying.
    pub fn contents(&self, path: &str) -> Result<Arc<[u8]>, FsError> {
        match &self.inode(path)?.body {
            Body::File(data) => Ok(data.clone()),
            Body::Dir(_) => Err(FsError::IsADirectory(path.to_string())),
            _ => Err(FsError::Unsupported { path: path.to_string(), what: "reading a non-file" }),
        }
    }

    /// Changes a regular file's contents in place: same inode, so hard links and xattrs stay.
    fn splice(&mut self, path: &str, change: impl FnOnce(&mut Vec<u8>)) -> Result<(), FsError> {
        let node = self.inode_mut(path)?;
        match &mut node.body {
            Body::File(data) => {
                let mut contents = data.to_vec();
                change(&mut contents);
                *data = contents.into();
                Ok(())
            }
            Body::Dir(_) => Err(FsError::IsADirectory(path.to_string())),
            _ => Err(FsError::Unsupported { path: path.to_string(), what: "writing a non-file" }),
        }
    }

    /// Every path in the tree except the root, parents before children, siblings sorted.
    pub fn walk(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk_into(ROOT, "", &mut out);
        out
    }

    fn walk_into(&self, dir: u64, prefix: &str, out: &mut Vec<String>) {
        if let Body::Dir(entries) = &self.inodes[&dir].body {
            for (name, &ino) in entries {
                let p = join(prefix, name);
                out.push(p.clone());
                self.walk_into(ino, &p, out);
            }
        }
    }

    /// Finds the inode number at `path`, or `None` if the last component is missing.
    fn lookup(&self, path: &str) -> Result<Option<u64>, FsError> {
        check(path)?;
        if path.is_empty() {
            return Ok(Some(ROOT));
        }
        let (parent, name) = split(path);
        let dir = self.dir_ino(parent, path)?;
        Ok(self.entries(dir).get(name).copied())
    }

    /// The inode of directory `dir`, checking every component on the way; `full` is the path
    /// named in errors.
    fn dir_ino(&self, dir: &str, full: &str) -> Result<u64, FsError> {
        let mut ino = ROOT;
        if dir.is_empty() {
            return Ok(ino);
        }
        for comp in dir.split('/') {
            let next = *self.entries(ino).get(comp).ok_or_else(|| FsError::NotFound(full.to_string()))?;
            let node = &self.inodes[&next];
            match node.kind {
                FileKind::Dir => ino = next,
                FileKind::Symlink => return Err(FsError::SymlinkInPath(full.to_string())),
                _ => return Err(FsError::NotADirectory(full.to_string())),
            }
        }
        Ok(ino)
    }

    fn entries(&self, dir: u64) -> &BTreeMap<String, u64> {
        match &self.inodes[&dir].body {
            Body::Dir(e) => e,
            _ => unreachable!("dir_ino only returns directories"),
        }
    }

    fn entries_mut(&mut self, dir: u64) -> &mut BTreeMap<String, u64> {
        match &mut self.inodes.get_mut(&dir).expect("live inode").body {
            Body::Dir(e) => e,
            _ => unreachable!("dir_ino only returns directories"),
        }
    }

    fn inode(&self, path: &str) -> Result<&Inode, FsError> {
        let ino = self.lookup(path)?.ok_or_else(|| FsError::NotFound(path.to_string()))?;
        Ok(&self.inodes[&ino])
    }

    fn inode_mut(&mut self, path: &str) -> Result<&mut Inode, FsError> {
        let ino = self.lookup(path)?.ok_or_else(|| FsError::NotFound(path.to_string()))?;
        Ok(self.inodes.get_mut(&ino).expect("live inode"))
    }

    /// Adds a new inode under a fresh name; fails if the name is taken or is the root.
    fn create(&mut self, path: &str, kind: FileKind, attrs: &Attrs, rdev: (u32, u32), body: Body) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::AlreadyExists(path.to_string()));
        }
        let (parent, name) = split(path);
        let dir = self.dir_ino(parent, path)?;
        if self.entries(dir).contains_key(name) {
            return Err(FsError::AlreadyExists(path.to_string()));
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        let node = Inode { kind, attrs: *attrs, rdev, nlink: 1, xattrs: BTreeMap::new(), body };
        self.inodes.insert(ino, node);
        self.entries_mut(dir).insert(name.to_string(), ino);
        Ok(())
    }

    /// Drops one link to `ino`, freeing it (and a directory's contents) at zero.
    fn unlink_ino(&mut self, ino: u64) {
        let node = self.inodes.get_mut(&ino).expect("live inode");
        node.nlink -= 1;
        if node.nlink > 0 {
            return;
        }
        if let Some(Inode { body: Body::Dir(children), .. }) = self.inodes.remove(&ino) {
            for child in children.into_values() {
                self.unlink_ino(child);
            }
        }
    }
}

impl FsRead for MemFs {
    fn lstat(&self, path: &str) -> Result<Option<Metadata>, FsError> {
        let Some(ino) = self.lookup(path)? else { return Ok(None) };
        let n = &self.inodes[&ino];
        let size = match &n.body {
            Body::File(d) => d.len() as u64,
            Body::Symlink(t) => t.len() as u64,
            _ => 0,
        };
        Ok(Some(Metadata {
            kind: n.kind,
            mode: n.attrs.mode,
            uid: n.attrs.uid,
            gid: n.attrs.gid,
            size,
            mtime: n.attrs.mtime,
            rdev: n.rdev,
            ino,
            nlink: n.nlink,
        }))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        match &self.inode(path)?.body {
            Body::Dir(e) => Ok(e.keys().cloned().collect()),
            _ => Err(FsError::NotADirectory(path.to_string())),
        }
    }

    fn read_link(&self, path: &str) -> Result<String, FsError> {
        match &self.inode(path)?.body {
            Body::Symlink(t) => Ok(t.clone()),
            _ => Err(FsError::Unsupported { path: path.to_string(), what: "readlink of a non-symlink" }),
        }
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, FsError> {
        let data = self.contents(path)?;
        Ok(Box::new(std::io::Cursor::new(data)))
    }

    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, FsError> {
        Ok(self.inode(path)?.xattrs.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn read_at(&self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let data = self.contents(path)?;
        let start = (offset as usize).min(data.len());
        let n = buf.len().min(data.len() - start);
        buf[..n].copy_from_slice(&data[start..start + n]);
        Ok(n)
    }
}

impl FsWrite for MemFs {
    fn mkdir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.create(path, FileKind::Dir, attrs, (0, 0), Body::Dir(BTreeMap::new()))
    }

    fn write_file(&mut self, path: &str, attrs: &Attrs, data: &mut dyn Read) -> Result<u64, FsError> {
        let mut buf = Vec::new();
        data.read_to_end(&mut buf).map_err(|source| FsError::Io { path: path.to_string(), source })?;
        let len = buf.len() as u64;
        match self.lstat(path)? {
            Some(m) if m.kind == FileKind::Dir => return Err(FsError::IsADirectory(path.to_string())),
            Some(_) => self.remove(path)?,
            None => {}
        }
        self.create(path, FileKind::File, attrs, (0, 0), Body::File(buf.into()))?;
        Ok(len)
    }

    fn symlink(&mut self, path: &str, target: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.create(path, FileKind::Symlink, attrs, (0, 0), Body::Symlink(target.to_string()))
    }

    fn hard_link(&mut self, path: &str, existing: &str) -> Result<(), FsError> {
        let src = self.lookup(existing)?.ok_or_else(|| FsError::NotFound(existing.to_string()))?;
        if self.inodes[&src].kind == FileKind::Dir {
            return Err(FsError::IsADirectory(existing.to_string()));
        }
        check(path)?;
        let (parent, name) = split(path);
        let dir = self.dir_ino(parent, path)?;
        if path.is_empty() || self.entries(dir).contains_key(name) {
            return Err(FsError::AlreadyExists(path.to_string()));
        }
        self.entries_mut(dir).insert(name.to_string(), src);
        self.inodes.get_mut(&src).expect("live inode").nlink += 1;
        Ok(())
    }

    fn mknod(&mut self, path: &str, kind: FileKind, rdev: (u32, u32), attrs: &Attrs) -> Result<(), FsError> {
        if matches!(kind, FileKind::File | FileKind::Dir | FileKind::Symlink) {
            return Err(FsError::Unsupported { path: path.to_string(), what: "mknod of a file, directory or symlink" });
        }
        self.create(path, kind, attrs, rdev, Body::Node)
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::Unsupported { path: path.to_string(), what: "removing the root" });
        }
        let (parent, name) = split(path);
        let dir = self.dir_ino(parent, path)?;
        let ino = self.entries_mut(dir).remove(name).ok_or_else(|| FsError::NotFound(path.to_string()))?;
        self.unlink_ino(ino);
        Ok(())
    }

    fn set_attrs(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.inode_mut(path)?.attrs = *attrs;
        Ok(())
    }

    fn write_at(&mut self, path: &str, offset: u64, data: &[u8]) -> Result<(), FsError> {
        self.splice(path, |contents| {
            let end = offset as usize + data.len();
            if contents.len() < end {
                contents.resize(end, 0);
            }
            contents[offset as usize..end].copy_from_slice(data);
        })
    }

    fn truncate(&mut self, path: &str, len: u64) -> Result<(), FsError> {
        self.splice(path, |contents| contents.resize(len as usize, 0))
    }

    fn set_xattr(&mut self, path: &str, name: &str, value: &[u8]) -> Result<(), FsError> {
        self.inode_mut(path)?.xattrs.insert(name.to_string(), value.to_vec());
        Ok(())
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        check(to)?;
        let src = self.lookup(from)?.ok_or_else(|| FsError::NotFound(from.to_string()))?;
        if from == to {
            return Ok(());
        }
        if from.is_empty() || to.is_empty() || super::path::is_within(to, from) {
            return Err(FsError::InvalidPath(to.to_string()));
        }
        let src_is_dir = self.inodes[&src].kind == FileKind::Dir;
        if let Some(dst) = self.lookup(to)? {
            let dst_node = &self.inodes[&dst];
            match (src_is_dir, &dst_node.body) {
                (true, Body::Dir(e)) if !e.is_empty() => return Err(FsError::DirectoryNotEmpty(to.to_string())),
                (true, Body::Dir(_)) => {}
                (true, _) => return Err(FsError::NotADirectory(to.to_string())),
                (false, Body::Dir(_)) => return Err(FsError::IsADirectory(to.to_string())),
                (false, _) => {}
            }
            if dst == src {
                // Two names of one inode: rename(2) does nothing.
                return Ok(());
            }
            self.remove(to)?;
        }
        let (to_parent, to_name) = split(to);
        let to_dir = self.dir_ino(to_parent, to)?;
        let (from_parent, from_name) = split(from);
        let from_dir = self.dir_ino(from_parent, from)?;
        self.entries_mut(from_dir).remove(from_name);
        self.entries_mut(to_dir).insert(to_name.to_string(), src);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(fs: &mut MemFs, p: &str, data: &str) {
        fs.write_file(p, &Attrs::root(0o644), &mut data.as_bytes()).unwrap();
    }

    #[test]
    fn create_read_and_walk() {
        let mut fs = MemFs::new();
        fs.mkdir("etc", &Attrs::root(0o755)).unwrap();
        file(&mut fs, "etc/hostname", "box\n");
        fs.symlink("link", "/etc", &Attrs::root(0o777)).unwrap();
        assert_eq!(&*fs.contents("etc/hostname").unwrap(), b"box\n");
        assert_eq!(fs.read_link("link").unwrap(), "/etc");
        assert_eq!(fs.walk(), vec!["etc", "etc/hostname", "link"]);
        assert_eq!(fs.lstat("etc/hostname").unwrap().unwrap().size, 4);
        assert!(fs.lstat("nope").unwrap().is_none());
    }

    #[test]
    fn never_goes_through_symlinks() {
        let mut fs = MemFs::new();
        fs.mkdir("etc", &Attrs::root(0o755)).unwrap();
        fs.symlink("link", "etc", &Attrs::root(0o777)).unwrap();
        let err = fs.write_file("link/passwd", &Attrs::root(0o644), &mut &b""[..]).unwrap_err();
        assert!(matches!(err, FsError::SymlinkInPath(_)), "{err}");
        assert!(matches!(fs.lstat("link/x"), Err(FsError::SymlinkInPath(_))));
    }

    #[test]
    fn hard_links_share_an_inode_until_the_last_goes() {
        let mut fs = MemFs::new();
        file(&mut fs, "a", "data");
        fs.hard_link("b", "a").unwrap();
        let (a, b) = (fs.lstat("a").unwrap().unwrap(), fs.lstat("b").unwrap().unwrap());
        assert_eq!((a.ino, a.nlink), (b.ino, 2));
        fs.remove("a").unwrap();
        assert_eq!(fs.lstat("b").unwrap().unwrap().nlink, 1);
        assert_eq!(&*fs.contents("b").unwrap(), b"data");
    }

    #[test]
    fn rename_follows_rename2_rules() {
        let mut fs = MemFs::new();
        fs.mkdir("d", &Attrs::root(0o755)).unwrap();
        fs.mkdir("e", &Attrs::root(0o755)).unwrap();
        file(&mut fs, "e/x", "");
        file(&mut fs, "f", "1");
        assert!(matches!(fs.rename("d", "e"), Err(FsError::DirectoryNotEmpty(_))));
        assert!(matches!(fs.rename("f", "d"), Err(FsError::IsADirectory(_))));
        assert!(matches!(fs.rename("d", "d/sub"), Err(FsError::InvalidPath(_))));
        fs.rename("e", "d").unwrap();
        assert_eq!(fs.walk(), vec!["d", "d/x", "f"]);
        file(&mut fs, "g", "2");
        fs.rename("g", "f").unwrap();
        assert_eq!(&*fs.contents("f").unwrap(), b"2");
    }

    #[test]
    fn writes_in_place_keep_the_inode_and_its_links() {
        let mut fs = MemFs::new();
        file(&mut fs, "a", "hello");
        fs.hard_link("b", "a").unwrap();
        fs.set_xattr("a", "user.k", b"v").unwrap();
        fs.write_at("a", 5, b" world").unwrap();
        assert_eq!(&*fs.contents("b").unwrap(), b"hello world");
        assert_eq!(fs.xattrs("a").unwrap().len(), 1);
        fs.truncate("b", 2).unwrap();
        assert_eq!(&*fs.contents("a").unwrap(), b"he");
    }

    #[test]
    fn remove_is_recursive_and_overwrite_refuses_directories() {
        let mut fs = MemFs::new();
        fs.mkdir("d", &Attrs::root(0o755)).unwrap();
        file(&mut fs, "d/x", "");
        assert!(matches!(fs.write_file("d", &Attrs::root(0o644), &mut &b""[..]), Err(FsError::IsADirectory(_))));
        fs.remove("d").unwrap();
        assert!(fs.walk().is_empty());
        assert_eq!(fs.inodes.len(), 1, "freed inodes are gone");
    }
}
