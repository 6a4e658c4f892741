//! Package managers of the language images, as far as Dockerfiles use them: `npm ci`,
//! `npm install`, `npm run SCRIPT` (and `start`/`test`), `pip install`. Nothing is
//! downloaded: installing creates each package's directory with its `package.json`, which is
//! what `node` looks for when an app `require`s it, and prints npm's summary.

use serde_json::{json, Map, Value};

use crate::sys::Proc;
use crate::userland::coreutils::util::run_child;

/// npm's version in the node images.
pub const NPM_VERSION: &str = "10.2.3";

/// A package to install: its path under the project (`node_modules/a/node_modules/b`), name,
/// version, and whether it is a dev dependency or asks for funding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `node_modules/fastify`.
    pub path: String,
    /// `fastify`.
    pub name: String,
    /// `4.25.2`.
    pub version: String,
    /// Only needed for development.
    pub dev: bool,
    /// Has a `funding` entry.
    pub funding: bool,
}

/// The packages a `package-lock.json` (lockfile v2/v3 `packages`) lists.
pub fn locked_packages(lock: &Value) -> Vec<Package> {
    let Some(packages) = lock.get("packages").and_then(Value::as_object) else { return Vec::new() };
    packages
        .iter()
        .filter(|(path, _)| path.starts_with("node_modules/"))
        .map(|(path, v)| Package {
            path: path.clone(),
            name: path.rsplit_once("node_modules/").map_or(path.as_str(), |(_, n)| n).to_string(),
            version: v.get("version").and_then(Value::as_str).unwrap_or("1.0.0").to_string(),
            dev: v.get("dev").and_then(Value::as_bool).unwrap_or(false),
            funding: v.get("funding").is_some(),
        })
        .collect()
}

/// The packages `package.json` names directly (for `npm install` without a lock file).
pub fn declared_packages(manifest: &Value) -> Vec<Package> {
    let mut out = Vec::new();
    for (key, dev) in [("dependencies", false), ("devDependencies", true)] {
        for (name, range) in manifest.get(key).and_then(Value::as_object).into_iter().flatten() {
            let version = range.as_str().unwrap_or("").trim_start_matches(['^', '~', '=', '>', '<', ' ']).to_string();
            let version = if version.is_empty() || version == "*" || version == "latest" { "1.0.0".to_string() } else { version };
            out.push(Package { path: format!("node_modules/{name}"), name: name.clone(), version, dev, funding: false });
        }
    }
    out
}

/// npm's closing summary.
pub fn summary(added: usize, funding: usize, secs: u64) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    let mut out = format!("\nadded {}, and audited {} in {secs}s\n", plural(added, "package"), plural(added + 1, "package"));
    if funding > 0 {
        let verb = if funding == 1 { "is" } else { "are" };
        out.push_str(&format!("\n{} {verb} looking for funding\n  run `npm fund` for details\n", plural(funding, "package")));
    }
    out.push_str("\nfound 0 vulnerabilities\n");
    out
}

fn log_stamp(p: &Proc) -> String {
    use crate::userland::coreutils::timefmt::{gmtime, strftime};
    let t = p.now();
    format!("{}_{:03}Z", strftime("%Y-%m-%dT%H_%M_%S", &gmtime(t.div_euclid(1_000_000_000)), 0), t.rem_euclid(1_000_000_000) / 1_000_000)
}

async fn npm_err(p: &Proc, lines: &[&str], code: i32) -> i32 {
    let home = p.getenv("HOME").unwrap_or_else(|| "/root".into());
    let mut text: String = lines.iter().map(|l| format!("npm ERR! {l}\n")).collect();
    text.push_str(&format!("\nnpm ERR! A complete log of this run can be found in: {home}/.npm/_logs/{}-debug-0.log\n", log_stamp(p)));
    p.eprint(&text).await;
    code
}

