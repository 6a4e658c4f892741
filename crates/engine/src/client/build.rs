//! `docker build [-t NAME] [-f FILE] [--build-arg K=V] [--target S] [--no-cache] [--label]
//! [-q] PATH | -`: the context from the client's disk (minus `.dockerignore`), then the
//! daemon's classic builder, as the 28.x CLI does without buildx.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::Client;
use crate::build::exec::{build, sending_context_line, BuildContext, BuildOptions, DockerIgnore, LEGACY_BUILDER_NOTICE};
use crate::cli::grammar::Parsed;
use crate::collect::CollectMap;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FileKind, FsRead, FsWrite};

/// Every path in `tree`, parents before children.
fn walk(tree: &MemFs) -> Vec<(String, FileKind)> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        for name in tree.read_dir(&dir).unwrap_or_default() {
            let path = if dir.is_empty() { name } else { format!("{dir}/{name}") };
            if let Ok(Some(md)) = tree.lstat(&path) {
                if md.kind == FileKind::Dir {
                    stack.push(path.clone());
                }
                out.push((path, md.kind));
            }
        }
    }
    out
}

/// Removes what `.dockerignore` excludes (a directory goes with its contents unless an
/// exception keeps something below it, as Docker's walker does).
pub(super) fn apply_dockerignore(tree: &mut MemFs, ignore: &DockerIgnore) {
    let mut paths = walk(tree);
    crate::sort::by(&mut paths, |a, b| b.0.cmp(&a.0)); // children before parents
    for (path, kind) in paths {
        if !ignore.excludes(&path) {
            continue;
        }
        let empty_dir = kind == FileKind::Dir && tree.read_dir(&path).is_ok_and(|e| e.is_empty());
        if kind != FileKind::Dir || empty_dir {
            let _ = tree.remove(&path);
        }
    }
}

impl Client<'_> {
    /// Everything on stdin, to its end.
    async fn read_all_stdin(&self) -> Vec<u8> {
        let mut text = Vec::new();
        let mut buf = vec![0u8; 8192];
        loop {
            match self.io.read_stdin(&mut buf).await {
                0 => return text,
                n => text.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// `docker build`.
    pub(super) async fn build(&self, p: &Parsed) -> i32 {
        self.err(LEGACY_BUILDER_NOTICE).await;
        let context_arg = p.args[0].clone();
        let mut tree = if context_arg == "-" {
            let text = self.read_all_stdin().await;
            let mut t = MemFs::new();
            let _ = t.write_file("Dockerfile", &Attrs::root(0o644), &mut &text[..]);
            t
        } else {
            match self.io.read_tree(&context_arg).await {
                Ok(t) => t,
                Err(msg) => {
                    self.err(&format!("{msg}\n")).await;
                    return 1;
                }
            }
        };
        let dockerfile = match p.value("file") {
            None => "Dockerfile".to_string(),
            Some("-") => {
                // `-f -`: the Dockerfile comes on stdin, the context from the directory.
                let text = self.read_all_stdin().await;
                let _ = tree.write_file(".wharf-dockerfile", &Attrs::root(0o644), &mut &text[..]);
                ".wharf-dockerfile".to_string()
            }
            Some(f) => {
                let inside = f.strip_prefix(&format!("{}/", context_arg.trim_end_matches('/'))).map(str::to_string);
                match inside {
                    Some(rel) => rel,
                    None => match self.io.read_file(f).await {
                        // A Dockerfile outside the context travels with it under another name.
                        Ok(bytes) => {
                            let _ = tree.write_file(".wharf-dockerfile", &Attrs::root(0o644), &mut &bytes[..]);
                            ".wharf-dockerfile".to_string()
                        }
                        Err(_) => {
                            self.err(&format!("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {f}: no such file or directory\n")).await;
                            return 1;
                        }
                    },
                }
            }
        };
        let ignore = tree.open(".dockerignore").ok().map(|mut r| {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut r, &mut text);
            text
        });
        if let Some(text) = ignore {
            apply_dockerignore(&mut tree, &DockerIgnore::parse(&text).with_build_files(&dockerfile));
        }
        let mut secrets = BTreeMap::new();
        for spec in p.values("secret") {
            let fields: BTreeMap<&str, &str> = spec.split(',').filter_map(|f| f.split_once('=')).collect_map();
            let id = fields.get("id").copied().unwrap_or_default();
            let Some(src) = fields.get("src").or_else(|| fields.get("source")).copied() else {
                self.err(&format!("could not parse secrets: [{spec}]: secret {id}: src is required\n")).await;
                return 1;
            };
            match self.io.read_file(src).await {
                Ok(bytes) => {
                    secrets.insert(id.to_string(), bytes);
                }
                Err(_) => {
                    self.err(&format!("could not parse secrets: [{spec}]: failed to stat {src}: stat {src}: no such file or directory\n")).await;
                    return 1;
                }
            }
        }
        // `--ssh ID[=SOCKET|KEY,...]`: `default` alone forwards the client's agent.
        let mut ssh = std::collections::BTreeSet::new();
        for spec in p.values("ssh") {
            let (id, paths) = spec.split_once('=').map_or((spec.as_str(), ""), |(i, p)| (i, p));
            if paths.is_empty() && self.io.getenv("SSH_AUTH_SOCK").is_none_or(|s| s.is_empty()) {
                self.err(&format!("invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set\n")).await;
                return 1;
            }
            ssh.insert(id.to_string());
        }
        let mut tar = Vec::new();
        let _ = crate::image::layer::create_from_tree(&tree, &mut tar);
        let quiet = p.bool("quiet");
        if !quiet {
            self.out(&sending_context_line(tar.len() as u64)).await;
        }
        let build_args: BTreeMap<String, Option<String>> = p.values("build-arg").iter().map(|a| a.split_once('=').map_or((a.clone(), None), |(k, v)| (k.to_string(), Some(v.to_string())))).collect_map();
        let labels: BTreeMap<String, String> = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let options = BuildOptions {
            secrets,
            ssh,
            dockerfile: Some(dockerfile),
            tags: p.values("tag").to_vec(),
            build_args,
            target: p.value("target").map(str::to_string),
            no_cache: p.bool("no-cache"),
            force_rm: p.bool("force-rm"),
            keep_containers: !p.bool("rm") && !p.bool("force-rm"),
            pull: p.bool("pull"),
            labels,
        };
        let context = BuildContext::from_tree(tree, tar.len() as u64);
        let printed = RefCell::new(String::new());
        let result = build(self.daemon.clone(), context, options, &mut |s| printed.borrow_mut().push_str(s)).await;
        // dockerd answers an error met before it wrote anything (a Dockerfile that does not
        // parse) as an HTTP error, which the CLI prints as such; later ones come in the stream.
        let flushed = !printed.borrow().is_empty();
        if !quiet {
            self.out(&printed.into_inner()).await;
        }
        match result {
            Ok(id) => {
                if quiet {
                    self.out(&format!("{id}\n")).await;
                }
                0
            }
            Err(e) => {
                let prefix = if flushed { "" } else { "Error response from daemon: " };
                self.err(&format!("{prefix}{e}\n")).await;
                e.exit_code()
            }
        }
    }
}
