//! `wharf image inspect`: the JSON array of `GET /images/{name}/json`, indented by four spaces
//! as the docker CLI prints it, or one `--format` rendering per image.
//!
//! `GraphDriver` paths are overlay2-style under `<--root>/overlay2/<chain ID>` (Docker uses a
//! random cache ID instead of the chain ID).

use std::path::Path;

use wharf::store::open_stores;
use wharf_engine::api::{gojson, ImageInspect};
use wharf_engine::cli::template::{Missing, Template};
use wharf_engine::image::db::{DbError, ImageDb};

/// Flags of `wharf image inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// Format output using a custom template ('json', 'TEMPLATE')
    #[arg(short = 'f', long = "format", value_name = "string")]
    pub format: Option<String>,
    /// The images
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

/// Prints `found` as the docker CLI does; `Err` is the template error line.
pub fn render(found: &[ImageInspect], format: Option<&str>) -> Result<String, String> {
    match format {
        None | Some("") | Some("json") => {
            if found.is_empty() {
                return Ok("[]\n".to_string());
            }
            let text = gojson::to_string_indent(found, "    ").map_err(|e| e.to_string())?;
            Ok(format!("{text}\n"))
        }
        Some(f) => {
            let t = Template::parse_go(f).map_err(|e| e.docker_message())?.with_missing(Missing::Error);
            let mut out = String::new();
            for image in found {
                let data = serde_json::to_value(image).map_err(|e| e.to_string())?;
                out.push_str(&t.render(&data).map_err(|e| e.docker_message())?);
                out.push('\n');
            }
            Ok(out)
        }
    }
}

/// The graph driver directory under `root`, made absolute as Docker's data root always is.
fn graph_root(root: &Path) -> String {
    let abs = if root.is_absolute() { root.to_path_buf() } else { std::env::current_dir().map(|d| d.join(root)).unwrap_or_else(|_| root.to_path_buf()) };
    format!("{}/overlay2", abs.display().to_string().trim_end_matches('/'))
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let graph = graph_root(root);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in &args.images {
        match db.resolve(name).and_then(|id| db.inspect(&id, &graph)) {
            Ok(i) => found.push(i),
            Err(DbError::NoSuchImage(_)) => errors.push(format!("Error: No such image: {name}")),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    match render(&found, args.format.as_deref()) {
        Ok(text) => print!("{text}"),
        Err(e) => errors.push(e),
    }
    for e in &errors {
        eprintln!("{e}");
    }
    Ok(if errors.is_empty() { 0 } else { 1 })
}