async fn read_json(p: &Proc, path: &str) -> Option<Result<Value, String>> {
    let bytes = p.read_file(path).await.ok()?;
    Some(serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
}

/// `npm`.
pub async fn npm(p: Proc) -> i32 {
    let args = p.argv();
    let words: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let cwd = p.cwd();
    let cwd = cwd.trim_end_matches('/');
    match words.first().copied() {
        Some("--version" | "-v") => {
            p.print(&format!("{NPM_VERSION}\n")).await;
            0
        }
        Some(cmd @ ("ci" | "install" | "i" | "clean-install")) => {
            let manifest_path = format!("{cwd}/package.json");
            let manifest = match read_json(&p, &manifest_path).await {
                Some(Ok(v)) => v,
                Some(Err(e)) => return npm_err(&p, &["code EJSONPARSE", &format!("JSON.parse Invalid package.json: {e}")], 1).await,
                None => {
                    let open = format!("enoent ENOENT: no such file or directory, open '{manifest_path}'");
                    return npm_err(&p, &["code ENOENT", "syscall open", &format!("path {manifest_path}"), "errno -2", &open, "enoent This is related to npm not being able to find a file.", "enoent "], 254).await;
                }
            };
            let lock = read_json(&p, &format!("{cwd}/package-lock.json")).await.and_then(Result::ok);
            let ci = matches!(cmd, "ci" | "clean-install");
            let mut packages = match &lock {
                Some(lock) => locked_packages(lock),
                None if ci => {
                    return npm_err(&p, &["code EUSAGE", "", "The `npm ci` command can only install with an existing package-lock.json or", "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or", "later to generate a package-lock.json file, then try again.", "", "Clean install a project", "", "Usage:", "npm ci", "", "Options:", "[--install-strategy <hoisted|nested|shallow|linked>] [--legacy-bundling]", "", "aliases: clean-install, ic, install-clean, isntall-clean", "", "Run \"npm help ci\" for more info"], 1).await;
                }
                None => declared_packages(&manifest),
            };
            let omit_dev = words.iter().any(|w| matches!(*w, "--omit=dev" | "--only=production" | "--production")) || p.getenv("NODE_ENV").as_deref() == Some("production");
            if omit_dev {
                packages.retain(|pkg| !pkg.dev);
            }
            for pkg in &packages {
                let dir = format!("{cwd}/{}", pkg.path);
                if let Err(failed) = mkdir_p(&p, &dir) {
                    let msg = format!("Error: EACCES: permission denied, mkdir '{failed}'");
                    let detail = format!(" [Error: EACCES: permission denied, mkdir '{failed}'] {{");
                    let path = format!("path {failed}");
                    let path_field = format!("  path: '{failed}'");
                    let lines = ["code EACCES", "syscall mkdir", &path, "errno -13", &msg, &detail, "  errno: -13,", "  code: 'EACCES',", "  syscall: 'mkdir',", &path_field, "}", "", "The operation was rejected by your operating system.", "It is likely you do not have the permissions to access this file as the current user", "", "If you believe this might be a permissions issue, please double-check the", "permissions of the file and its containing directories, or try running", "the command again as root/Administrator."];
                    return npm_err(&p, &lines, 243).await;
                }
                let _ = p.write_file(&format!("{dir}/package.json"), format!("{}\n", wharf_engine::api::gojson::to_string_indent_raw(&json!({"name": pkg.name, "version": pkg.version}), "  ").unwrap_or_default()).as_bytes()).await;
            }
            if lock.is_none() {
                let mut entries = Map::new();
                entries.insert(String::new(), json!({"name": manifest.get("name"), "version": manifest.get("version")}));
                for pkg in &packages {
                    entries.insert(pkg.path.clone(), json!({"version": pkg.version}));
                }
                let new_lock = json!({"name": manifest.get("name"), "version": manifest.get("version"), "lockfileVersion": 3, "requires": true, "packages": entries});
                let _ = p.write_file(&format!("{cwd}/package-lock.json"), format!("{new_lock:#}\n").as_bytes()).await;
            }
            let secs = 1 + packages.len() as u64 / 40;
            let _ = p.sleep(secs as i64 * 1_000_000_000).await;
            let funding = packages.iter().filter(|pkg| pkg.funding).count();
            if packages.is_empty() {
                p.print(&format!("\nup to date, audited 1 package in {secs}s\n\nfound 0 vulnerabilities\n")).await;
            } else {
                p.print(&summary(packages.len(), funding, secs)).await;
            }
            0
        }
        Some(cmd @ ("run" | "run-script" | "start" | "test" | "t")) => {
            let script = match cmd {
                "start" => "start",
                "test" | "t" => "test",
                _ => match words.get(1) {
                    Some(s) => s,
                    None => {
                        p.eprint("npm: wharf lists no scripts; name one: npm run SCRIPT\n").await;
                        return 1;
                    }
                },
            };
            let manifest = match read_json(&p, &format!("{cwd}/package.json")).await {
                Some(Ok(v)) => v,
                _ => return npm_err(&p, &["code ENOENT", "syscall open", &format!("path {cwd}/package.json"), "errno -2"], 254).await,
            };
            let command = manifest.get("scripts").and_then(|s| s.get(script)).and_then(Value::as_str).map(str::to_string);
            let command = match (command, script) {
                (Some(c), _) => c,
                (None, "start") => "node server.js".into(),
                (None, _) => return npm_err(&p, &[&format!("Missing script: \"{script}\""), "", "To see a list of scripts, run:", "  npm run"], 1).await,
            };
            let name = manifest.get("name").and_then(Value::as_str).unwrap_or("");
            let version = manifest.get("version").and_then(Value::as_str).unwrap_or("");
            let at = if name.is_empty() { String::new() } else { format!("{name}@{version} ") };
            p.print(&format!("\n> {at}{script}\n> {command}\n\n")).await;
            let path = p.getenv("PATH").unwrap_or_default();
            let mut env: Vec<String> = p.env().into_iter().filter(|kv| !kv.starts_with("PATH=")).collect();
            env.push(format!("PATH={cwd}/node_modules/.bin:{path}"));
            p.set_env(env);
            run_child(&p, vec!["sh".into(), "-c".into(), command]).await.unwrap_or(127)
        }
        Some(other) => {
            p.eprint(&format!("npm: wharf does not simulate `npm {other}` (ci, install, run, start, test and --version are)\n")).await;
            1
        }
        None => {
            p.print(&format!("npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\nnpm run <foo>      run the script named <foo>\nnpm test           run this project's tests\n\nnpm@{NPM_VERSION} /usr/local/lib/node_modules/npm\n")).await;
            1
        }
    }
}

/// `mkdir -p`; on failure, the directory that could not be made.
fn mkdir_p(p: &Proc, dir: &str) -> Result<(), String> {
    let mut path = String::new();
    for part in dir.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(part);
        if !p.exists(&path) && p.mkdir(&path, 0o755).is_err() {
            return Err(path);
        }
    }
    Ok(())
}

