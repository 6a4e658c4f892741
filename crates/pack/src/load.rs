//! Reads a whole pack: the manifest, then every written module.

use crate::error::{ParseError, ParseErrors};
use crate::manifest::{self, MANIFEST};
use crate::markdown;
use crate::model::{Module, ModuleStatus, Pack};
use crate::source::Source;

/// Parses the pack `source` holds. Every error found is returned, each naming file and line.
pub fn load(source: &dyn Source) -> Result<Pack, ParseErrors> {
    let text = source.read(MANIFEST).ok_or_else(|| ParseErrors(vec![ParseError::new(MANIFEST, 0, "cannot read the pack manifest")]))?;
    let m = manifest::parse(&text).map_err(ParseErrors)?;
    let mut errors = Vec::new();
    let mut modules = Vec::new();
    for entry in m.modules {
        let entry = entry.into_inner();
        let mut module = Module { id: entry.id, title: entry.title, status: entry.status.into(), file: entry.file, intro: Vec::new(), steps: Vec::new() };
        if module.status == ModuleStatus::Written {
            let file = module.file.clone().unwrap_or_default();
            match source.read(&file) {
                None => errors.push(ParseError::new(MANIFEST, 0, format!("module `{}`: cannot read `{file}`", module.id))),
                Some(text) => match markdown::parse(&file, &text) {
                    Ok(parsed) => {
                        module.intro = parsed.intro;
                        module.steps = parsed.steps;
                    }
                    Err(e) => errors.extend(e),
                },
            }
        }
        modules.push(module);
    }
    if !errors.is_empty() {
        return Err(ParseErrors(errors));
    }
    Ok(Pack { id: m.id, title: m.title, version: m.version, authors: m.authors, language: m.language, modules })
}
