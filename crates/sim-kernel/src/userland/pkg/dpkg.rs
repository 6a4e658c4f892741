//! dpkg's database (`/var/lib/dpkg/status`, `/var/lib/dpkg/info/*.list`) and the `dpkg`
//! queries learners run: `-l`, `-L`, `-s`, `--print-architecture`.

use wharf_engine::collect::CollectMap;
use std::collections::BTreeMap;

use super::base;
use super::debs::Deb;
use super::files;
use crate::errno::Errno;
use crate::sys::Proc;

const STATUS: &str = "/var/lib/dpkg/status";
const INFO: &str = "/var/lib/dpkg/info";

/// The name dpkg shows: `NAME:amd64` for `Multi-Arch: same` packages.
pub fn display_name(d: &Deb) -> String {
    if d.ma_same { format!("{}:amd64", d.name) } else { d.name.to_string() }
}

/// The status file's stanzas, in order.
async fn stanzas(p: &Proc) -> Vec<String> {
    let data = p.read_file(STATUS).await.unwrap_or_default();
    String::from_utf8_lossy(&data).split("\n\n").filter(|s| !s.trim().is_empty()).map(|s| format!("{}\n", s.trim_matches('\n'))).collect()
}

fn field<'a>(stanza: &'a str, key: &str) -> Option<&'a str> {
    stanza.lines().find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(": ")))
}

/// Installed packages and their versions.
pub async fn installed(p: &Proc) -> BTreeMap<String, String> {
    stanzas(p).await.iter().filter_map(|s| Some((field(s, "Package")?.to_string(), field(s, "Version")?.to_string()))).collect_map()
}

/// What `(Reading database ... N files and directories currently installed.)` counts: the
/// base image's files plus every line of the packages' file lists.
pub async fn file_count(p: &Proc, ubuntu: bool) -> usize {
    let mut n = base::base_file_count(ubuntu);
    for e in p.read_dir(INFO).unwrap_or_default() {
        if e.name.ends_with(".list") {
            n += String::from_utf8_lossy(&p.read_file(&format!("{INFO}/{}", e.name)).await.unwrap_or_default()).lines().count().saturating_sub(1);
        }
    }
    n
}

/// Unpacks and records `d`: its files, `info/NAME.list`, its status stanza. Returns how many
/// new paths dpkg now knows.
pub async fn unpack(p: &Proc, d: &Deb, ubuntu: bool) -> Result<usize, Errno> {
    let mut paths: Vec<String> = vec!["/.".into()];
    let copyright = format!("usr/share/doc/{}/copyright", d.name);
    for entry in d.files.iter().copied().chain(std::iter::once(copyright.as_str())) {
        for t in files::write_entry(p, entry).await? {
            if !paths.contains(&t) {
                paths.push(t);
            }
        }
        let _ = p.checkpoint().await;
    }
    let _ = p.mkdir(INFO, 0o755);
    let list = format!("{INFO}/{}.list", display_name(d));
    p.write_file(&list, (paths.join("\n") + "\n").as_bytes()).await?;
    let mut status = p.read_file(STATUS).await.unwrap_or_default();
    let v = d.version(ubuntu);
    status.extend_from_slice(base::stanza(d.name, v, d.arch, d.section, d.installed_kb, &d.depends_in(ubuntu), d.recommends, d.ma_same, d.description, ubuntu).as_bytes());
    p.write_file(STATUS, &status).await?;
    Ok(paths.len() - 1)
}

/// Removes an installed package's files and records.
pub async fn purge(p: &Proc, name: &str) {
    for list in [format!("{INFO}/{name}.list"), format!("{INFO}/{name}:amd64.list")] {
        if let Ok(data) = p.read_file(&list).await {
            for path in String::from_utf8_lossy(&data).lines().rev() {
                if p.lstat(path).map(|s| s.kind != wharf_engine::fs::FileKind::Dir).unwrap_or(false) {
                    let _ = p.unlink(path);
                } else {
                    let _ = p.rmdir(path);
                }
            }
            let _ = p.unlink(&list);
        }
    }
    let kept: String = stanzas(p).await.into_iter().filter(|s| field(s, "Package") != Some(name)).map(|s| s + "\n").collect();
    let _ = p.write_file(STATUS, kept.as_bytes()).await;
}

