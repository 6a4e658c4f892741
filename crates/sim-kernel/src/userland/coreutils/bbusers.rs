//! BusyBox's `adduser` and `addgroup` (busybox and alpine images): short options, silent on
//! success, `Linux User,,,` as the comment, system accounts in 100-999 counting up.

use super::users::{add_group, add_member, append, make_home, today};
use super::util::{self, Io};

/// The options both take; `value` is the option's argument, if it has one.
struct Parsed {
    flags: Vec<char>,
    values: Vec<(char, String)>,
    names: Vec<String>,
}

impl Parsed {
    fn has(&self, c: char) -> bool {
        self.flags.contains(&c)
    }

    fn value(&self, c: char) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| *k == c).map(|(_, v)| v.as_str())
    }
}

/// Splits `-DS -G grp name`; `with_value` lists the options that take an argument.
fn parse(argv: &[String], with_value: &str) -> Result<Parsed, char> {
    let mut p = Parsed { flags: Vec::new(), values: Vec::new(), names: Vec::new() };
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        let Some(opts) = a.strip_prefix('-').filter(|o| !o.is_empty()) else {
            p.names.push(a.clone());
            continue;
        };
        for (k, c) in opts.char_indices() {
            if with_value.contains(c) {
                let rest = &opts[k + c.len_utf8()..];
                let v = if rest.is_empty() {
                    i += 1;
                    argv.get(i - 1).cloned().ok_or(c)?
                } else {
                    rest.to_string()
                };
                p.values.push((c, v));
                break;
            } else if "DSH".contains(c) {
                p.flags.push(c);
            } else {
                return Err(c);
            }
        }
    }
    Ok(p)
}

/// The first ID from `from` up to `to` not in `taken`.
fn free_id(taken: &[u32], from: u32, to: u32) -> u32 {
    (from..=to).find(|n| !taken.contains(n)).unwrap_or(to)
}

/// `adduser [-D] [-S] [-H] [-h DIR] [-g GECOS] [-s SHELL] [-G GROUP] [-u UID] USER [GROUP]`
/// and `addgroup [-S] [-g GID] [USER] GROUP`.
pub async fn adduser(mut io: Io) -> i32 {
    let as_group = io.prog == "addgroup";
    let parsed = match parse(&io.argv.clone(), if as_group { "g" } else { "hgsGuk" }) {
        Ok(p) => p,
        Err(c) => {
            let usage = if as_group { "addgroup [-g GID] [-S] [USER] GROUP" } else { "adduser [OPTIONS] USER [GROUP]" };
            io.err(&format!("invalid option -- '{c}'\nBusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: {usage}")).await;
            return 1;
        }
    };
    if io.p.uid() != 0 {
        io.err("permission denied (are you root?)").await;
        return 1;
    }
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    let system = parsed.has('S');
    if as_group {
        return match parsed.names.as_slice() {
            [group] => {
                if groups.iter().any(|g| &g.name == group) {
                    io.err(&format!("group '{group}' in use")).await;
                    return 1;
                }
                let taken: Vec<u32> = groups.iter().map(|g| g.gid).collect();
                let gid = parsed.value('g').and_then(|g| g.parse().ok()).unwrap_or_else(|| if system { free_id(&taken, 100, 999) } else { free_id(&taken, 1000, 64999) });
                match add_group(&io, group, Some(gid), system).await {
                    Ok(_) => 0,
                    Err(e) => {
                        io.err(e.message()).await;
                        1
                    }
                }
            }
            [user, group] => {
                if !users.iter().any(|u| &u.name == user) {
                    io.err(&format!("unknown user {user}")).await;
                    return 1;
                }
                if !groups.iter().any(|g| &g.name == group) {
                    io.err(&format!("unknown group {group}")).await;
                    return 1;
                }
                let _ = add_member(&io, group, user).await;
                0
            }
            _ => {
                io.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: addgroup [-g GID] [-S] [USER] GROUP").await;
                1
            }
        };
    }
    let (name, extra_group) = match parsed.names.as_slice() {
        [n] => (n.clone(), None),
        [n, g] => (n.clone(), Some(g.clone())),
        _ => {
            io.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: adduser [OPTIONS] USER [GROUP]").await;
            return 1;
        }
    };
    if let Some(group) = extra_group {
        // `adduser USER GROUP`: an existing user joins a group.
        if !groups.iter().any(|g| g.name == group) {
            io.err(&format!("unknown group {group}")).await;
            return 1;
        }
        let _ = add_member(&io, &group, &name).await;
        return 0;
    }
    if users.iter().any(|u| u.name == name) {
        io.err(&format!("user '{name}' in use")).await;
        return 1;
    }
    let taken: Vec<u32> = users.iter().map(|u| u.uid).collect();
    let uid = parsed.value('u').and_then(|u| u.parse().ok()).unwrap_or_else(|| if system { free_id(&taken, 100, 999) } else { free_id(&taken, 1000, 64999) });
    let gid = match parsed.value('G') {
        Some(g) => match groups.iter().find(|x| x.name == g) {
            Some(x) => x.gid,
            None => {
                io.err(&format!("unknown group {g}")).await;
                return 1;
            }
        },
        // A system user without -G goes into nogroup; anyone else gets a group of their own.
        None if system => groups.iter().find(|x| x.name == "nogroup").map_or(65533, |x| x.gid),
        None => {
            if groups.iter().any(|x| x.name == name) {
                io.err(&format!("group '{name}' in use")).await;
                return 1;
            }
            let gid = if groups.iter().any(|x| x.gid == uid) { free_id(&groups.iter().map(|g| g.gid).collect::<Vec<_>>(), 1000, 64999) } else { uid };
            if let Err(e) = add_group(&io, &name, Some(gid), false).await {
                io.err(e.message()).await;
                return 1;
            }
            gid
        }
    };
    let home = parsed.value('h').map_or_else(|| format!("/home/{name}"), str::to_string);
    let shell = parsed.value('s').map_or_else(|| if system { "/sbin/nologin".to_string() } else { "/bin/sh".to_string() }, str::to_string);
    let gecos = parsed.value('g').unwrap_or("Linux User,,,");
    if let Err(e) = append(&io, "/etc/passwd", &format!("{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}\n")).await {
        io.err(e.message()).await;
        return 1;
    }
    // -D (or -S): no password, so the account cannot log in with one; without it BusyBox
    // would ask for one, which the simulator treats the same.
    let _ = append(&io, "/etc/shadow", &format!("{name}:!:{}:0:99999:7:::\n", today(&io))).await;
    if let Some(g) = parsed.value('G') {
        let _ = add_member(&io, g, &name).await;
    }
    if !parsed.has('H') {
        make_home(&io, &home, uid, gid).await;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_options_take_their_values_joined_or_apart() {
        let argv: Vec<String> = ["-DS", "-Gapp", "-h", "/srv/x", "svc"].iter().map(|s| s.to_string()).collect();
        let p = parse(&argv, "hgsGuk").unwrap();
        assert!(p.has('D') && p.has('S') && !p.has('H'));
        assert_eq!(p.value('G'), Some("app"));
        assert_eq!(p.value('h'), Some("/srv/x"));
        assert_eq!(p.names, vec!["svc"]);
        assert_eq!(parse(&["-x".to_string()], "g").err(), Some('x'));
        assert_eq!(free_id(&[100, 101], 100, 999), 102);
    }
}
