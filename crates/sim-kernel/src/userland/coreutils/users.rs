//! Accounts: `useradd`, `groupadd` (shadow-utils) and Debian's `adduser`, `addgroup`. They
//! edit `/etc/passwd`, `/etc/group` and `/etc/shadow` and make home directories from
//! `/etc/skel`.

use super::util::{self, join, Io};
use crate::sys::OpenFlags;

/// Days since the epoch, for `/etc/shadow`'s last-change field.
pub(super) fn today(io: &Io) -> i64 {
    io.p.now() / 1_000_000_000 / 86_400
}

pub(super) async fn append(io: &Io, path: &str, line: &str) -> Result<(), crate::errno::Errno> {
    let fd = io.p.open(path, OpenFlags::APPEND, 0o644)?;
    let r = io.p.write_all(fd, line.as_bytes()).await;
    let _ = io.p.close(fd);
    r
}

/// Adds a group; returns its GID.
pub(super) async fn add_group(io: &Io, name: &str, gid: Option<u32>, system: bool) -> Result<u32, crate::errno::Errno> {
    let groups = util::groups(&io.p).await;
    let gid = gid.unwrap_or_else(|| {
        if system {
            (100..1000).rev().find(|g| !groups.iter().any(|x| x.gid == *g)).unwrap_or(999)
        } else {
            (1000..60000).find(|g| !groups.iter().any(|x| x.gid == *g)).unwrap_or(60000)
        }
    });
    append(io, "/etc/group", &format!("{name}:x:{gid}:\n")).await?;
    Ok(gid)
}