/// `dpkg` / `dpkg-query`.
pub async fn dpkg(p: Proc) -> i32 {
    let argv: Vec<String> = p.argv().into_iter().skip(1).collect();
    let Some(op) = argv.first().cloned() else {
        p.eprint("dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n").await;
        return 2;
    };
    let names = &argv[1..];
    match op.as_str() {
        "--print-architecture" => {
            p.print("amd64\n").await;
            0
        }
        "-l" | "--list" => list(&p, names).await,
        "-L" | "--listfiles" => listfiles(&p, names).await,
        "-s" | "--status" => status(&p, names).await,
        "--version" => {
            p.print("Debian 'dpkg' package management program version 1.21.22 (amd64).\n").await;
            0
        }
        other => {
            p.eprint(&format!("dpkg: error: unknown option {other}\n\nType dpkg --help for help about installing and deinstalling packages [*];\n")).await;
            2
        }
    }
}

async fn list(p: &Proc, names: &[String]) -> i32 {
    let rows: Vec<(String, String, String, String)> = stanzas(p)
        .await
        .iter()
        .filter_map(|s| {
            let name = field(s, "Package")?;
            let arch = field(s, "Architecture").unwrap_or("amd64");
            let shown = if field(s, "Multi-Arch") == Some("same") { format!("{name}:{arch}") } else { name.to_string() };
            Some((shown, field(s, "Version")?.to_string(), arch.to_string(), field(s, "Description").unwrap_or("").to_string()))
        })
        .filter(|r| names.is_empty() || names.iter().any(|n| r.0 == *n || r.0.split(':').next() == Some(n)))
        .collect();
    let mut rows = rows;
    wharf_engine::sort::ascending(&mut rows);
    if rows.is_empty() {
        for n in names {
            p.eprint(&format!("dpkg-query: no packages found matching {n}\n")).await;
        }
        return 1;
    }
    let nw = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(4);
    let vw = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(7);
    let aw = 12;
    let dw = 80usize.saturating_sub(4 + nw + 1 + vw + 1 + aw + 1).max(10);
    let mut out = String::from("Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n");
    out.push_str(&format!("||/ {:<nw$} {:<vw$} {:<aw$} Description\n", "Name", "Version", "Architecture"));
    out.push_str(&format!("+++-{}-{}-{}-{}\n", "=".repeat(nw), "=".repeat(vw), "=".repeat(aw), "=".repeat(dw)));
    for (n, v, a, d) in rows {
        let d: String = d.chars().take(dw).collect();
        out.push_str(format!("ii  {n:<nw$} {v:<vw$} {a:<aw$} {d}").trim_end());
        out.push('\n');
    }
    p.print(&out).await;
    0
}

async fn listfiles(p: &Proc, names: &[String]) -> i32 {
    let mut code = 0;
    for n in names {
        let found = [format!("{INFO}/{n}.list"), format!("{INFO}/{n}:amd64.list")];
        let mut done = false;
        for f in &found {
            if let Ok(data) = p.read_file(f).await {
                p.print(&String::from_utf8_lossy(&data)).await;
                done = true;
                break;
            }
        }
        if !done {
            if installed(p).await.contains_key(n.as_str()) {
                // Base packages carry no file list in the stand-in images.
                p.print("/.\n").await;
            } else {
                p.eprint(&format!("dpkg-query: package '{n}' is not installed\nUse dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n")).await;
                code = 1;
            }
        }
    }
    code
}

async fn status(p: &Proc, names: &[String]) -> i32 {
    let all = stanzas(p).await;
    let mut code = 0;
    for n in names {
        match all.iter().find(|s| field(s, "Package") == Some(n.as_str())) {
            Some(s) => p.print(s).await,
            None => {
                p.eprint(&format!("dpkg-query: package '{n}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n")).await;
                code = 1;
            }
        }
    }
    code
}
