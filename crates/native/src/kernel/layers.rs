//! Unpacked layers: `ROOT/layers/<chain-hex>/diff` (an overlayfs lower directory) and
//! `ROOT/layers/<chain-hex>/parent` (the parent's chain ID, absent for a base layer), as
//! Docker's `image/overlay2` keeps them.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use wharf_engine::digest::Digest;
use wharf_engine::image::layer::{self, ApplyMode, ApplyOptions};
use wharf_engine::kernel::KernelError;

use crate::dirfs::DirFs;

fn io_err<'a>(what: &str, path: &'a Path) -> impl Fn(io::Error) -> KernelError + 'a {
    let what = what.to_string();
    move |e| KernelError::Other(format!("{what} {}: {e}", path.display()))
}

/// The layer store under `ROOT/layers`.
pub struct Layers {
    dir: PathBuf,
}

impl Layers {
    /// Opens (creating) `root/layers`.
    pub fn open(root: &Path) -> io::Result<Layers> {
        let dir = root.join("layers");
        fs::create_dir_all(&dir)?;
        Ok(Layers { dir })
    }

    fn layer_dir(&self, chain: &Digest) -> PathBuf {
        self.dir.join(chain.hex())
    }

    /// Whether `chain` is unpacked.
    pub fn exists(&self, chain: &Digest) -> bool {
        self.layer_dir(chain).join("diff").is_dir()
    }

    /// The parent of `chain`, if any.
    pub fn parent(&self, chain: &Digest) -> Result<Option<Digest>, KernelError> {
        match fs::read_to_string(self.layer_dir(chain).join("parent")) {
            Ok(s) => s.trim().parse::<Digest>().map(Some).map_err(|e| KernelError::Other(format!("layer {chain}: bad parent: {e}"))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(KernelError::Other(format!("layer {chain}: {e}"))),
        }
    }

    /// The `diff` directories of the chain ending at `top`, top first (overlayfs' lowerdir
    /// order). Fails with `NotFound` if a layer is missing.
    pub fn chain(&self, top: &Digest) -> Result<Vec<PathBuf>, KernelError> {
        let mut out = Vec::new();
        let mut next = Some(*top);
        while let Some(id) = next {
            if !self.exists(&id) {
                return Err(KernelError::NotFound(format!("layer {id}")));
            }
            out.push(self.layer_dir(&id).join("diff"));
            next = self.parent(&id)?;
        }
        Ok(out)
    }

    /// Whether any layer names `chain` as its parent.
    pub fn has_children(&self, chain: &Digest) -> Result<bool, KernelError> {
        for entry in fs::read_dir(&self.dir).map_err(io_err("listing", &self.dir))? {
            let entry = entry.map_err(io_err("listing", &self.dir))?;
            if let Ok(p) = fs::read_to_string(entry.path().join("parent")) {
                if p.trim() == chain.to_string() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Unpacks `tar` as `chain` on `parent`: into `tmp-<chain-hex>` first, renamed into place
    /// once complete, so a failure leaves nothing.
    pub fn unpack(&self, chain: &Digest, parent: Option<&Digest>, tar: &mut dyn Read) -> Result<(), KernelError> {
        if self.exists(chain) {
            return Ok(());
        }
        if let Some(p) = parent {
            if !self.exists(p) {
                return Err(KernelError::NotFound(format!("parent layer {p}")));
            }
        }
        let tmp = self.dir.join(format!("tmp-{}-{}", chain.hex(), std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let result = (|| {
            fs::create_dir_all(tmp.join("diff")).map_err(io_err("creating", &tmp))?;
            if let Some(p) = parent {
                fs::write(tmp.join("parent"), p.to_string()).map_err(io_err("writing", &tmp))?;
            }
            let mut tree = DirFs::open(tmp.join("diff")).map_err(io_err("opening", &tmp))?;
            layer::apply(tar, &mut tree, &ApplyOptions::new(ApplyMode::Layer)).map_err(|e| KernelError::Other(e.to_string()))?;
            let dest = self.layer_dir(chain);
            fs::rename(&tmp, &dest).map_err(io_err("renaming into", &dest))
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }

    /// Deletes `chain`'s directory (the caller checked it is unused).
    pub fn remove(&self, chain: &Digest) -> Result<(), KernelError> {
        let dir = self.layer_dir(chain);
        if !dir.exists() {
            return Err(KernelError::NotFound(format!("layer {chain}")));
        }
        // Rename first so a half-deleted layer is never mistaken for a whole one.
        let doomed = self.dir.join(format!("rm-{}", chain.hex()));
        fs::rename(&dir, &doomed).map_err(io_err("removing", &dir))?;
        fs::remove_dir_all(&doomed).map_err(io_err("removing", &doomed))
    }
}
