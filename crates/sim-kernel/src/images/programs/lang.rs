//! The language runtimes of the `node`, `python` and `golang` images: `--version`, and running
//! an app from its source when the source declares its behaviour ([`super::app`]). `node -e`
//! runs `console.log` of string literals; a script that declares nothing gets a plain message
//! saying so. `npm` is [`super::npm`], `go` is [`super::golang`].

use crate::program::Programs;
use crate::sys::Proc;

use super::app;

/// Node's version, as `node --version` prints it: the image's `NODE_VERSION` (each `node` image
/// sets it), v20.10.0 without one.
fn node_version(p: &Proc) -> String {
    format!("v{}", p.getenv("NODE_VERSION").filter(|v| !v.is_empty()).unwrap_or_else(|| "20.10.0".into()))
}

/// Python's version: the image's `PYTHON_VERSION`, 3.11.7 without one.
fn python_version(p: &Proc) -> String {
    p.getenv("PYTHON_VERSION").filter(|v| !v.is_empty()).unwrap_or_else(|| "3.11.7".into())
}

/// Registers `node`, `npm`, `python3` and `go`.
pub fn register(p: &mut Programs) {
    p.register("node", |proc| Box::pin(node(proc)));
    p.register("npm", |proc| Box::pin(super::npm::npm(proc)));
    p.register("python3", |proc| Box::pin(python(proc)));
    p.register("go", |proc| Box::pin(super::golang::go(proc)));
}

/// Node's modules that need no `node_modules` directory.
const NODE_BUILTINS: &[&str] = &["assert", "buffer", "child_process", "crypto", "dns", "events", "fs", "fs/promises", "http", "https", "net", "os", "path", "process", "stream", "url", "util", "zlib"];

/// The packages `source` loads with `require("x")` or `import … from "x"` (not relative paths
/// or Node's own modules).
pub fn required_packages(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (open, _) in source.match_indices("require(").chain(source.match_indices(" from ")) {
        let rest = source[open..].split_once(['"', '\'']).map(|(_, r)| r).unwrap_or("");
        let prefix = &source[open..];
        // Only a string literal directly after the opener counts.
        let gap = prefix.find(['"', '\'']).unwrap_or(usize::MAX);
        if gap > "require(".len() + 1 {
            continue;
        }
        let Some(name) = rest.split(['"', '\'']).next() else { continue };
        let name = name.strip_prefix("node:").map_or(name, |_| "");
        if name.is_empty() || name.starts_with('.') || name.starts_with('/') || NODE_BUILTINS.contains(&name) {
            continue;
        }
        // `@scope/pkg/sub` loads package `@scope/pkg`; `pkg/sub` loads `pkg`.
        let parts: Vec<&str> = name.split('/').collect();
        let package = if name.starts_with('@') { parts.iter().take(2).copied().collect::<Vec<_>>().join("/") } else { parts[0].to_string() };
        if !out.contains(&package) {
            out.push(package);
        }
    }
    out
}

