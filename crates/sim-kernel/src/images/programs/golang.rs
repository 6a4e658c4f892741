//! `go` as Dockerfiles use it: `version`, `mod download`/`tidy`, `build` (writes a binary that
//! carries the package's `// wharf:` declaration, see [`super::app`]), `run`, `test`,
//! `install`.

use crate::sys::Proc;

use super::app;

/// The size given to built binaries: a small Go web server is megabytes, not bytes.
const BINARY_SIZE: usize = 1 << 20;

/// Flags of `go build`/`run`/`test` that take a value as the next argument.
const VALUE_FLAGS: &[&str] = &["-o", "-ldflags", "-tags", "-gcflags", "-mod", "-p", "-run", "-count", "-timeout"];

/// The `-o` value and the package arguments of a `go build` command line.
pub fn build_args(args: &[String]) -> (Option<String>, Vec<String>) {
    let mut out = None;
    let mut packages = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if let Some(v) = a.strip_prefix("-o=") {
            out = Some(v.to_string());
        } else if VALUE_FLAGS.contains(&a) {
            if a == "-o" {
                out = args.get(i + 1).cloned();
            }
            i += 1;
        } else if !a.starts_with('-') {
            packages.push(a.to_string());
        }
        i += 1;
    }
    (out, packages)
}

/// The module path of a `go.mod`.
pub fn module_path(go_mod: &str) -> Option<String> {
    go_mod.lines().find_map(|l| l.trim().strip_prefix("module ").map(|m| m.trim().trim_matches('"').to_string()))
}

fn absolute(cwd: &str, path: &str) -> String {
    wharf_engine::fs::path::absolute(cwd, path.trim_end_matches("/..."))
}

