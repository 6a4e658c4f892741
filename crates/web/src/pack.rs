//! Where the course comes from: the pack bundled into the page at build time
//! (`lessons/docker/`, see `build.rs`), files the learner opens, or a pack at a URL
//! (`?pack=https://…/pack.toml`). All three end as a parsed [`Pack`]; nothing needs a server.

use std::collections::BTreeMap;

use wharf_engine::collect::CollectMap;
use wharf_pack::manifest::{self, MANIFEST};
use wharf_pack::source::MemSource;
use wharf_pack::Pack;

mod bundle {
    include!(concat!(env!("OUT_DIR"), "/bundled_pack.rs"));
}

/// Where the open pack was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the page.
    Bundled,
    /// Files the learner opened (the manifest's name).
    Files,
    /// Fetched from this URL.
    Url(String),
}

/// The course built into the page. It is checked by this crate's tests, so it always parses.
pub fn bundled() -> Pack {
    let files = bundle::FILES.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect_map();
    wharf_pack::load(&MemSource(files)).expect("the bundled pack parses (tested)")
}

/// A pack from files the learner opened: `pack.toml` and its module files, by name (folders
/// are ignored: packs name their files beside the manifest).
pub fn from_files(files: Vec<(String, String)>) -> Result<Pack, String> {
    let files: BTreeMap<String, String> = files.into_iter().map(|(name, text)| (name.rsplit('/').next().unwrap_or(&name).to_string(), text)).collect_map();
    if !files.contains_key(MANIFEST) {
        return Err(format!("select the pack's {MANIFEST} together with its module files"));
    }
    wharf_pack::load(&MemSource(files)).map_err(|e| e.to_string())
}

/// The module files a manifest names, to fetch beside it.
pub fn module_files(manifest_text: &str) -> Result<Vec<String>, String> {
    let m = manifest::parse(manifest_text).map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    Ok(m.modules.into_iter().filter_map(|e| e.into_inner().file).collect())
}

/// The `pack` parameter of a page address's query (`?pack=URL`), decoded.
pub fn url_param(search: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("pack=")).map(wharf_engine::percent::decode).filter(|u| !u.is_empty())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_course_is_the_docker_pack() {
        let p = bundled();
        assert_eq!(p.id, "docker");
        assert!(p.written().any(|m| m.id == "M03" && !m.steps.is_empty()));
    }

    #[test]
    fn opened_files_need_their_manifest() {
        assert!(from_files(vec![("m.md".into(), "## A\n".into())]).unwrap_err().contains("pack.toml"));
        let manifest = "id = \"x\"\ntitle = \"X\"\nversion = \"0.1.0\"\nauthors = [\"a\"]\nlanguage = \"en\"\n\n[[modules]]\nid = \"M1\"\ntitle = \"One\"\nfile = \"one.md\"\n";
        let p = from_files(vec![("dir/pack.toml".into(), manifest.into()), ("dir/one.md".into(), "## Look {#look}\n\n```run\nls\n```\n".into())]).unwrap();
        assert_eq!(p.modules[0].steps[0].id, "look");
        assert_eq!(module_files(manifest).unwrap(), ["one.md"]);
    }

    #[test]
    fn the_pack_parameter_is_decoded() {
        assert_eq!(url_param("?pack=https%3A%2F%2Fx.org%2Fp%2Fpack.toml&x=1").as_deref(), Some("https://x.org/p/pack.toml"));
        assert_eq!(url_param("?a=b"), None);
        assert_eq!(url_param("?pack=%zz"), Some("%zz".into()));
    }
}
