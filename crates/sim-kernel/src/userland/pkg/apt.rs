//! `apt` and `apt-get`: `update`, `install`, `remove`/`purge` over the simulated archive
//! ([`super::debs`]), printing apt 2.x's lines. Without a terminal there are no ` Done`
//! suffixes and `apt` warns that its CLI is not stable, as in `docker run` and `RUN`.

use std::collections::BTreeSet;

use super::debs::{self, Deb};
use super::{apt_size, base, dpkg, os_release};
use crate::sys::Proc;

/// Which front end was run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// `apt`: the interactive one.
    Apt,
    /// `apt-get`.
    AptGet,
}

/// A source: base URL, suite, `(component, Packages size)`s, InRelease size.
type Source = (String, String, Vec<(&'static str, u64)>, u64);

/// The release an `apt` runs on.
struct Release {
    ubuntu: bool,
    codename: String,
}

impl Release {
    /// `(base URL, suite, components, InRelease size, Packages sizes)` of the default sources.
    fn sources(&self) -> Vec<Source> {
        let c = &self.codename;
        if self.ubuntu {
            let a = "http://archive.ubuntu.com/ubuntu".to_string();
            let s = "http://security.ubuntu.com/ubuntu".to_string();
            vec![
                (a.clone(), c.clone(), vec![("main", 1_792_000), ("restricted", 164_000), ("universe", 17_500_000), ("multiverse", 266_000)], 270_000),
                (s, format!("{c}-security"), vec![("main", 1_755_000), ("restricted", 2_216_000), ("universe", 1_108_000), ("multiverse", 44_700)], 129_000),
                (a.clone(), format!("{c}-updates"), vec![("main", 2_029_000), ("restricted", 2_262_000), ("universe", 1_374_000), ("multiverse", 51_100)], 128_000),
                (a, format!("{c}-backports"), vec![("main", 81_000), ("universe", 33_700)], 127_000),
            ]
        } else {
            let d = "http://deb.debian.org/debian".to_string();
            vec![
                (d.clone(), c.clone(), vec![("main", 8_787_000)], 151_000),
                (d, format!("{c}-updates"), vec![("main", 12_700)], 55_400),
                ("http://deb.debian.org/debian-security".to_string(), format!("{c}-security"), vec![("main", 128_000)], 48_000),
            ]
        }
    }

    /// Where a package's `.deb` comes from: `URL POCKET/COMPONENT`.
    fn origin(&self, d: &Deb) -> String {
        if self.ubuntu {
            let pocket = if d.from_updates() { format!("{}-updates", self.codename) } else { self.codename.clone() };
            format!("http://archive.ubuntu.com/ubuntu {pocket}/{}", d.component)
        } else {
            format!("http://deb.debian.org/debian {}/main", self.codename)
        }
    }

    /// Whether the index of `suite`/`component` lists `d`.
    fn lists(&self, suite: &str, component: &str, d: &Deb) -> bool {
        if self.ubuntu {
            d.component == component && ((suite == self.codename && !d.from_updates()) || (suite == format!("{}-updates", self.codename) && d.from_updates()))
        } else {
            suite == self.codename && component == "main"
        }
    }
}

const LISTS: &str = "/var/lib/apt/lists";

/// The file name apt gives an index: the URL without scheme, `/` as `_`.
fn list_name(url: &str, suite: &str, rest: &str) -> String {
    format!("{LISTS}/{}_dists_{suite}_{rest}", url.trim_start_matches("http://").replace('/', "_"))
}

/// One `Packages` stanza.
fn packages_stanza(d: &Deb, r: &Release) -> String {
    let v = d.version(r.ubuntu);
    let mut s = format!("Package: {}\nArchitecture: {}\nVersion: {v}\nPriority: optional\nSection: {}\nInstalled-Size: {}\n", d.name, d.arch, d.section, d.installed_kb);
    if !d.depends.is_empty() {
        s.push_str(&format!("Depends: {}\n", d.depends_in(r.ubuntu)));
    }
    if !d.recommends.is_empty() {
        s.push_str(&format!("Recommends: {}\n", d.recommends));
    }
    let file = format!("{}_{}_{}.deb", d.name, v.replace(':', "%3a"), d.arch);
    s.push_str(&format!("Filename: pool/{}/{}/{}/{file}\nSize: {}\nDescription: {}\n\n", d.component, &d.name[..1], d.name, d.size, d.description));
    s
}

/// The index files `apt update` writes for a release: `(path, contents)`.
pub fn index_files(ubuntu: bool, codename: &str) -> Vec<(String, String)> {
    let r = Release { ubuntu, codename: codename.to_string() };
    let mut out = Vec::new();
    for (url, suite, comps, _) in r.sources() {
        out.push((list_name(&url, &suite, "InRelease"), format!("Origin: {}\nSuite: {suite}\n", if ubuntu { "Ubuntu" } else { "Debian" })));
        for (comp, _) in comps {
            let index: String = debs::ARCHIVE.iter().filter(|d| r.lists(&suite, comp, d)).map(|d| packages_stanza(d, &r)).collect();
            out.push((list_name(&url, &suite, &format!("{comp}_binary-amd64_Packages")), index));
        }
    }
    out
}

/// Parsed command line.
#[derive(Default)]
struct Opts {
    yes: bool,
    no_recommends: bool,
    quiet: u8,
    command: Option<String>,
    packages: Vec<String>,
}

fn parse(argv: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    for a in argv {
        match a.as_str() {
            "-y" | "--yes" | "--assume-yes" => o.yes = true,
            "--no-install-recommends" => o.no_recommends = true,
            "--installed" | "--upgradable" => {}
            "-q" | "--quiet" => o.quiet += 1,
            "-qq" => o.quiet += 2,
            "-yq" | "-qy" => {
                o.yes = true;
                o.quiet += 1;
            }
            s if s.starts_with("-o") || s == "--fix-missing" || s == "--no-cache" || s.starts_with("--allow") => {}
            s if s.starts_with('-') => return Err(format!("E: Command line option '{}' [from {s}] is not understood in combination with the other options.", s.trim_start_matches('-'))),
            s if o.command.is_none() => o.command = Some(s.to_string()),
            s => o.packages.push(s.to_string()),
        }
    }
    Ok(o)
}

/// State shared by the commands.
struct Apt {
    p: Proc,
    front: Front,
    release: Release,
    done: &'static str,
    opts: Opts,
}

/// `apt` or `apt-get`.
pub async fn apt(p: Proc, front: Front) -> i32 {
    let argv: Vec<String> = p.argv().into_iter().skip(1).collect();
    let tty = p.isatty(1);
    if front == Front::Apt && !tty {
        p.eprint("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n").await;
        // Standard error and output travel apart through `docker run`: let this arrive first.
        let _ = p.sleep(1_000_000).await;
    }
    let opts = match parse(&argv) {
        Ok(o) => o,
        Err(e) => {
            p.eprint(&format!("{e}\n")).await;
            return 100;
        }
    };
    let ubuntu = os_release(&p, "ID").await.as_deref() == Some("ubuntu");
    let codename = os_release(&p, "VERSION_CODENAME").await.unwrap_or_else(|| if ubuntu { "jammy".into() } else { "bookworm".into() });
    let mut a = Apt { p, front, release: Release { ubuntu, codename }, done: if tty { " Done" } else { "" }, opts };
    match a.opts.command.clone().as_deref() {
        Some("update") => a.update().await,
        Some("install") => a.install().await,
        Some("remove") | Some("purge") => a.remove().await,
        Some("clean") | Some("autoclean") => 0,
        Some("upgrade") | Some("dist-upgrade") | Some("full-upgrade") | Some("autoremove") => a.nothing_to_do().await,
        Some("list") if a.front == Front::Apt => a.list().await,
        Some("--help") | None => {
            let name = if front == Front::Apt { "apt" } else { "apt-get" };
            a.p.print(&format!("{} {} (amd64)\nUsage: {name} [options] command\n\nMost used commands:\n  update - Retrieve new lists of packages\n  install - Install packages\n  remove - Remove packages\n  purge - Remove packages and config files\n", name, if ubuntu { "2.4.11" } else { "2.6.1" })).await;
            i32::from(a.opts.command.is_none())
        }
        Some(other) => {
            a.p.eprint(&format!("E: Invalid operation {other}\n")).await;
            100
        }
    }
}

impl Apt {
    async fn out(&self, s: &str) {
        // `-qq`: nothing but errors.
        if self.opts.quiet < 2 {
            self.p.print(s).await;
        }
    }

    /// `upgrade`, `autoremove`: the stand-in archives have no newer versions.
    async fn nothing_to_do(&self) -> i32 {
        if !self.lock_or_fail().await {
            return 100;
        }
        self.reading().await;
        if self.opts.command.as_deref() != Some("autoremove") {
            self.out(&format!("Calculating upgrade...{}\n", self.done)).await;
        }
        self.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n").await;
        0
    }

    /// `apt list --installed` (and `apt list NAME`): `name/suite,now version arch [installed]`.
    async fn list(&self) -> i32 {
        self.out(&format!("Listing...{}\n", self.done)).await;
        let installed = dpkg::installed(&self.p).await;
        let available = self.available().await;
        let wanted = |n: &str| self.opts.packages.is_empty() || self.opts.packages.iter().any(|p| p == n);
        let mut lines = String::new();
        for (name, v) in &installed {
            if !wanted(name) {
                continue;
            }
            match debs::find(name).filter(|d| available.contains(d.name)) {
                Some(d) => lines.push_str(&format!("{name}/{},now {v} {} [installed]\n", self.release.codename, d.arch)),
                None => lines.push_str(&format!("{name}/now {v} amd64 [installed,local]\n")),
            }
        }
        self.out(&lines).await;
        0
    }

    async fn reading(&self) {
        let d = self.done;
        self.out(&format!("Reading package lists...{d}\nBuilding dependency tree...{d}\nReading state information...{d}\n")).await;
    }

    async fn update(&mut self) -> i32 {
        if self.p.uid() != 0 {
            self.out(&format!("Reading package lists...{}\n", self.done)).await;
            self.p.eprint("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n").await;
            return 100;
        }
        let _ = self.p.mkdir(LISTS, 0o755);
        let _ = self.p.mkdir(&format!("{LISTS}/partial"), 0o700);
        let _ = self.p.write_file(&format!("{LISTS}/lock"), b"").await;
        let mut n = 0;
        let mut fetched = 0u64;
        let start = self.p.now();
        let sources = self.release.sources();
        for (url, suite, comps, inrelease) in &sources {
            n += 1;
            let rel = list_name(url, suite, "InRelease");
            if self.p.exists(&rel) {
                self.out(&format!("Hit:{n} {url} {suite} InRelease\n")).await;
                continue;
            }
            self.out(&format!("Get:{n} {url} {suite} InRelease [{}]\n", apt_size(*inrelease as f64))).await;
            fetched += inrelease;
            let _ = self.p.sleep(20_000_000 + (*inrelease as i64) * 100).await;
            let _ = self.p.write_file(&rel, format!("Origin: {}\nSuite: {suite}\n", if self.release.ubuntu { "Ubuntu" } else { "Debian" }).as_bytes()).await;
            for (comp, size) in comps {
                n += 1;
                self.out(&format!("Get:{n} {url} {suite}/{comp} amd64 Packages [{}]\n", apt_size(*size as f64))).await;
                fetched += size;
                let _ = self.p.sleep(20_000_000 + (*size as i64) * 100).await;
                let index: String = debs::ARCHIVE.iter().filter(|d| self.release.lists(suite, comp, d)).map(|d| packages_stanza(d, &self.release)).collect();
                let _ = self.p.write_file(&list_name(url, suite, &format!("{comp}_binary-amd64_Packages")), index.as_bytes()).await;
            }
        }
        if fetched > 0 {
            let secs = ((self.p.now() - start) as f64 / 1e9).max(0.001);
            self.out(&format!("Fetched {} in {}s ({}/s)\n", apt_size(fetched as f64), secs as u64, apt_size(fetched as f64 / secs))).await;
        }
        if self.front == Front::Apt {
            self.reading().await;
            self.out("All packages are up to date.\n").await;
        } else {
            self.out(&format!("Reading package lists...{}\n", self.done)).await;
        }
        0
    }

    /// The names the downloaded indexes list.
    async fn available(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for e in self.p.read_dir(LISTS).unwrap_or_default() {
            if !e.name.ends_with("_Packages") {
                continue;
            }
            let data = self.p.read_file(&format!("{LISTS}/{}", e.name)).await.unwrap_or_default();
            for l in String::from_utf8_lossy(&data).lines() {
                if let Some(n) = l.strip_prefix("Package: ") {
                    names.insert(n.to_string());
                }
            }
        }
        names
    }

    async fn lock_or_fail(&self) -> bool {
        if self.p.uid() == 0 {
            return true;
        }
        self.p.eprint("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n").await;
        false
    }

    async fn install(&mut self) -> i32 {
        if !self.lock_or_fail().await {
            return 100;
        }
        self.reading().await;
        let available = self.available().await;
        let installed = dpkg::installed(&self.p).await;
        let mut missing = false;
        for name in &self.opts.packages {
            if !available.contains(name) || debs::find(name).is_none() {
                self.p.eprint(&format!("E: Unable to locate package {name}\n")).await;
                missing = true;
            }
        }
        if missing {
            return 100;
        }
        let mut plan: Vec<&'static Deb> = Vec::new();
        let mut seen: BTreeSet<&'static str> = BTreeSet::new();
        let mut msgs = String::new();
        for name in &self.opts.packages {
            if let Some(v) = installed.get(name.as_str()) {
                msgs.push_str(&format!("{name} is already the newest version ({v}).\n"));
                continue;
            }
            if let Some(d) = debs::find(name) {
                self.resolve(d, &installed, &available, &mut seen, &mut plan);
            }
        }
        self.out(&msgs).await;
        let requested: BTreeSet<&str> = self.opts.packages.iter().map(String::as_str).collect();
        let mut extra: Vec<&str> = plan.iter().map(|d| d.name).filter(|n| !requested.contains(n)).collect();
        extra.sort_unstable();
        if !extra.is_empty() {
            self.out(&format!("The following additional packages will be installed:\n{}", wrap(&extra))).await;
        }
        let mut all: Vec<&str> = plan.iter().map(|d| d.name).collect();
        all.sort_unstable();
        if !all.is_empty() {
            self.out(&format!("The following NEW packages will be installed:\n{}", wrap(&all))).await;
        }
        self.out(&format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\n", plan.len())).await;
        if plan.is_empty() {
            return 0;
        }
        let download: u64 = plan.iter().map(|d| d.size).sum();
        let disk: u64 = plan.iter().map(|d| d.installed_kb * 1024).sum();
        self.out(&format!("Need to get {} of archives.\nAfter this operation, {} of additional disk space will be used.\n", apt_size(download as f64), apt_size(disk as f64))).await;
        if !extra.is_empty() && !self.opts.yes {
            self.out("Do you want to continue? [Y/n] ").await;
            let answer = read_line(&self.p).await;
            match answer.as_deref().map(str::trim) {
                Some("") | Some("y") | Some("Y") | Some("yes") => {}
                _ => {
                    self.out("Abort.\n").await;
                    return 1;
                }
            }
        }
        let start = self.p.now();
        for (i, d) in plan.iter().enumerate() {
            let v = d.version(self.release.ubuntu);
            self.out(&format!("Get:{} {} amd64 {} {} {v} [{}]\n", i + 1, self.release.origin(d), d.name, d.arch, apt_size(d.size as f64))).await;
            let _ = self.p.sleep(30_000_000 + (d.size as i64) * 100).await;
        }
        let secs = ((self.p.now() - start) as f64 / 1e9).max(0.001);
        self.out(&format!("Fetched {} in {}s ({}/s)\n", apt_size(download as f64), secs as u64, apt_size(download as f64 / secs))).await;
        if !self.p.exists("/usr/share/doc/apt-utils") {
            let _ = self.p.sleep(1_000_000).await;
            self.p.eprint("debconf: delaying package configuration, since apt-utils is not installed\n").await;
            let _ = self.p.sleep(1_000_000).await;
        }
        let width = if plan.len() > 1 { plan.len().saturating_sub(1).to_string().len() } else { 0 };
        let mut count = dpkg::file_count(&self.p, self.release.ubuntu).await;
        for (i, d) in plan.iter().enumerate() {
            let v = d.version(self.release.ubuntu);
            let dname = dpkg::display_name(d);
            let prefix = if width > 0 { format!("{i:0width$}-") } else { String::new() };
            let mut text = format!("Selecting previously unselected package {dname}.\n");
            if i == 0 {
                text.push_str(&format!("(Reading database ... {count} files and directories currently installed.)\n"));
            }
            text.push_str(&format!("Preparing to unpack .../{prefix}{}_{}_{}.deb ...\nUnpacking {dname} ({v}) ...\n", d.name, v.replace(':', "%3a"), d.arch));
            self.out(&text).await;
            match dpkg::unpack(&self.p, d, self.release.ubuntu).await {
                Ok(n) => count += n,
                Err(e) => {
                    self.p.eprint(&format!("dpkg: error processing archive {}: {}\n", d.name, e.message())).await;
                    return 100;
                }
            }
            let _ = self.p.sleep(5_000_000).await;
        }
        let mut libs = false;
        for d in &plan {
            self.out(&format!("Setting up {} ({}) ...\n", dpkg::display_name(d), d.version(self.release.ubuntu))).await;
            libs |= d.section == "libs";
        }
        if libs {
            let libc = if self.release.ubuntu { "2.35-0ubuntu3.5" } else { "2.36-9+deb12u3" };
            self.out(&format!("Processing triggers for libc-bin ({libc}) ...\n")).await;
        }
        0
    }

    /// Adds `d` and what it needs (and recommends, unless told not to) to `plan`, needs first.
    fn resolve(&self, d: &'static Deb, installed: &std::collections::BTreeMap<String, String>, available: &BTreeSet<String>, seen: &mut BTreeSet<&'static str>, plan: &mut Vec<&'static Deb>) {
        if !seen.insert(d.name) || installed.contains_key(d.name) {
            return;
        }
        for dep in Deb::names(d.depends) {
            if let Some(x) = debs::find(dep).filter(|x| available.contains(x.name)) {
                self.resolve(x, installed, available, seen, plan);
            }
        }
        plan.push(d);
        if !self.opts.no_recommends {
            for rec in Deb::names(d.recommends) {
                if let Some(x) = debs::find(rec).filter(|x| available.contains(x.name)) {
                    self.resolve(x, installed, available, seen, plan);
                }
            }
        }
    }

    async fn remove(&mut self) -> i32 {
        if !self.lock_or_fail().await {
            return 100;
        }
        self.reading().await;
        let installed = dpkg::installed(&self.p).await;
        let available = self.available().await;
        let mut gone = Vec::new();
        for name in &self.opts.packages {
            if installed.contains_key(name.as_str()) {
                gone.push(name.clone());
            } else if available.contains(name) || base::is_base(name) {
                self.out(&format!("Package '{name}' is not installed, so not removed\n")).await;
            } else {
                self.p.eprint(&format!("E: Unable to locate package {name}\n")).await;
                return 100;
            }
        }
        if !gone.is_empty() {
            let mut sorted = gone.iter().map(String::as_str).collect::<Vec<_>>();
            sorted.sort_unstable();
            self.out(&format!("The following packages will be REMOVED:\n{}", wrap(&sorted))).await;
        }
        self.out(&format!("0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.\n", gone.len())).await;
        if gone.is_empty() {
            return 0;
        }
        let freed: u64 = gone.iter().filter_map(|n| debs::find(n)).map(|d| d.installed_kb * 1024).sum();
        self.out(&format!("After this operation, {} disk space will be freed.\n", apt_size(freed as f64))).await;
        let count = dpkg::file_count(&self.p, self.release.ubuntu).await;
        self.out(&format!("(Reading database ... {count} files and directories currently installed.)\n")).await;
        for name in gone {
            let v = installed.get(&name).cloned().unwrap_or_default();
            let shown = debs::find(&name).map(dpkg::display_name).unwrap_or(name.clone());
            self.out(&format!("Removing {shown} ({v}) ...\n")).await;
            dpkg::purge(&self.p, &name).await;
        }
        0
    }
}

/// apt's package lists: two spaces, names wrapped before 80 columns.
fn wrap(names: &[&str]) -> String {
    let mut out = String::new();
    let mut line = String::from(" ");
    for n in names {
        if line.len() + 1 + n.len() > 79 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(n);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// One line of standard input; `None` at end of file.
async fn read_line(p: &Proc) -> Option<String> {
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    loop {
        match p.read(0, &mut b).await {
            Ok(1) if b[0] != b'\n' => line.push(b[0]),
            Ok(1) => return Some(String::from_utf8_lossy(&line).into_owned()),
            _ => return (!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned()),
        }
    }
}
