//! Images and containers as tar streams: `docker save`/`load` (`GET /images/get`,
//! `POST /images/load`), `docker export` (`GET /containers/{id}/export`) and `docker import`
//! (`POST /images/create?fromSrc=-`).

use std::io::Read;

use super::{ApiError, Daemon};
use crate::api::gotime::GoTime;
use crate::digest::Digest;
use crate::image::archive::{self, docker_save::write::save, LoadOptions};
use crate::image::db::LayerRecord;
use crate::image::layer;
use crate::image::oci::chain_ids;
use crate::image::reference::Reference;

fn system(e: impl std::fmt::Display) -> ApiError {
    ApiError::system(e.to_string())
}

impl Daemon {
    /// Makes sure every layer of image `id` is unpacked in the kernel (a loaded or imported
    /// image arrives as blobs only).
    fn unpack_image(&mut self, id: &Digest) -> Result<(), ApiError> {
        let rec = self.images().get(id)?;
        let chains = chain_ids(&rec.layers.iter().map(|l| l.diff_id).collect::<Vec<_>>());
        for (i, (chain, l)) in chains.iter().zip(&rec.layers).enumerate() {
            let blob = self.kernel.stores().0.get(&l.blob).map_err(system)?;
            let mut reader: Box<dyn Read> = if l.compressed { Box::new(flate2::read::MultiGzDecoder::new(&blob[..])) } else { Box::new(&blob[..]) };
            let parent = i.checked_sub(1).map(|p| chains[p]);
            self.kernel.unpack_layer(chain, parent.as_ref(), &mut reader).map_err(system)?;
        }
        Ok(())
    }

    /// `docker save NAME...`: a `docker save` archive.
    pub fn image_save(&mut self, names: &[String]) -> Result<Vec<u8>, ApiError> {
        let now = self.kernel.now() / 1_000_000_000;
        let db = self.images();
        let images = db.resolve_for_save(names)?;
        let mut out = Vec::new();
        save(&db, &images, &mut out, now).map_err(system)?;
        Ok(out)
    }

    /// `docker load`: the lines docker prints (`Loaded image: busybox:latest`).
    pub fn image_load(&mut self, input: &[u8]) -> Result<Vec<String>, ApiError> {
        let opts = LoadOptions { os: "linux".into(), architecture: "amd64".into() };
        let report = archive::load(&mut self.images(), &mut &input[..], &opts).map_err(system)?;
        for (id, _) in &report.images {
            self.unpack_image(id)?;
        }
        Ok(report.lines)
    }

    /// `docker export CONTAINER`: its merged filesystem as one tar.
    pub fn container_export(&mut self, input: &str) -> Result<Vec<u8>, ApiError> {
        let id = self.lookup(input)?;
        let mut out = Vec::new();
        self.kernel
            .with_rootfs(&id, &mut |fs| {
                layer::create_from_tree(fs, &mut out).map_err(|e| crate::kernel::KernelError::Other(e.to_string()))?;
                Ok(())
            })
            .map_err(system)?;
        Ok(out)
    }

    /// `docker import FILE [REPOSITORY[:TAG]]`: a one-layer image from a filesystem tar, with
    /// `Imported from -` (or `message`) as its comment and `changes` (`-c 'CMD ["sh"]'`,
    /// Dockerfile instructions as `commit --change` takes them) as its config; the new image's ID.
    pub fn image_import(&mut self, tar: &[u8], reference: Option<&str>, message: &str, changes: &[String]) -> Result<Digest, ApiError> {
        let reference = reference.map(Reference::parse).transpose().map_err(|e| ApiError::invalid(e.to_string()))?;
        // As dockerd, the changes are checked first: a bad one stores nothing.
        let config = match changes {
            [] => "null".to_string(),
            _ => {
                let mut config = crate::api::container::ContainerConfig::default();
                for change in changes {
                    super::commit::apply_change(&mut config, change)?;
                }
                serde_json::to_string(&config).map_err(system)?
            }
        };
        let info = layer::inspect(&mut &tar[..]).map_err(system)?;
        let blob = self.images().content().put(None, tar).map_err(system)?;
        self.kernel.unpack_layer(&info.diff_id, None, &mut &tar[..]).map_err(system)?;
        let created = serde_json::json!(GoTime::from_unix_nanos(self.kernel.now()).rfc3339_nano());
        let comment = serde_json::json!(if message.is_empty() { "Imported from -" } else { message });
        let history = serde_json::json!([{"created": created, "comment": comment}]);
        let rootfs = serde_json::json!({"type": "layers", "diff_ids": [info.diff_id.to_string()]});
        // dockerd re-marshals through a map, so the top-level keys come out sorted (as
        // serde_json's maps are); the config is a struct, in its fields' order.
        let version = serde_json::json!(super::SERVER_VERSION);
        let bytes = format!(r#"{{"architecture":"amd64","comment":{comment},"config":{config},"created":{created},"docker_version":{version},"history":{history},"os":"linux","rootfs":{rootfs}}}"#).into_bytes();
        let layer = LayerRecord { diff_id: info.diff_id, blob, blob_size: tar.len() as u64, compressed: false, size: info.size };
        let mut db = self.images();
        db.content().put(None, &bytes).map_err(system)?;
        let id = db.create(&bytes, vec![layer])?;
        if let Some(r) = reference {
            let now = GoTime::from_unix_nanos(self.kernel.now());
            self.images().tag(&r.with_default_tag(), &id, now)?;
        }
        Ok(id)
    }
}
