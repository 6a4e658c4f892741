//! Building a stand-in image: layer trees, their tars, a config like Docker Hub's, and the
//! manifest, published into a [`MemoryRegistry`].

use std::collections::BTreeMap;
use std::rc::Rc;

use wharf_engine::collect::CollectMap;
use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsRead, FsWrite};
use wharf_engine::image::layer::create_from_tree;
use wharf_engine::image::oci::{media_type, ContainerConfig, Descriptor, History, ImageConfig, RootFs};
use wharf_engine::registry::manifest;
use wharf_engine::registry::MemoryRegistry;

use crate::userland::coreutils::elf;
use crate::userland::coreutils::timefmt::timegm;

/// A layer's tree under construction. Every file and directory gets the layer's mtime; parent
/// directories are made as needed (0755, root).
pub struct Tree {
    pub(crate) fs: MemFs,
    mtime: i64,
}

impl Tree {
    /// An empty tree whose entries are dated `mtime` (seconds since the epoch).
    pub fn new(mtime: i64) -> Tree {
        Tree { fs: MemFs::new(), mtime }
    }

    /// Wraps a tree built elsewhere (e.g. by [`crate::userland::host::debian_root`]).
    pub fn from_fs(fs: MemFs, mtime: i64) -> Tree {
        Tree { fs, mtime }
    }

    fn attrs(&self, mode: u32) -> Attrs {
        Attrs { mode, uid: 0, gid: 0, mtime: self.mtime }
    }

    /// `mkdir -p path` with `mode` for the last component.
    pub fn dir(&mut self, path: &str, mode: u32) -> &mut Tree {
        let mut acc = String::new();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        for (i, part) in parts.iter().enumerate() {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            let m = if i + 1 == parts.len() { mode } else { 0o755 };
            if self.fs.lstat(&acc).ok().flatten().is_none() {
                let _ = self.fs.mkdir(&acc, &self.attrs(m));
            }
        }
        self
    }

    fn parent(&mut self, path: &str) {
        if let Some((dir, _)) = path.rsplit_once('/') {
            self.dir(dir, 0o755);
        }
    }

    /// A regular file.
    pub fn file(&mut self, path: &str, mode: u32, data: &[u8]) -> &mut Tree {
        self.parent(path);
        let _ = self.fs.write_file(path, &self.attrs(mode), &mut &data[..]);
        self
    }

    /// A file owned by `uid:gid`.
    pub fn owned_dir(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> &mut Tree {
        self.dir(path, mode);
        let _ = self.fs.set_attrs(path, &Attrs { mode, uid, gid, mtime: self.mtime });
        self
    }

    /// A simulated executable running `program` (marker size; see [`crate::program`]).
    pub fn exe(&mut self, path: &str, program: &str, libs: &[&str]) -> &mut Tree {
        let data = elf::binary(program, 0, libs);
        self.file(path, 0o755, &data)
    }

    /// A symlink.
    pub fn link(&mut self, path: &str, target: &str) -> &mut Tree {
        self.parent(path);
        let _ = self.fs.symlink(path, target, &self.attrs(0o777));
        self
    }
}

/// A built layer: its tar (uncompressed, so its blob digest is its diff ID), the size Docker
/// Hub's image reports for it, and the history line that made it.
#[derive(Clone)]
pub struct Layer {
    tar: Rc<Vec<u8>>,
    diff_id: Digest,
    size: u64,
    created_by: String,
    created: String,
}

impl Layer {
    /// Packs `tree` as a layer reported as `size` bytes, made by `created_by` at `created`.
    pub fn new(tree: Tree, size: u64, created: &str, created_by: &str) -> Layer {
        let mut tar = Vec::new();
        let d = create_from_tree(&tree.fs, &mut tar).expect("a tree in memory always packs");
        Layer { tar: Rc::new(tar), diff_id: d.diff_id, size, created_by: created_by.to_string(), created: created.to_string() }
    }
}

/// One step of an image's history.
#[derive(Clone)]
enum Step {
    Layer(Layer),
    Meta { created: String, created_by: String },
}

/// An image under construction: steps (layers and metadata-only instructions) and the
/// run-time config. Derived images start from a clone of their base, as `FROM` does.
#[derive(Clone)]
pub struct Image {
    steps: Vec<Step>,
    /// The run-time defaults (`Env`, `Cmd`, `Entrypoint`...).
    pub config: ContainerConfig,
    created: String,
}

/// Seconds since the epoch of an RFC 3339 UTC time (`2023-09-28T21:19:27Z`, fraction
/// ignored), for layer mtimes.
pub fn epoch(rfc3339: &str) -> i64 {
    let n = |a: usize, b: usize| rfc3339.get(a..b).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    timegm(n(0, 4), n(5, 7) as u32, n(8, 10) as u32, n(11, 13) as u32, n(14, 16) as u32, n(17, 19) as u32)
}

impl Image {
    /// An image with no layers yet (`FROM scratch`).
    pub fn scratch() -> Image {
        Image { steps: Vec::new(), config: ContainerConfig::default(), created: String::new() }
    }