/// Adds `user` to the member list of `group`.
pub(super) async fn add_member(io: &Io, group: &str, user: &str) -> Result<(), crate::errno::Errno> {
    let text = String::from_utf8_lossy(&io.p.read_file("/etc/group").await?).into_owned();
    let out: String = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() == 4 && f[0] == group && !f[3].split(',').any(|m| m == user) {
                let sep = if f[3].is_empty() { "" } else { "," };
                format!("{l}{sep}{user}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    io.p.write_file("/etc/group", out.as_bytes()).await
}

/// Makes a home directory from `/etc/skel`, owned by the new user.
pub(super) async fn make_home(io: &Io, home: &str, uid: u32, gid: u32) {
    if io.p.mkdir(home, 0o755).is_err() {
        return;
    }
    let _ = io.p.chmod(home, 0o755);
    for e in io.p.read_dir("/etc/skel").unwrap_or_default() {
        if let Ok(data) = io.p.read_file(&join("/etc/skel", &e.name)).await {
            let path = join(home, &e.name);
            let _ = io.p.write_file(&path, &data).await;
            let _ = io.p.lchown(&path, Some(uid), Some(gid));
        }
    }
    let _ = io.p.lchown(home, Some(uid), Some(gid));
}

struct NewUser {
    name: String,
    uid: Option<u32>,
    group: Option<String>,
    groups: Vec<String>,
    home: Option<String>,
    shell: Option<String>,
    comment: String,
    create_home: bool,
    system: bool,
    user_group: bool,
}

/// Creates an account; `Err` carries (message, exit code) as useradd reports them.
async fn create_user(io: &Io, u: &NewUser) -> Result<(u32, u32), (String, i32)> {
    if io.p.uid() != 0 {
        return Err(("Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.".into(), 1));
    }
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    if users.iter().any(|x| x.name == u.name) {
        return Err((format!("user '{}' already exists", u.name), 9));
    }
    if let Some(uid) = u.uid {
        if users.iter().any(|x| x.uid == uid) {
            return Err((format!("UID {uid} is not unique"), 4));
        }
    }
    let uid = u.uid.unwrap_or_else(|| {
        if u.system {
            (100..1000).rev().find(|n| !users.iter().any(|x| x.uid == *n)).unwrap_or(999)
        } else {
            (1000..60000).find(|n| !users.iter().any(|x| x.uid == *n)).unwrap_or(60000)
        }
    });
    for g in &u.groups {
        if !groups.iter().any(|x| &x.name == g || x.gid.to_string() == *g) {
            return Err((format!("group '{g}' does not exist"), 6));
        }
    }
    let gid = match &u.group {
        Some(g) => match groups.iter().find(|x| &x.name == g || x.gid.to_string() == *g) {
            Some(x) => x.gid,
            None => return Err((format!("group '{g}' does not exist"), 6)),
        },
        None if u.user_group => {
            if groups.iter().any(|x| x.name == u.name) {
                return Err((format!("group {} exists - if you want to add this user to that group, use -g.", u.name), 9));
            }
            let want = (!groups.iter().any(|x| x.gid == uid)).then_some(uid);
            add_group(io, &u.name, want, u.system).await.map_err(|e| (e.message().to_string(), 10))?
        }
        None => 100,
    };
    let home = u.home.clone().unwrap_or_else(|| format!("/home/{}", u.name));
    let shell = u.shell.clone().unwrap_or_else(|| "/bin/sh".into());
    append(io, "/etc/passwd", &format!("{}:x:{uid}:{gid}:{}:{home}:{shell}\n", u.name, u.comment)).await.map_err(|e| (e.message().to_string(), 1))?;
    let _ = append(io, "/etc/shadow", &format!("{}:!:{}:0:99999:7:::\n", u.name, today(io))).await;
    for g in &u.groups {
        let _ = add_member(io, g, &u.name).await;
    }
    if u.create_home {
        make_home(io, &home, uid, gid).await;
    }
    Ok((uid, gid))
}

/// `useradd [-m] [-s SHELL] [-u UID] [-g GROUP] [-G G,...] [-d HOME] [-r] [-N] [-c C] LOGIN`.
pub async fn useradd(mut io: Io) -> i32 {
    io.prog = "useradd".into();
    let mut u = NewUser { name: String::new(), uid: None, group: None, groups: Vec::new(), home: None, shell: None, comment: String::new(), create_home: false, system: false, user_group: true };
    let args = io.argv.clone();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let long = |n: &str| a == format!("--{n}");
        if a.starts_with("--") {
            let mut val = || {
                i += 1;
                args.get(i - 1).cloned().unwrap_or_default()
            };
            match () {
                _ if long("create-home") => u.create_home = true,
                _ if long("no-create-home") => u.create_home = false,
                _ if long("system") => u.system = true,
                _ if long("no-user-group") => u.user_group = false,
                _ if long("shell") => u.shell = Some(val()),
                _ if long("uid") => u.uid = val().parse().ok(),
                _ if long("gid") => u.group = Some(val()),
                _ if long("groups") => u.groups = val().split(',').map(str::to_string).collect(),
                _ if long("home-dir") => u.home = Some(val()),
                _ if long("comment") => u.comment = val(),
                _ => return io.usage(&format!("unrecognized option '{a}'"), 2).await,
            }
            continue;
        }
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            let chars: Vec<char> = flags.chars().collect();
            for (k, c) in chars.iter().enumerate() {
                let needs = matches!(c, 's' | 'u' | 'g' | 'G' | 'd' | 'c' | 'k' | 'e' | 'f' | 'K' | 'p');
                let value = if needs {
                    let rest: String = chars[k + 1..].iter().collect();
                    if rest.is_empty() {
                        i += 1;
                        args.get(i - 1).cloned().unwrap_or_default()
                    } else {
                        rest
                    }
                } else {
                    String::new()
                };
                match c {
                    'm' => u.create_home = true,
                    'M' => u.create_home = false,
                    'r' => u.system = true,
                    'N' => u.user_group = false,
                    'U' => u.user_group = true,
                    'o' => {}
                    's' => u.shell = Some(value),
                    'u' => u.uid = value.parse().ok(),
                    'g' => u.group = Some(value),
                    'G' => u.groups = value.split(',').map(str::to_string).collect(),
                    'd' => u.home = Some(value),
                    'c' => u.comment = value,
                    'k' | 'e' | 'f' | 'K' | 'p' => {}
                    other => {
                        io.err(&format!("invalid option -- '{other}'")).await;
                        return 2;
                    }
                }
                if needs {
                    break;
                }
            }
            continue;
        }
        u.name = a;
    }
    if u.name.is_empty() {
        io.err_raw("Usage: useradd [options] LOGIN\n       useradd -D\n       useradd -D [options]\n").await;
        return 2;
    }
    match create_user(&io, &u).await {
        Ok(_) => 0,
        Err((msg, code)) => {
            io.err(&msg).await;
            code
        }
    }
}

/// `groupadd [-g GID] [-r] GROUP`.
pub async fn groupadd(mut io: Io) -> i32 {
    io.prog = "groupadd".into();
    let args = io.argv.clone();
    let (mut gid, mut system, mut name) = (None, false, None);
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-g" | "--gid" => {
                gid = args.get(i + 1).and_then(|g| g.parse().ok());
                i += 1;
            }
            "-r" | "--system" => system = true,
            "-f" | "--force" => {}
            n => name = Some(n.to_string()),
        }
        i += 1;
    }
    let Some(name) = name else {
        io.err_raw("Usage: groupadd [options] GROUP\n").await;
        return 2;
    };
    if util::groups(&io.p).await.iter().any(|g| g.name == name) {
        io.err(&format!("group '{name}' already exists")).await;
        return 9;
    }
    match add_group(&io, &name, gid, system).await {
        Ok(_) => 0,
        Err(e) => {
            io.err(&format!("cannot open /etc/group: {}", e.message())).await;
            10
        }
    }
}