/// Whether `package` is installed in a `node_modules` of `dir` or one of its parents.
fn node_module_found(p: &Proc, dir: &str, package: &str) -> bool {
    let mut dir = dir.trim_end_matches('/');
    loop {
        if p.exists(&format!("{dir}/node_modules/{package}")) {
            return true;
        }
        if dir.is_empty() {
            return false;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

fn absolute(p: &Proc, path: &str) -> String {
    wharf_engine::fs::path::absolute(&p.cwd(), path)
}

async fn node_error(p: &Proc, message: &str, stack_file: &str, extra: &str) -> i32 {
    p.eprint(&format!(
        "node:internal/modules/cjs/loader:1080\n  throw err;\n  ^\n\nError: {message}\n{extra}    at Module._resolveFilename (node:internal/modules/cjs/loader:1077:15)\n    at Module._load (node:internal/modules/cjs/loader:922:27)\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:86:12)\n    at node:internal/main/run_main_module:23:47 {{\n  code: 'MODULE_NOT_FOUND',\n  requireStack: [{stack_file}]\n}}\n\nNode.js {}\n", node_version(p)
    ))
    .await;
    1
}

/// `console.log("a", 'b')` lines of a one-liner: the printed text, if that is all it does.
fn console_logs(code: &str) -> Option<String> {
    let mut out = String::new();
    for stmt in code.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let args = stmt.strip_prefix("console.log(")?.strip_suffix(')')?;
        let mut words = Vec::new();
        for arg in args.split(',').map(str::trim) {
            let q = arg.chars().next()?;
            if !matches!(q, '"' | '\'' | '`') || !arg.ends_with(q) || arg.len() < 2 {
                return None;
            }
            words.push(arg[1..arg.len() - 1].to_string());
        }
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    Some(out)
}

async fn node(p: Proc) -> i32 {
    let args = p.argv();
    match args.get(1).map(String::as_str) {
        Some("--version" | "-v") => {
            p.print(&format!("{}\n", node_version(&p))).await;
            0
        }
        Some("-e" | "--eval") => match args.get(2).and_then(|c| console_logs(c)) {
            Some(text) => {
                p.print(&text).await;
                0
            }
            None => {
                p.eprint("node: wharf runs only console.log(\"…\") one-liners with -e\n").await;
                1
            }
        },
        Some(flag) if flag.starts_with('-') && !flag.starts_with("--inspect") => {
            p.eprint(&format!("node: wharf does not simulate `node {flag}`\n")).await;
            9
        }
        Some(_) => {
            // `node --inspect=0.0.0.0:9229 index.js` runs index.js with a debugger port.
            let script = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
            run_node_script(&p, &script).await
        }
        None => {
            p.print(&format!("Welcome to Node.js {}.\nType \".help\" for more information.\n> ", node_version(&p))).await;
            let mut buf = [0u8; 256];
            while matches!(p.read(0, &mut buf).await, Ok(n) if n > 0) {
                p.print("> ").await;
            }
            p.print("\n").await;
            0
        }
    }
}

async fn run_node_script(p: &Proc, script: &str) -> i32 {
    let file = absolute(p, script);
    let file = if p.stat(&file).is_ok_and(|s| s.kind == wharf_engine::fs::FileKind::Dir) { format!("{}/index.js", file.trim_end_matches('/')) } else { file };
    let source = match p.read_file(&file).await {
        Ok(b) => String::from_utf8_lossy(&b).to_string(),
        Err(_) => return node_error(p, &format!("Cannot find module '{file}'"), "", "").await,
    };
    let dir = file.rsplit_once('/').map_or("/", |(d, _)| if d.is_empty() { "/" } else { d }).to_string();
    for package in required_packages(&source) {
        if !node_module_found(p, &dir, &package) {
            return node_error(p, &format!("Cannot find module '{package}'"), &format!(" '{file}' "), &format!("Require stack:\n- {file}\n")).await;
        }
    }
    if !app::decl::declares(&source) {
        if let Some(text) = console_logs(&source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join(";")) {
            p.print(&text).await;
            return 0;
        }
        p.eprint(&format!("node: wharf cannot run {file}: it declares no behaviour (add `// wharf:` lines; see lessons/FORMAT.md, \"Apps\")\n")).await;
        return 1;
    }
    app::run_source(p, "node", &file, &source).await
}

/// `python3`: `--version`, `pip` (the image's `pip` script runs python with its own path),
/// and declared scripts.
async fn python(p: Proc) -> i32 {
    let args = p.argv();
    if args.get(1).is_some_and(|a| a.ends_with("/pip") || a.ends_with("/pip3")) {
        return super::npm::pip(&p, &args[2..]).await;
    }
    match args.get(1).map(String::as_str) {
        Some("--version" | "-V") => {
            p.print(&format!("Python {}\n", python_version(&p))).await;
            0
        }
        Some(script) if !script.starts_with('-') => {
            let file = absolute(&p, script);
            let source = match p.read_file(&file).await {
                Ok(b) => String::from_utf8_lossy(&b).to_string(),
                Err(_) => {
                    p.eprint(&format!("{}: can't open file '{file}': [Errno 2] No such file or directory\n", args[0])).await;
                    return 2;
                }
            };
            if !app::decl::declares(&source) {
                p.eprint(&format!("python3: wharf cannot run {file}: it declares no behaviour (add `# wharf:` lines; see lessons/FORMAT.md, \"Apps\")\n")).await;
                return 1;
            }
            app::run_source(&p, "python3", &file, &source).await
        }
        _ => {
            p.eprint("python3: only `python3 --version` and declared scripts are simulated in wharf\n").await;
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_required_packages() {
        let src = "const cors = require(\"@fastify/cors\");\nconst fastify = require(\"fastify\")({ logger: true });\nconst { MongoClient } = require('mongodb');\nconst fs = require(\"fs\").promises;\nconst p = require('node:path');\nconst x = require('./local');\nimport React from \"react-dom/client\";\n";
        assert_eq!(required_packages(src), vec!["@fastify/cors", "fastify", "mongodb", "react-dom"]);
        assert!(required_packages("const http = require(\"http\");").is_empty());
    }

    #[test]
    fn one_liners_of_console_log() {
        assert_eq!(console_logs("console.log(\"Hello there\")").as_deref(), Some("Hello there\n"));
        assert_eq!(console_logs("console.log('a', 'b'); console.log(`c`);").as_deref(), Some("a b\nc\n"));
        assert_eq!(console_logs("process.exit(1)"), None);
        assert_eq!(console_logs("console.log(1+1)"), None);
    }
}