/// The directory holding `go.mod`, from `dir` upwards.
fn module_root(p: &Proc, dir: &str) -> Option<String> {
    let mut dir = dir.trim_end_matches('/').to_string();
    loop {
        if p.exists(&format!("{dir}/go.mod")) {
            return Some(if dir.is_empty() { "/".into() } else { dir });
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
    }
}

/// The sources of a package: `.go` files in `target` (a directory or one file), tests apart.
async fn sources(p: &Proc, target: &str) -> Vec<(String, String)> {
    let files: Vec<String> = if target.ends_with(".go") {
        vec![target.to_string()]
    } else {
        let mut names: Vec<String> = p.read_dir(target).unwrap_or_default().into_iter().map(|e| e.name).filter(|n| n.ends_with(".go")).collect();
        wharf_engine::sort::ascending(&mut names);
        names.into_iter().map(|n| format!("{}/{n}", target.trim_end_matches('/'))).collect()
    };
    let mut out = Vec::new();
    for f in files {
        if let Ok(b) = p.read_file(&f).await {
            out.push((f, String::from_utf8_lossy(&b).to_string()));
        }
    }
    out
}

async fn no_module(p: &Proc) -> i32 {
    p.eprint("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n").await;
    1
}

/// `go`.
pub async fn go(p: Proc) -> i32 {
    let args = p.argv();
    let rest: Vec<String> = args.iter().skip(2).cloned().collect();
    let cwd = p.cwd();
    match args.get(1).map(String::as_str) {
        Some("version") => {
            p.print("go version go1.21.5 linux/amd64\n").await;
            0
        }
        Some("mod") => match rest.first().map(String::as_str) {
            Some("download" | "tidy" | "verify") => {
                if module_root(&p, &cwd).is_none() {
                    return no_module(&p).await;
                }
                let gopath = p.getenv("GOPATH").unwrap_or_else(|| "/go".into());
                for dir in ["pkg", "pkg/mod", "pkg/mod/cache", "pkg/mod/cache/download"] {
                    let _ = p.mkdir(&format!("{gopath}/{dir}"), 0o755);
                }
                if rest[0] == "verify" {
                    p.print("all modules verified\n").await;
                }
                0
            }
            _ => {
                p.eprint("go mod: wharf simulates download, tidy and verify\n").await;
                2
            }
        },
        Some("build") => {
            let (out, packages) = build_args(&rest);
            let target = absolute(&cwd, packages.first().map_or(".", String::as_str));
            let Some(root) = module_root(&p, &target) else { return no_module(&p).await };
            let files = sources(&p, &target).await;
            let files: Vec<_> = files.into_iter().filter(|(f, _)| !f.ends_with("_test.go")).collect();
            if files.is_empty() {
                p.eprint(&format!("no Go files in {target}\n")).await;
                return 1;
            }
            let default_name = if target.ends_with(".go") {
                target.rsplit('/').next().unwrap_or("main.go").trim_end_matches(".go").to_string()
            } else if target == root {
                let go_mod = p.read_file(&format!("{root}/go.mod")).await.unwrap_or_default();
                module_path(&String::from_utf8_lossy(&go_mod)).and_then(|m| m.rsplit('/').next().map(str::to_string)).unwrap_or_else(|| "main".into())
            } else {
                target.rsplit('/').next().unwrap_or("main").to_string()
            };
            let out = match out {
                Some(o) if o.ends_with('/') => format!("{o}{default_name}"),
                Some(o) => o,
                None => default_name,
            };
            let out = absolute(&cwd, &out);
            let declaration: String = files.iter().flat_map(|(_, s)| s.lines().filter(|l| app::decl::declares(l)).map(|l| format!("{}\n", l.trim()))).collect();
            if let Err(e) = app::decl::parse(&declaration) {
                p.eprint(&format!("# wharf\n{e}\n")).await;
                return 1;
            }
            let _ = p.sleep(2_000_000_000).await;
            if let Err(e) = p.write_file(&out, &app::binary_bytes(&declaration, BINARY_SIZE)).await {
                p.eprint(&format!("go: open {out}: {}\n", e.message().to_lowercase())).await;
                return 1;
            }
            let _ = p.chmod(&out, 0o755);
            0
        }
        Some("run") => {
            let (_, packages) = build_args(&rest);
            let target = absolute(&cwd, packages.first().map_or(".", String::as_str));
            let files = sources(&p, &target).await;
            let source: String = files.iter().filter(|(f, _)| !f.ends_with("_test.go")).map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("\n");
            if files.is_empty() {
                p.eprint(&format!("no Go files in {target}\n")).await;
                return 1;
            }
            app::run_source(&p, "go", &target, &source).await
        }
        Some("test") => {
            let (_, packages) = build_args(&rest);
            let verbose = rest.iter().any(|a| a == "-v");
            let target = absolute(&cwd, packages.first().map_or(".", String::as_str));
            let Some(root) = module_root(&p, &target) else { return no_module(&p).await };
            let go_mod = p.read_file(&format!("{root}/go.mod")).await.unwrap_or_default();
            let module = module_path(&String::from_utf8_lossy(&go_mod)).unwrap_or_else(|| "main".into());
            let tests: Vec<String> = sources(&p, &target).await.into_iter().filter(|(f, _)| f.ends_with("_test.go")).flat_map(|(_, s)| s.lines().filter_map(|l| l.strip_prefix("func ").and_then(|r| r.split('(').next()).filter(|n| n.starts_with("Test")).map(str::to_string)).collect::<Vec<_>>()).collect();
            if tests.is_empty() {
                p.print(&format!("?   \t{module}\t[no test files]\n")).await;
                return 0;
            }
            let mut out = String::new();
            for t in &tests {
                if verbose {
                    out.push_str(&format!("=== RUN   {t}\n--- PASS: {t} (0.00s)\n"));
                }
            }
            if verbose {
                out.push_str("PASS\n");
            }
            out.push_str(&format!("ok  \t{module}\t0.004s\n"));
            p.print(&out).await;
            0
        }
        Some("install") => {
            let gopath = p.getenv("GOPATH").unwrap_or_else(|| "/go".into());
            for spec in rest.iter().filter(|a| !a.starts_with('-')) {
                let path = spec.split('@').next().unwrap_or(spec);
                let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
                let bin = format!("{gopath}/bin/{name}");
                p.eprint(&format!("go: downloading {path} {}\n", spec.split_once('@').map_or("latest", |(_, v)| v))).await;
                let _ = p.write_file(&bin, &app::binary_bytes("", BINARY_SIZE)).await;
                let _ = p.chmod(&bin, 0o755);
            }
            0
        }
        Some(other) => {
            p.eprint(&format!("go {other}: wharf simulates version, mod, build, run, test and install\n")).await;
            2
        }
        None => {
            p.eprint("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n").await;
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn build_flags_with_values_are_skipped() {
        let (out, pkgs) = build_args(&strings(&["-ldflags=-linkmode external -extldflags -static", "-tags", "netgo", "-o", "api-golang"]));
        assert_eq!(out.as_deref(), Some("api-golang"));
        assert!(pkgs.is_empty());
        let (out, pkgs) = build_args(&strings(&["-o=/out/", "./healthcheck"]));
        assert_eq!((out.as_deref(), pkgs), (Some("/out/"), strings(&["./healthcheck"])));
    }

    #[test]
    fn reads_the_module_path() {
        assert_eq!(module_path("module github.com/sidpalas/api-golang\n\ngo 1.19\n").as_deref(), Some("github.com/sidpalas/api-golang"));
        assert_eq!(module_path("go 1.21\n"), None);
    }
}
