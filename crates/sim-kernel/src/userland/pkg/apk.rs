//! `apk`: `add`, `del`, `update`, `info` over Alpine's simulated repositories
//! ([`super::apks`]), with apk-tools 2.14's lines. Like a container without a package cache,
//! every `add` fetches the indexes first.

use std::collections::BTreeSet;

use super::{apks, base, files};
use crate::sys::Proc;

const INSTALLED: &str = "/lib/apk/db/installed";
const WORLD: &str = "/etc/apk/world";

/// An installed package: name, version, installed size, dependencies.
type Record = (String, String, u64, Vec<String>);

async fn read(p: &Proc, path: &str) -> String {
    String::from_utf8_lossy(&p.read_file(path).await.unwrap_or_default()).into_owned()
}

async fn installed(p: &Proc) -> Vec<Record> {
    read(p, INSTALLED)
        .await
        .split("\n\n")
        .filter_map(|rec| {
            let get = |k: &str| rec.lines().find_map(|l| l.strip_prefix(k).map(str::to_string));
            Some((get("P:")?, get("V:")?, get("I:").and_then(|s| s.parse().ok()).unwrap_or(0), get("D:").map(|d| d.split(' ').map(str::to_string).collect()).unwrap_or_default()))
        })
        .collect()
}

async fn repositories(p: &Proc) -> Vec<String> {
    read(p, "/etc/apk/repositories").await.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// Prints the `fetch` lines, taking a little virtual time each.
async fn fetch(p: &Proc) -> Vec<String> {
    let repos = repositories(p).await;
    for r in &repos {
        p.print(&format!("fetch {r}/x86_64/APKINDEX.tar.gz\n")).await;
        let _ = p.sleep(150_000_000).await;
    }
    repos
}

async fn ok_line(p: &Proc) {
    let db = installed(p).await;
    let bytes: u64 = db.iter().map(|r| r.2).sum();
    p.print(&format!("OK: {} MiB in {} packages\n", bytes.div_ceil(1 << 20), db.len())).await;
}

async fn write_db(p: &Proc, db: &[Record], world: &[String]) {
    let text: String = db
        .iter()
        .map(|(n, v, i, d)| {
            let desc = apks::find(n).map(|a| a.4).or_else(|| base::ALPINE_BASE.iter().find(|b| b.0 == n).map(|b| b.3)).unwrap_or("");
            base::apk_record(n, v, *i, desc, &d.join(" "))
        })
        .collect();
    let _ = p.write_file(INSTALLED, text.as_bytes()).await;
    let mut w: Vec<&String> = world.iter().collect();
    wharf_engine::sort::ascending(&mut w);
    w.dedup();
    let _ = p.write_file(WORLD, w.iter().map(|s| format!("{s}\n")).collect::<String>().as_bytes()).await;
}

/// `apk`.
pub async fn apk(p: Proc) -> i32 {
    let argv: Vec<String> = p.argv().into_iter().skip(1).filter(|a| !matches!(a.as_str(), "--no-cache" | "-q" | "--quiet" | "--update" | "-U" | "--no-progress")).collect();
    let Some(cmd) = argv.first().cloned() else {
        p.print("apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n").await;
        return 1;
    };
    // Options and their values (`--virtual .build-deps`, `-t NAME`, `--repository URL`).
    let mut args = Vec::new();
    let mut skip = false;
    for a in &argv[1..] {
        if std::mem::take(&mut skip) {
            continue;
        }
        skip = matches!(a.as_str(), "--virtual" | "-t" | "--repository" | "-X" | "--root" | "-p");
        if !a.starts_with('-') {
            args.push(a.clone());
        }
    }
    if matches!(cmd.as_str(), "add" | "del" | "update") && p.uid() != 0 {
        p.eprint("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n").await;
        return 99;
    }
    match cmd.as_str() {
        "update" => {
            let repos = fetch(&p).await;
            for (i, r) in repos.iter().enumerate() {
                p.print(&format!("v3.18.5-{}-g{} [{r}]\n", 10 - i, if i == 0 { "2ac5a2e9b29" } else { "4d0d6e1c3b5" })).await;
            }
            p.print("OK: 20071 distinct packages available\n").await;
            0
        }
        "add" => add(&p, &args).await,
        "del" => del(&p, &args).await,
        "info" => info(&p, &args).await,
        "--print-arch" => {
            p.print("x86_64\n").await;
            0
        }
        other => {
            p.eprint(&format!("apk: unknown command '{other}'\n")).await;
            1
        }
    }
}

async fn add(p: &Proc, names: &[String]) -> i32 {
    fetch(p).await;
    let mut db = installed(p).await;
    let have: BTreeSet<String> = db.iter().map(|r| r.0.clone()).collect();
    let missing: Vec<&String> = names.iter().filter(|n| apks::find(n).is_none() && !have.contains(*n)).collect();
    if !missing.is_empty() {
        let mut e = String::from("ERROR: unable to select packages:\n");
        for n in missing {
            e.push_str(&format!("  {n} (no such package):\n    required by: world[{n}]\n"));
        }
        p.eprint(&e).await;
        return missing_code(names.len());
    }
    let mut plan: Vec<&'static apks::Apk> = Vec::new();
    fn walk(a: &'static apks::Apk, have: &BTreeSet<String>, plan: &mut Vec<&'static apks::Apk>) {
        if have.contains(a.0) || plan.iter().any(|x| x.0 == a.0) {
            return;
        }
        for d in a.3 {
            if let Some(x) = apks::find(d) {
                walk(x, have, plan);
            }
        }
        plan.push(a);
    }
    for n in names {
        if let Some(a) = apks::find(n) {
            walk(a, &have, &mut plan);
        }
    }
    let total = plan.len();
    for (i, a) in plan.iter().enumerate() {
        p.print(&format!("({}/{total}) Installing {} ({})\n", i + 1, a.0, a.1)).await;
        let _ = p.sleep(40_000_000 + (a.2 as i64) * 20).await;
        for f in a.5 {
            if let Err(e) = files::write_entry(p, f).await {
                p.eprint(&format!("ERROR: {}-{}: {}\n", a.0, a.1, e.message())).await;
                return 1;
            }
        }
        if a.0 == "bash" {
            p.print("Executing bash-5.2.15-r5.post-install\n").await;
        }
        db.push((a.0.to_string(), a.1.to_string(), a.2, a.3.iter().map(|s| s.to_string()).collect()));
    }
    if total > 0 {
        p.print("Executing busybox-1.36.1-r2.trigger\n").await;
        if plan.iter().any(|a| a.0 == "ca-certificates") {
            p.print("Executing ca-certificates-20230506-r0.trigger\n").await;
        }
    }
    let mut world: Vec<String> = read(p, WORLD).await.lines().map(str::to_string).collect();
    world.extend(names.iter().cloned());
    write_db(p, &db, &world).await;
    ok_line(p).await;
    0
}

fn missing_code(n: usize) -> i32 {
    n.min(255) as i32
}

async fn del(p: &Proc, names: &[String]) -> i32 {
    let mut world: Vec<String> = read(p, WORLD).await.lines().map(str::to_string).collect();
    let before = installed(p).await;
    for n in names {
        if !world.contains(n) {
            p.eprint(&format!("WARNING: '{n}' is not installed or not in world\n")).await;
        }
    }
    world.retain(|w| !names.contains(w));
    // What stays: the world's packages, base packages, and everything they need.
    let mut keep: BTreeSet<String> = world.iter().cloned().collect();
    keep.extend(base::ALPINE_BASE.iter().map(|b| b.0.to_string()));
    loop {
        let more: Vec<String> = before.iter().filter(|r| keep.contains(&r.0)).flat_map(|r| r.3.clone()).filter(|d| !keep.contains(d)).collect();
        if more.is_empty() {
            break;
        }
        keep.extend(more);
    }
    let gone: Vec<&Record> = before.iter().filter(|r| !keep.contains(&r.0)).collect();
    let total = gone.len();
    for (i, r) in gone.iter().rev().enumerate() {
        p.print(&format!("({}/{total}) Purging {} ({})\n", i + 1, r.0, r.1)).await;
        if let Some(a) = apks::find(&r.0) {
            for f in a.5 {
                let _ = p.unlink(&files::entry_path(f));
            }
        }
    }
    if total > 0 {
        p.print("Executing busybox-1.36.1-r2.trigger\n").await;
    }
    let db: Vec<Record> = before.iter().filter(|r| keep.contains(&r.0)).cloned().collect();
    write_db(p, &db, &world).await;
    ok_line(p).await;
    0
}

async fn info(p: &Proc, names: &[String]) -> i32 {
    let db = installed(p).await;
    if names.is_empty() {
        let mut names: Vec<&str> = db.iter().map(|r| r.0.as_str()).collect();
        names.sort_unstable();
        p.print(&names.iter().map(|n| format!("{n}\n")).collect::<String>()).await;
        return 0;
    }
    for n in names {
        if let Some(r) = db.iter().find(|r| r.0 == *n) {
            let desc = apks::find(n).map(|a| a.4).or_else(|| base::ALPINE_BASE.iter().find(|b| b.0 == n).map(|b| b.3)).unwrap_or("");
            let kib = r.2 / 1024;
            p.print(&format!("{n}-{v} description:\n{desc}\n\n{n}-{v} webpage:\nhttps://alpinelinux.org\n\n{n}-{v} installed size:\n{kib} KiB\n\n", v = r.1)).await;
        } else if let Some(a) = apks::find(n) {
            p.print(&format!("{n}-{v} description:\n{d}\n\n{n}-{v} webpage:\nhttps://alpinelinux.org\n\n{n}-{v} installed size:\n{kib} KiB\n\n", v = a.1, d = a.4, kib = a.2 / 1024)).await;
        }
    }
    0
}
