//! Docker Compose's project model: compose files to a typed [`model::Project`], and the
//! plan that turns a project into daemon requests.
//!
//! Loading follows compose-go (what `docker compose` v2 uses), in its order: each file is
//! parsed ([`yaml`]), interpolated ([`interpolate`]) and checked against the schema
//! ([`validate`]) on its own; then the files are merged in order ([`merge`]) and the merged
//! tree becomes the model ([`model`]), whose cross-references are checked. Nothing here
//! does I/O: the client reads the files and hands their text in, so a bad file is refused
//! before anything starts. [`plan`] names containers, computes labels and create requests,
//! and orders services by `depends_on`; [`config`] prints the canonical form.

pub mod config;
pub mod interpolate;
pub mod merge;
pub mod model;
pub mod plan;
pub mod validate;
pub mod yaml;

use interpolate::InterpolateError;
use model::Project;

/// The names Compose looks for, in its order of preference (`compose.yaml` first).
pub const DEFAULT_FILES: [&str; 4] = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// The override files read after a default file (when `-f` is not given).
pub const OVERRIDE_FILES: [&str; 4] = ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];

/// Why a project could not be loaded. `Display` is what Compose prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// No compose file in the directory or its parents.
    #[error("no configuration file provided: not found")]
    NoConfigFile,
    /// A `-f` file that cannot be read.
    #[error("open {0}: no such file or directory")]
    Unreadable(String),
    /// YAML syntax.
    #[error("parsing {file}: {error}")]
    Yaml {
        /// The file.
        file: String,
        /// The parser's error (with its line).
        error: yaml::YamlError,
    },
    /// A schema violation.
    #[error("validating {file}: {error}")]
    Schema {
        /// The file.
        file: String,
        /// What and where.
        error: validate::SchemaError,
    },
    /// Interpolation.
    #[error(transparent)]
    Interpolate(#[from] InterpolateError),
    /// An inconsistent project (undefined service, volume, network; no image).
    #[error("{0}: invalid compose project")]
    Invalid(String),
    /// `-p` with characters Compose refuses.
    #[error("invalid project name \"{0}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number")]
    ProjectName(String),
}

impl ComposeError {
    /// The exit code Compose gives (its metrics failure categories: 14 file not found, 15
    /// parse failure).
    pub fn exit_code(&self) -> i32 {
        match self {
            ComposeError::NoConfigFile | ComposeError::Unreadable(_) => 14,
            ComposeError::ProjectName(_) => 1,
            _ => 15,
        }
    }
}

/// One compose file: its absolute path and text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Absolute path (printed in errors and in `ls`).
    pub path: String,
    /// Contents.
    pub text: String,
}

/// A loaded project and the warnings to print before going on.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The project.
    pub project: Project,
    /// Warnings, each without `WARN[0000]` or a newline.
    pub warnings: Vec<String>,
}

/// Compose's project name normalisation: lower case, only `[a-z0-9_-]`, leading `_`/`-`
/// dropped.
pub fn normalize_project_name(s: &str) -> String {
    let lower: String = s.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    lower.trim_start_matches(['_', '-']).to_string()
}

fn valid_project_name(s: &str) -> bool {
    !s.is_empty() && s.as_bytes()[0].is_ascii_alphanumeric() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Loads a project from its files (in `-f` order). `env` looks a variable up (the client's
/// environment, then `.env`); `name` is `-p` or `COMPOSE_PROJECT_NAME` if given;
/// `working_dir` is the first file's directory.
pub fn load(sources: &[Source], name: Option<&str>, working_dir: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Loaded, ComposeError> {
    let mut warnings = Vec::new();
    let mut merged: Option<yaml::Node> = None;
    let mut unset = Vec::new();
    for src in sources {
        let mut node = yaml::parse(&src.text).map_err(|error| ComposeError::Yaml { file: src.path.clone(), error })?;
        if node.get("version").is_some() {
            warnings.push(format!("{}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion", src.path));
        }
        interpolate::interpolate(&mut node, "", env, &mut unset)?;
        validate::validate(&node).map_err(|error| ComposeError::Schema { file: src.path.clone(), error })?;
        match merged.as_mut() {
            None => merged = Some(node),
            Some(base) => merge::merge(base, &node, ""),
        }
    }
    for var in unset {
        warnings.insert(0, format!("The \"{var}\" variable is not set. Defaulting to a blank string."));
    }
    let root = merged.unwrap_or_else(|| yaml::Node::new(yaml::Value::Null));
    let project_name = match name {
        Some(n) if !valid_project_name(n) => return Err(ComposeError::ProjectName(n.to_string())),
        Some(n) => n.to_string(),
        None => match root.get("name").and_then(|n| n.as_str()) {
            Some(n) => normalize_project_name(n),
            None => normalize_project_name(working_dir.trim_end_matches('/').rsplit('/').next().unwrap_or("")),
        },
    };
    let files = sources.iter().map(|s| s.path.clone()).collect();
    let project = model::project(&root, &project_name, working_dir, files)?;
    Ok(Loaded { project, warnings })
}

#[cfg(test)]
mod tests;