/// The name in a requirement line (`flask==3.0.0`, `redis>=5`, `# comment`).
pub fn requirement_name(line: &str) -> Option<(String, String)> {
    let line = line.split('#').next()?.trim();
    if line.is_empty() || line.starts_with('-') {
        return None;
    }
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(line.len());
    let version = line[end..].trim_start_matches(['=', '>', '<', '~', '!', ' ']).split(',').next().unwrap_or("").trim();
    let version = if version.is_empty() { "1.0.0" } else { version };
    Some((line[..end].to_string(), version.to_string()))
}

/// `pip install [-r FILE] [PKG…]`.
pub async fn pip(p: &Proc, args: &[String]) -> i32 {
    if args.first().map(String::as_str) == Some("--version") {
        p.print("pip 23.2.1 from /usr/local/lib/python3.11/site-packages/pip (python 3.11)\n").await;
        return 0;
    }
    if args.first().map(String::as_str) != Some("install") {
        p.eprint("pip: wharf simulates `pip install` and `pip --version`\n").await;
        return 1;
    }
    let mut wanted: Vec<(String, String, String)> = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let a = &args[i];
        if a == "-r" || a == "--requirement" {
            let file = args.get(i + 1).cloned().unwrap_or_default();
            let Ok(bytes) = p.read_file(&file).await else {
                p.eprint(&format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'\n")).await;
                return 1;
            };
            for (n, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
                if let Some((name, version)) = requirement_name(line) {
                    wanted.push((name, version, format!(" (from -r {file} (line {}))", n + 1)));
                }
            }
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            if let Some((name, version)) = requirement_name(a) {
                wanted.push((name, version, String::new()));
            }
        }
        i += 1;
    }
    let mut out = String::new();
    for (name, version, from) in &wanted {
        out.push_str(&format!("Collecting {name}{from}\n  Downloading {}-{version}-py3-none-any.whl (96 kB)\n", name.replace('-', "_")));
        let _ = mkdir_p(p, &format!("/usr/local/lib/python3.11/site-packages/{}", name.to_lowercase().replace('-', "_")));
    }
    if !wanted.is_empty() {
        let names: Vec<&str> = wanted.iter().map(|w| w.0.as_str()).collect();
        let installed: Vec<String> = wanted.iter().map(|w| format!("{}-{}", w.0, w.1)).collect();
        out.push_str(&format!("Installing collected packages: {}\nSuccessfully installed {}\n", names.join(", "), installed.join(" ")));
    }
    p.print(&out).await;
    if p.uid() == 0 {
        p.eprint("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv\n").await;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_list_every_installed_package() {
        let lock = json!({"lockfileVersion": 3, "packages": {"": {"name": "app"}, "node_modules/fastify": {"version": "4.25.2", "funding": [{"type": "github"}]}, "node_modules/@fastify/cors": {"version": "8.5.0"}, "node_modules/a/node_modules/b": {"version": "2.0.0", "dev": true}}});
        let pkgs = locked_packages(&lock);
        let names: Vec<(&str, &str)> = pkgs.iter().map(|p| (p.name.as_str(), p.version.as_str())).collect();
        assert_eq!(names, vec![("@fastify/cors", "8.5.0"), ("b", "2.0.0"), ("fastify", "4.25.2")]);
        assert!(pkgs.iter().any(|p| p.funding && p.name == "fastify"));
        assert!(pkgs.iter().any(|p| p.dev && p.path == "node_modules/a/node_modules/b"));
    }

    #[test]
    fn manifests_name_direct_dependencies() {
        let m = json!({"dependencies": {"fastify": "^4.25.2"}, "devDependencies": {"nodemon": "*"}});
        let pkgs = declared_packages(&m);
        assert_eq!((pkgs[0].name.as_str(), pkgs[0].version.as_str(), pkgs[0].dev), ("fastify", "4.25.2", false));
        assert_eq!((pkgs[1].name.as_str(), pkgs[1].version.as_str(), pkgs[1].dev), ("nodemon", "1.0.0", true));
    }

    #[test]
    fn summary_words_like_npm() {
        assert_eq!(summary(1, 0, 1), "\nadded 1 package, and audited 2 packages in 1s\n\nfound 0 vulnerabilities\n");
        assert_eq!(summary(48, 8, 2), "\nadded 48 packages, and audited 49 packages in 2s\n\n8 packages are looking for funding\n  run `npm fund` for details\n\nfound 0 vulnerabilities\n");
    }

    #[test]
    fn requirement_lines() {
        assert_eq!(requirement_name("flask==3.0.0"), Some(("flask".into(), "3.0.0".into())));
        assert_eq!(requirement_name("redis >= 5.0, <6"), Some(("redis".into(), "5.0".into())));
        assert_eq!(requirement_name("# just a comment"), None);
        assert_eq!(requirement_name("-e ."), None);
    }
}