/// Debian's `adduser [--system] [--ingroup G] [--home D] [--shell S] [--uid N] USER`, and
/// `adduser USER GROUP` (add to a group). Never prompts: the simulator has no password.
pub async fn adduser(mut io: Io) -> i32 {
    io.prog = util::basename(&io.prog).to_string();
    if io.busybox() {
        return super::bbusers::adduser(io).await;
    }
    let as_group = io.prog == "addgroup" || io.argv.iter().any(|a| a == "--group");
    let mut u = NewUser { name: String::new(), uid: None, group: None, groups: Vec::new(), home: None, shell: Some("/bin/bash".into()), comment: String::new(), create_home: true, system: false, user_group: true };
    let mut positional = Vec::new();
    let args = io.argv.clone();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let mut val = || {
            i += 1;
            args.get(i - 1).cloned().unwrap_or_default()
        };
        match a.as_str() {
            "--system" => u.system = true,
            "--ingroup" => u.group = Some(val()),
            "--home" => u.home = Some(val()),
            "--shell" => u.shell = Some(val()),
            "--uid" | "--gid" => u.uid = val().parse().ok(),
            "--gecos" | "--comment" => u.comment = val(),
            "--no-create-home" => u.create_home = false,
            "--disabled-password" | "--disabled-login" | "--quiet" | "-q" | "--group" | "--force-badname" | "--allow-bad-names" => {}
            s if s.starts_with('-') => {
                io.err(&format!("Unknown option: {}", s.trim_start_matches('-'))).await;
                return 1;
            }
            _ => positional.push(a),
        }
    }
    if io.p.uid() != 0 {
        io.err("Only root may add a user or group to the system.").await;
        return 1;
    }
    match positional.as_slice() {
        [name] if as_group => {
            if util::groups(&io.p).await.iter().any(|g| &g.name == name) {
                io.err(&format!("The group `{name}' already exists.")).await;
                return 1;
            }
            match add_group(&io, name, u.uid, u.system).await {
                Ok(gid) => {
                    io.out(&format!("Adding group `{name}' (GID {gid}) ...\nDone.\n"));
                    io.finish(0).await
                }
                Err(e) => {
                    io.err(e.message()).await;
                    1
                }
            }
        }
        [name] => {
            u.name = name.clone();
            u.user_group = u.group.is_none();
            if util::passwd(&io.p).await.iter().any(|x| &x.name == name) {
                io.err(&format!("The user `{name}' already exists.")).await;
                return 1;
            }
            io.out(&format!("Adding user `{name}' ...\n"));
            match create_user(&io, &u).await {
                Ok((uid, gid)) => {
                    let gname = util::group_name(&util::groups(&io.p).await, gid);
                    if u.user_group {
                        io.out(&format!("Adding new group `{name}' ({gid}) ...\n"));
                    }
                    io.out(&format!("Adding new user `{name}' ({uid}) with group `{gname} ({gid})' ...\n"));
                    let home = u.home.clone().unwrap_or_else(|| format!("/home/{name}"));
                    io.out(&format!("Creating home directory `{home}' ...\nCopying files from `/etc/skel' ...\n"));
                    if !u.system {
                        let _ = add_member(&io, "users", name).await;
                        io.out(&format!("Adding new user `{name}' to supplemental / extra groups `users' ...\nAdding user `{name}' to group `users' ...\n"));
                    }
                    io.finish(0).await
                }
                Err((msg, _)) => {
                    io.err(&msg).await;
                    1
                }
            }
        }
        [user, group] => {
            if !util::passwd(&io.p).await.iter().any(|x| &x.name == user) {
                io.err(&format!("The user `{user}' does not exist.")).await;
                return 1;
            }
            if !util::groups(&io.p).await.iter().any(|x| &x.name == group) {
                io.err(&format!("The group `{group}' does not exist.")).await;
                return 1;
            }
            let _ = add_member(&io, group, user).await;
            io.out(&format!("Adding user `{user}' to group `{group}' ...\nDone.\n"));
            io.finish(0).await
        }
        _ => {
            io.err("Only one or two names allowed.").await;
            1
        }
    }
}
