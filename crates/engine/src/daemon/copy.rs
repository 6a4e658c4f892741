//! `HEAD`, `GET` and `PUT /containers/{id}/archive`: what `docker cp` asks of dockerd. A
//! path below a volume or bind mount is served from the mount's host directory, as dockerd
//! reads through the container's mounts; everything else from the root filesystem.

use super::mounts::MountKind;
use super::{ApiError, Daemon};
use crate::container::archive;
use crate::fs::path::{is_within, normalize};
use crate::fs::{FileKind, FsWrite};
use crate::kernel::KernelError;

/// What is at a container path (`X-Docker-Container-Path-Stat`, reduced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStat {
    /// Its last name.
    pub name: String,
    /// Whether it is a directory.
    pub is_dir: bool,
}

impl Daemon {
    /// Runs `f` on the tree holding container `id`'s path `path` and the path inside it.
    pub(super) fn in_container(&mut self, id: &str, path: &str, f: &mut dyn FnMut(&mut dyn FsWrite, &str) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let rel = normalize(path).unwrap_or_default();
        let mount = self.containers[id]
            .mount_points
            .iter()
            .filter(|m| m.kind != MountKind::Tmpfs && is_within(&rel, m.destination.trim_start_matches('/')))
            .max_by_key(|m| m.destination.len())
            .cloned();
        match mount {
            Some(m) => {
                let rest = rel[m.destination.trim_start_matches('/').len()..].trim_start_matches('/').to_string();
                self.kernel.with_host_dir(&m.source, false, &mut |fs, dir| f(fs, crate::fs::path::join(dir, &rest).trim_end_matches('/')))
            }
            None => self.kernel.with_rootfs(id, &mut |fs| f(fs, &rel)),
        }
    }

    /// `HEAD /containers/{id}/archive?path=`: what is at `path`, or `None`.
    pub fn container_stat_path(&mut self, input: &str, path: &str) -> Result<Option<PathStat>, ApiError> {
        let id = self.lookup(input)?;
        let mut stat = None;
        let _ = self.in_container(&id, path, &mut |fs, p| {
            stat = fs.lstat(p)?.map(|m| PathStat { name: archive::base(path), is_dir: m.kind == FileKind::Dir });
            Ok(())
        });
        Ok(stat)
    }

    /// `GET /containers/{id}/archive?path=`: a tar of `path` as one entry `name` (its
    /// contents alone when `name` is empty).
    pub fn container_archive(&mut self, input: &str, path: &str, name: &str) -> Result<Vec<u8>, ApiError> {
        let id = self.lookup(input)?;
        let mut tar = None;
        self.in_container(&id, path, &mut |fs, p| {
            tar = Some(archive::pack(fs, p, name)?);
            Ok(())
        })
        .map_err(|_| ApiError::not_found(format!("Could not find the file {path} in container {input}")))?;
        Ok(tar.unwrap_or_default())
    }

    /// `PUT /containers/{id}/archive?path=`: unpacks `tar` into the directory `dir`.
    pub fn container_extract(&mut self, input: &str, dir: &str, tar: &[u8]) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let rel = normalize(dir).unwrap_or_default();
        let c = &self.containers[&id];
        let mount = c.mount_points.iter().filter(|m| is_within(&rel, m.destination.trim_start_matches('/'))).max_by_key(|m| m.destination.len());
        match mount {
            Some(m) if !m.rw => return Err(ApiError::invalid("mounted volume is marked read-only")),
            None if c.host.read_only => return Err(ApiError { status: 403, message: "container rootfs is marked read-only".into() }),
            _ => {}
        }
        let mut is_dir = false;
        let _ = self.in_container(&id, dir, &mut |fs, p| {
            is_dir = fs.lstat(p)?.is_some_and(|m| m.kind == FileKind::Dir);
            Ok(())
        });
        if !is_dir {
            return Err(ApiError::not_found(format!("Could not find the file {dir} in container {input}")));
        }
        self.in_container(&id, dir, &mut |fs, p| archive::unpack(tar, fs, p).map(|_| ()).map_err(KernelError::from)).map_err(|e| ApiError::system(e.to_string()))
    }
}
