//! Who and where: `id`, `hostname`, `hostnamectl`, `uname`.

use super::args::{HasArg, Spec};
use super::util::{self, ql, Io};

/// The simulated kernel's release, as Debian 12 names its 6.1 kernel.
pub const RELEASE: &str = "6.1.0-28-amd64";
/// The kernel's build string (`uname -v`).
pub const VERSION: &str = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)";

/// `id [-u|-g|-G] [-n] [-r] [USER]`.
pub async fn id(mut io: Io) -> i32 {
    let spec = Spec {
        short: "agGnruz",
        long: &[("group", HasArg::No, 'g'), ("groups", HasArg::No, 'G'), ("name", HasArg::No, 'n'), ("real", HasArg::No, 'r'), ("user", HasArg::No, 'u'), ("zero", HasArg::No, 'z')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [USER]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    let (uid, gid, mut sup) = match a.operands.first() {
        Some(name) => match users.iter().find(|u| &u.name == name).or_else(|| name.parse::<u32>().ok().and_then(|n| users.iter().find(|u| u.uid == n))) {
            Some(u) => {
                let sup: Vec<u32> = groups.iter().filter(|g| g.members.contains(&u.name)).map(|g| g.gid).collect();
                (u.uid, u.gid, sup)
            }
            None => {
                io.err(&format!("{}: no such user", ql(name))).await;
                return 1;
            }
        },
        None => (io.p.uid(), io.p.gid(), io.p.groups()),
    };
    sup.retain(|g| *g != gid);
    sup.insert(0, gid);
    let uname = |u: u32| util::user_name(&users, u);
    let gname = |g: u32| util::group_name(&groups, g);
    let named = a.has('n');
    let line = if a.has('u') {
        if named { uname(uid) } else { uid.to_string() }
    } else if a.has('g') {
        if named { gname(gid) } else { gid.to_string() }
    } else if a.has('G') {
        sup.iter().map(|g| if named { gname(*g) } else { g.to_string() }).collect::<Vec<_>>().join(" ")
    } else {
        let with = |n: u32, name: String| if name == n.to_string() { n.to_string() } else { format!("{n}({name})") };
        let gs: Vec<String> = sup.iter().map(|g| with(*g, gname(*g))).collect();
        format!("uid={} gid={} groups={}", with(uid, uname(uid)), with(gid, gname(gid)), gs.join(","))
    };
    io.out(&format!("{line}\n"));
    io.finish(0).await
}

const HOSTNAME_USAGE: &str = "Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit
";

/// `hostname [NAME]`, `-s -f -d -i -I -F FILE`: show or set the UTS namespace's name.
pub async fn hostname(mut io: Io) -> i32 {
    io.prog = util::basename(&io.prog).to_string();
    let spec = Spec {
        short: "aAbdfF:hiIsVy",
        long: &[
            ("alias", HasArg::No, 'a'),
            ("all-fqdns", HasArg::No, 'A'),
            ("boot", HasArg::No, 'b'),
            ("domain", HasArg::No, 'd'),
            ("fqdn", HasArg::No, 'f'),
            ("long", HasArg::No, 'f'),
            ("file", HasArg::Required, 'F'),
            ("help", HasArg::No, 'h'),
            ("ip-address", HasArg::No, 'i'),
            ("all-ip-addresses", HasArg::No, 'I'),
            ("short", HasArg::No, 's'),
            ("version", HasArg::No, 'V'),
        ],
        stop_at_operand: false,
    };
    let a = match super::args::parse(&spec, &io.argv) {
        Ok(a) => a,
        Err(e) => {
            io.err(&e.message()).await;
            io.err_raw(HOSTNAME_USAGE).await;
            return 255;
        }
    };
    if a.has('h') {
        io.out(HOSTNAME_USAGE);
        return io.finish(0).await;
    }
    if a.has('V') {
        io.out("hostname 3.23\n");
        return io.finish(0).await;
    }
    let new_name = match a.value('F') {
        Some(f) => match io.p.read_file(f).await {
            Ok(d) => Some(String::from_utf8_lossy(&d).lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or("").trim().to_string()),
            Err(e) => {
                io.err(&format!("{f}: {}", e.message())).await;
                return 1;
            }
        },
        None => a.operands.first().cloned(),
    };
    if let Some(name) = new_name {
        return match io.p.set_hostname(&name) {
            Ok(()) => 0,
            Err(e) if io.busybox() => {
                io.err(&format!("sethostname: {}", e.message())).await;
                1
            }
            Err(crate::errno::Errno::EPERM) => {
                io.err("you must be root to change the host name").await;
                1
            }
            Err(e) => {
                io.err(e.message()).await;
                1
            }
        };
    }
    let name = io.p.hostname();
    let shown = if a.has('s') {
        name.split('.').next().unwrap_or("").to_string()
    } else if a.has('d') {
        name.split_once('.').map(|(_, d)| d.to_string()).unwrap_or_default()
    } else if a.has('i') {
        // The addresses /etc/hosts gives the host name, as `gethostbyname` finds them.
        let hosts = io.p.read_file("/etc/hosts").await.unwrap_or_default();
        let hosts = String::from_utf8_lossy(&hosts);
        let ips: Vec<&str> = hosts.lines().filter_map(|l| {
            let mut f = l.split_whitespace();
            let ip = f.next()?;
            (!ip.starts_with('#') && f.any(|n| n == name)).then_some(ip)
        }).collect();
        if ips.is_empty() {
            io.err("Name or service not known").await;
            return 1;
        }
        ips.join(" ")
    } else if a.has('I') {
        match io.p.interfaces() {
            Ok((ifaces, _)) => ifaces.iter().filter_map(|i| i.addr).filter(|a| !a.addr.is_loopback()).map(|a| format!("{} ", a.addr)).collect(),
            Err(_) => String::new(),
        }
    } else {
        name
    };
    io.out(&format!("{shown}\n"));
    io.finish(0).await
}

/// `hostnamectl [status|hostname|set-hostname NAME]`. Like the real one it needs systemd:
/// inside a container (a PID namespace of its own) it fails the way the course shows.
pub async fn hostnamectl(mut io: Io) -> i32 {
    io.prog = "hostnamectl".into();
    if io.p.pid() != io.p.host_pid() {
        io.err_raw("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n").await;
        return 1;
    }
    let args: Vec<String> = io.argv.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    match args.first().map(String::as_str) {
        None | Some("status") => {
            let name = io.p.hostname();
            let os = io.p.read_file("/etc/os-release").await.unwrap_or_default();
            let os = String::from_utf8_lossy(&os).lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).map(|s| s.trim_matches('"').to_string()).unwrap_or_else(|| "Linux".into());
            io.out(&format!(
                " Static hostname: {name}\n       Icon name: computer-vm\n         Chassis: vm \u{1f5b4}\n      Machine ID: 8f3c2a9d41b64e0c9a7f5e2d1c0b9a87\n         Boot ID: 2b7e151628ae4d2aabf7158809cf4f3c\n  Virtualization: kvm\nOperating System: {os}\n          Kernel: Linux {RELEASE}\n    Architecture: x86-64\n Hardware Vendor: QEMU\n  Hardware Model: Standard PC _i440FX + PIIX, 1996_\nFirmware Version: 1.16.2-debian-1.16.2-1\n"
            ));
            io.finish(0).await
        }
        Some("set-hostname") | Some("hostname") if args.len() > 1 => set(&mut io, &args[1]).await,
        Some("hostname") => {
            let name = io.p.hostname();
            io.out(&format!("{name}\n"));
            io.finish(0).await
        }
        Some("set-hostname") => {
            io.err("Too few arguments.").await;
            1
        }
        Some(other) => {
            io.err(&format!("Unknown command verb {other}.")).await;
            1
        }
    }
}

async fn set(io: &mut Io, name: &str) -> i32 {
    if let Err(e) = io.p.set_hostname(name) {
        io.err(&format!("Could not set static hostname: {}", e.message())).await;
        return 1;
    }
    let _ = io.p.write_file("/etc/hostname", format!("{name}\n").as_bytes()).await;
    0
}

/// `uname [-asnrvmpio]`.
pub async fn uname(mut io: Io) -> i32 {
    let spec = Spec {
        short: "asnrvmpio",
        long: &[
            ("all", HasArg::No, 'a'),
            ("kernel-name", HasArg::No, 's'),
            ("nodename", HasArg::No, 'n'),
            ("kernel-release", HasArg::No, 'r'),
            ("kernel-version", HasArg::No, 'v'),
            ("machine", HasArg::No, 'm'),
            ("processor", HasArg::No, 'p'),
            ("hardware-platform", HasArg::No, 'i'),
            ("operating-system", HasArg::No, 'o'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if let Some(extra) = a.operands.first() {
        return io.usage(&format!("extra operand {}", util::q(extra)), 1).await;
    }
    let all = a.has('a');
    let host = io.p.hostname();
    let fields = [('s', "Linux"), ('n', host.as_str()), ('r', RELEASE), ('v', VERSION), ('m', "x86_64"), ('p', "unknown"), ('i', "unknown"), ('o', "GNU/Linux")];
    let any = fields.iter().any(|(c, _)| a.has(*c));
    let parts: Vec<&str> = fields
        .iter()
        .filter(|(c, v)| if all { !(matches!(c, 'p' | 'i') && *v == "unknown") } else { a.has(*c) || (!any && *c == 's') })
        .map(|(_, v)| *v)
        .collect();
    io.out(&format!("{}\n", parts.join(" ")));
    io.finish(0).await
}
