//! The daemon's image operations that reach a registry: pull and push (`POST /images/create`,
//! `POST /images/{name}/push`), over [`crate::registry`].

use super::Daemon;
use crate::image::reference::Reference;
use crate::registry::{self, Pulled, Pushed, TransferError};

impl Daemon {
    /// Pulls `reference`, handing each progress line to `progress`.
    pub fn image_pull(&mut self, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pulled, TransferError> {
        let pulled = registry::pull(&mut *self.kernel, &mut self.registries, reference, progress)?;
        let time = self.kernel.now();
        self.events.push(super::events::Event { time, kind: "image", action: "pull".into(), id: reference.clone().with_default_tag().familiar_string(), attributes: [("name".to_string(), reference.familiar_name())].into() });
        Ok(pulled)
    }

    /// Pushes `reference`, handing each progress line to `progress`.
    pub fn image_push(&mut self, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pushed, TransferError> {
        registry::push(&mut *self.kernel, &mut self.registries, reference, progress)
    }
}
