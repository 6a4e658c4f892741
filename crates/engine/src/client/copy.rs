//! `docker cp`: files between a container and the client's machine, through the daemon's
//! archive endpoints on one side and [`super::ClientIo`]'s host tars on the other.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::units::human_size;
use crate::container::archive::destination;

/// docker's `splitCpArg`: `CONTAINER:PATH`, or a local path (absolute, `./…`, or no `:`).
fn split(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((ctr, path)) if !ctr.starts_with('.') => (Some(ctr), path),
        _ => (None, arg),
    }
}

impl Client<'_> {
    /// `docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST`. Silent unless stdout
    /// is a terminal, as docker is. There docker redraws "Preparing to copy..." in place as
    /// the result; like pulls (`registry::tty_view`), wharf prints what the terminal ends up
    /// showing.
    pub(super) async fn cp(&self, p: &Parsed) -> i32 {
        let progress = !p.bool("quiet") && self.io.stdout_is_tty();
        let result = match (split(&p.args[0]), split(&p.args[1])) {
            ((None, _), (None, _)) => Err("must specify at least one container source".to_string()),
            ((Some(_), _), (Some(_), _)) => Err("copying between containers is not supported".to_string()),
            ((Some(ctr), src), (None, dst)) => self.copy_out(ctr, src, dst).await,
            ((None, src), (Some(ctr), dst)) => self.copy_in(src, ctr, dst).await,
        };
        match result {
            Ok((bytes, shown)) => {
                if progress {
                    self.err(&format!("Successfully copied {} to {shown}\n", human_size(bytes as u64))).await;
                }
                0
            }
            Err(msg) => {
                self.err(&format!("{msg}\n")).await;
                1
            }
        }
    }

    async fn copy_out(&self, ctr: &str, src: &str, dst: &str) -> Result<(usize, String), String> {
        let dst_is_dir = self.io.host_path_is_dir(dst).await?;
        let (dir, name) = destination(src, dst, dst_is_dir);
        let tar = self.daemon.borrow_mut().container_archive(ctr, src, &name).map_err(|e| format!("Error response from daemon: {e}"))?;
        self.io.untar_to_host(&dir, &tar).await?;
        let shown = if dst.len() > 1 { dst.trim_end_matches('/') } else { dst };
        Ok((tar.len(), shown.to_string()))
    }

    async fn copy_in(&self, src: &str, ctr: &str, dst: &str) -> Result<(usize, String), String> {
        let dst_is_dir = {
            let mut d = self.daemon.borrow_mut();
            d.container_stat_path(ctr, dst).map_err(|e| format!("Error response from daemon: {e}"))?.map(|s| s.is_dir)
        };
        let (dir, name) = destination(src, dst, dst_is_dir);
        let tar = self.io.tar_from_host(src, &name).await?;
        self.daemon.borrow_mut().container_extract(ctr, &dir, &tar).map_err(|e| format!("Error response from daemon: {e}"))?;
        Ok((tar.len(), format!("{ctr}:{dst}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_like_docker() {
        assert_eq!(split("box:/etc/hosts"), (Some("box"), "/etc/hosts"));
        assert_eq!(split("/tmp/a:b"), (None, "/tmp/a:b"));
        assert_eq!(split("./a:b"), (None, "./a:b"));
        assert_eq!(split("file.txt"), (None, "file.txt"));
    }
}
