//! Build arguments with the classic builder's scoping (`builder/dockerfile/buildargs.go`).
//!
//! `--build-arg` values override ARG defaults; an ARG before the first FROM (a meta arg) is
//! visible to FROM lines only, and inside a stage once an `ARG name` re-declares it; every
//! stage starts with no declared args. An option no ARG ever declared is reported at the end
//! (`[Warning] One or more build-args [x] were not consumed`).

use std::collections::{BTreeMap, BTreeSet};

/// Proxy variables usable without an ARG (and never reported as unused).
const BUILTIN: &[&str] = &["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"];

/// The build-argument state of one stage (cloned from the build's at each FROM).
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildArgs {
    options: BTreeMap<String, Option<String>>,
    allowed: BTreeMap<String, Option<String>>,
    meta: BTreeMap<String, Option<String>>,
    referenced: BTreeSet<String>,
}

impl BuildArgs {
    pub fn new(options: BTreeMap<String, Option<String>>) -> BuildArgs {
        BuildArgs { options, ..BuildArgs::default() }
    }

    /// The state a new stage starts with: meta args and references kept, declarations reset.
    pub fn for_stage(&self) -> BuildArgs {
        BuildArgs { allowed: BTreeMap::new(), ..self.clone() }
    }

    /// Records the references a finished stage made.
    pub fn merge_referenced(&mut self, stage: &BuildArgs) {
        self.referenced.extend(stage.referenced.iter().cloned());
    }

    /// `ARG key[=default]` in a stage.
    pub fn add_arg(&mut self, key: &str, default: Option<String>) {
        self.allowed.insert(key.to_string(), default);
        self.referenced.insert(key.to_string());
    }

    /// `ARG key[=default]` before the first FROM.
    pub fn add_meta_arg(&mut self, key: &str, default: Option<String>) {
        self.add_arg(key, default.clone());
        self.meta.insert(key.to_string(), default);
    }

    fn value(&self, key: &str, default: Option<&Option<String>>) -> Option<String> {
        if let Some(Some(v)) = self.options.get(key) {
            return Some(v.clone());
        }
        match default {
            Some(Some(d)) => Some(d.clone()),
            Some(None) => self.meta.get(key).cloned().flatten(),
            None => None,
        }
    }

    /// The meta args' values, for expanding FROM.
    pub fn meta_values(&self) -> Vec<(String, String)> {
        self.meta.iter().filter_map(|(k, d)| Some((k.clone(), self.value(k, Some(d))?))).collect()
    }

    /// The declared args with values (and builtin proxy options) not shadowed by an `env`
    /// variable: what RUN sees and what expansion uses after ENV (`FilterAllowed`).
    pub fn allowed_values(&self, env: &[String]) -> Vec<(String, String)> {
        let shadowed = |k: &str| env.iter().any(|e| e.split('=').next() == Some(k));
        let mut out: Vec<(String, String)> = self.allowed.iter().filter(|(k, _)| !shadowed(k)).filter_map(|(k, d)| Some((k.clone(), self.value(k, Some(d))?))).collect();
        for b in BUILTIN {
            if !self.allowed.contains_key(*b) && !shadowed(b) {
                if let Some(Some(v)) = self.options.get(*b) {
                    out.push((b.to_string(), v.clone()));
                }
            }
        }
        crate::sort::ascending(&mut out);
        out
    }

    /// The `KEY=value`s a RUN records in its `|N KEY=value... cmd` cache key: the allowed ones
    /// minus proxy options no ARG declared (so proxies never bust the cache).
    pub fn recorded(&self, values: &[(String, String)]) -> Vec<String> {
        let mut out: Vec<String> = values.iter().filter(|(k, _)| self.referenced.contains(k) || !BUILTIN.contains(&k.as_str())).map(|(k, v)| format!("{k}={v}")).collect();
        crate::sort::ascending(&mut out);
        out
    }

    /// The build's closing warning, if some options were never declared.
    pub fn unused_warning(&self) -> Option<String> {
        let unused: Vec<&str> = self.options.keys().filter(|k| !self.referenced.contains(*k) && !BUILTIN.contains(&k.as_str())).map(String::as_str).collect();
        (!unused.is_empty()).then(|| format!("[Warning] One or more build-args [{}] were not consumed\n", unused.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_override_defaults_and_meta_args_need_redeclaring() {
        let mut global = BuildArgs::new(BTreeMap::from([("V".into(), Some("opt".into())), ("X".into(), Some("1".into()))]));
        global.add_meta_arg("BASE", Some("busybox".into()));
        assert_eq!(global.meta_values(), vec![("BASE".to_string(), "busybox".to_string())]);
        let mut stage = global.for_stage();
        assert!(stage.allowed_values(&[]).is_empty());
        stage.add_arg("BASE", None);
        stage.add_arg("V", Some("default".into()));
        assert_eq!(stage.allowed_values(&[]), vec![("BASE".into(), "busybox".into()), ("V".into(), "opt".into())]);
        assert_eq!(stage.allowed_values(&["V=env".into()]), vec![("BASE".into(), "busybox".into())]);
        global.merge_referenced(&stage);
        assert_eq!(global.unused_warning().unwrap(), "[Warning] One or more build-args [X] were not consumed\n");
    }
}