    /// Adds a layer built at `created` by `created_by`: `build` fills a tree dated `created`.
    pub fn layer(mut self, created: &str, created_by: &str, size: u64, build: impl FnOnce(&mut Tree)) -> Image {
        let mut tree = Tree::new(epoch(created));
        build(&mut tree);
        self.steps.push(Step::Layer(Layer::new(tree, size, created, created_by)));
        self.created = created.to_string();
        self
    }

    /// Adds an already built layer (a base shared by several images).
    pub fn with_layer(mut self, layer: &Layer) -> Image {
        self.created = layer.created.clone();
        self.steps.push(Step::Layer(layer.clone()));
        self
    }

    /// Adds a metadata-only step (`ENV`, `CMD`...) at `created`; `apply` changes the config.
    pub fn meta(mut self, created: &str, created_by: &str, apply: impl FnOnce(&mut ContainerConfig)) -> Image {
        apply(&mut self.config);
        self.steps.push(Step::Meta { created: created.to_string(), created_by: created_by.to_string() });
        self.created = created.to_string();
        self
    }

    /// The config bytes (the image ID is their digest) and the layers.
    fn config_bytes(&self) -> (Vec<u8>, Vec<&Layer>) {
        let layers: Vec<&Layer> = self.steps.iter().filter_map(|s| if let Step::Layer(l) = s { Some(l) } else { None }).collect();
        let history = self
            .steps
            .iter()
            .map(|s| match s {
                Step::Layer(l) => History { created: Some(l.created.clone()), created_by: Some(l.created_by.clone()), ..History::default() },
                Step::Meta { created, created_by } => History { created: Some(created.clone()), created_by: Some(created_by.clone()), empty_layer: true, ..History::default() },
            })
            .collect();
        let config = ImageConfig {
            created: Some(self.created.clone()),
            architecture: "amd64".into(),
            os: "linux".into(),
            config: Some(self.config.clone()),
            rootfs: RootFs { diff_ids: layers.iter().map(|l| l.diff_id).collect(), ..RootFs::default() },
            history,
            ..ImageConfig::default()
        };
        (serde_json::to_vec(&config).expect("configs serialise"), layers)
    }

    /// Publishes the image in `registry` under `repository` with every tag in `tags`; returns
    /// the manifest digest.
    pub fn publish(&self, registry: &mut MemoryRegistry, repository: &str, tags: &[&str]) -> Digest {
        let (config, layers) = self.config_bytes();
        let config_desc = Descriptor::new(media_type::DOCKER_CONFIG, Digest::of(&config), config.len() as u64);
        registry.add_blob(config);
        let descs: Vec<Descriptor> = layers
            .iter()
            .map(|l| {
                let digest = registry.add_blob(l.tar.to_vec());
                manifest::layer_descriptor(digest, l.tar.len() as u64, false, Some(l.size))
            })
            .collect();
        let bytes = manifest::write(&config_desc, &descs);
        let digest = registry.add_manifest(repository, tags.first().copied(), bytes);
        for tag in tags.iter().skip(1) {
            registry.add_tag(repository, tag, &digest);
        }
        digest
    }
}

/// `PATH` of Debian-based images.
pub const DEBIAN_PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A config map of one key with an empty object (`ExposedPorts`, `Volumes`).
pub fn set_of(keys: &[&str]) -> Option<BTreeMap<String, serde_json::Value>> {
    Some(keys.iter().map(|k| (k.to_string(), serde_json::json!({}))).collect_map())
}

/// Strings as a `Vec<String>`.
pub fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}
