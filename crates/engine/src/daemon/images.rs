//! The daemon's image operations that reach a registry: pull and push (`POST /images/create`,
//! `POST /images/{name}/push`), over [`crate::registry`].

use super::Daemon;
use crate::image::reference::Reference;
use crate::registry::{self, Pulled, Pushed, TransferError};

impl Daemon {
    /// Pulls `reference`, handing each progress line to `progress`.
    pub fn image_pull(&mut self, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pulled, TransferError> {
        let pulled = self.with_served_registry(reference.domain(), |d| registry::pull(&mut *d.kernel, &mut d.registries, reference, progress))?;
        let time = self.kernel.now();
        self.events.push(super::events::Event { time, kind: "image", action: "pull".into(), id: reference.clone().with_default_tag().familiar_string(), attributes: [("name".to_string(), reference.familiar_name())].into() });
        Ok(pulled)
    }

    /// `POST /auth`: logs `user` in at registry `host`; what the CLI prints, or the error.
    pub fn registry_login(&mut self, host: &str, user: &str, password: &str) -> Result<&'static str, String> {
        self.with_served_registry(host, |d| d.registries.login(host, user, password))
    }

    /// Pushes `reference`, handing each progress line to `progress`.
    pub fn image_push(&mut self, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pushed, TransferError> {
        self.with_served_registry(reference.domain(), |d| registry::push(&mut *d.kernel, &mut d.registries, reference, progress))
    }
}
