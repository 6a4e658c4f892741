//! Small applets with no state of their own: `true`, `false`, `pwd`, `basename`, `dirname`,
//! `yes`, `sleep`, `clear`, `whoami`, `seq`.

use super::args::{HasArg, Spec};
use super::util::{self, ql, Io};

/// `true`: succeeds.
pub async fn true_(io: Io) -> i32 {
    let _ = io;
    0
}

/// `false`: fails.
pub async fn false_(io: Io) -> i32 {
    let _ = io;
    1
}

/// `pwd [-LP]`.
pub async fn pwd(mut io: Io) -> i32 {
    let spec = Spec { short: "LP", long: &[("logical", HasArg::No, 'L'), ("physical", HasArg::No, 'P')], stop_at_operand: false };
    let Ok(a) = io.args(&spec, "[OPTION]...", 1).await else { return 1 };
    let cwd = io.p.cwd();
    let logical = a.opts.last().is_some_and(|o| o.0 == 'L');
    let shown = match io.p.getenv("PWD") {
        Some(pwd) if logical && pwd.starts_with('/') && io.p.realpath(&pwd).ok().as_deref() == Some(cwd.as_str()) => pwd,
        _ => cwd,
    };
    if !a.operands.is_empty() {
        io.err("ignoring non-option arguments").await;
    }
    io.out(&format!("{shown}\n"));
    io.finish(0).await
}

/// `basename NAME [SUFFIX]`, `basename -a [-s SUFFIX] NAME...`.
pub async fn basename(mut io: Io) -> i32 {
    let spec = Spec { short: "as:z", long: &[("multiple", HasArg::No, 'a'), ("suffix", HasArg::Required, 's'), ("zero", HasArg::No, 'z')], stop_at_operand: false };
    let a = match io.args(&spec, "NAME [SUFFIX]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let multiple = a.has('a') || a.has('s');
    let (names, suffix): (Vec<String>, Option<String>) = if multiple {
        (a.operands.clone(), a.value('s').map(str::to_string))
    } else {
        if a.operands.len() > 2 {
            return io.usage(&format!("extra operand {}", util::q(&a.operands[2])), 1).await;
        }
        (vec![a.operands[0].clone()], a.operands.get(1).cloned())
    };
    let end = if a.has('z') { "\0" } else { "\n" };
    for n in names {
        let mut b = util::basename(&n).to_string();
        if let Some(s) = &suffix {
            if b.len() > s.len() && b.ends_with(s.as_str()) {
                b.truncate(b.len() - s.len());
            }
        }
        io.out(&format!("{b}{end}"));
    }
    io.finish(0).await
}

/// The directory part of a path, as `dirname(1)` computes it.
pub fn dirname_of(path: &str) -> String {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.starts_with('/') { "/".into() } else { ".".into() };
    }
    match t.rfind('/') {
        None => ".".into(),
        Some(i) => {
            let d = t[..i].trim_end_matches('/');
            if d.is_empty() {
                "/".into()
            } else {
                d.to_string()
            }
        }
    }
}

/// `dirname NAME...`.
pub async fn dirname(mut io: Io) -> i32 {
    let spec = Spec { short: "z", long: &[("zero", HasArg::No, 'z')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION] NAME...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let end = if a.has('z') { "\0" } else { "\n" };
    for n in &a.operands {
        io.out(&format!("{}{end}", dirname_of(n)));
    }
    io.finish(0).await
}

/// `yes [STRING]...`: stops when the reader goes (SIGPIPE) or the step budget runs out.
pub async fn yes(mut io: Io) -> i32 {
    let line = if io.argv.is_empty() { "y".to_string() } else { io.argv.join(" ") };
    let line = format!("{line}\n");
    let mut chunk = String::new();
    while chunk.len() < 4096 {
        chunk.push_str(&line);
    }
    loop {
        if io.p.write_all(1, chunk.as_bytes()).await.is_err() {
            io.err("standard output: Broken pipe").await;
            return 1;
        }
        let _ = io.p.checkpoint().await;
    }
}

/// Parses `sleep`'s `NUMBER[smhd]`: seconds as nanoseconds.
pub fn parse_interval(s: &str) -> Option<i64> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1.0),
        'm' => (&s[..s.len() - 1], 60.0),
        'h' => (&s[..s.len() - 1], 3600.0),
        'd' => (&s[..s.len() - 1], 86400.0),
        _ => (s, 1.0),
    };
    if num.eq_ignore_ascii_case("inf") || num.eq_ignore_ascii_case("infinity") {
        return Some(i64::MAX);
    }
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    Some((v * mult * 1e9).min(i64::MAX as f64) as i64)
}

/// `sleep NUMBER[SUFFIX]...`: waits on virtual time; any signal that kills ends it.
pub async fn sleep(mut io: Io) -> i32 {
    let spec = Spec { short: "", long: &[], stop_at_operand: false };
    let a = match io.args(&spec, "NUMBER[SUFFIX]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let mut total: i64 = 0;
    for op in &a.operands {
        match parse_interval(op) {
            Some(n) => total = total.saturating_add(n),
            None => return io.usage(&format!("invalid time interval {}", ql(op)), 1).await,
        }
    }
    let _ = io.p.sleep(total).await;
    0
}

/// `clear`: the xterm sequence that homes the cursor and erases the screen and scrollback.
pub async fn clear(mut io: Io) -> i32 {
    io.out("\x1b[H\x1b[2J\x1b[3J");
    io.finish(0).await
}

/// `whoami`.
pub async fn whoami(mut io: Io) -> i32 {
    let spec = Spec { short: "", long: &[], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if let Some(extra) = a.operands.first() {
        return io.usage(&format!("extra operand {}", util::q(extra)), 1).await;
    }
    let uid = io.p.uid();
    let db = util::passwd(&io.p).await;
    match db.iter().find(|u| u.uid == uid) {
        Some(u) => {
            io.out(&format!("{}\n", u.name));
            io.finish(0).await
        }
        None => {
            let msg = if io.busybox() { format!("unknown uid {uid}") } else { format!("cannot find name for user ID {uid}") };
            io.err(&msg).await;
            1
        }
    }
}

fn decimals(s: &str) -> usize {
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

/// `seq [-w] [-s SEP] [FIRST [INCREMENT]] LAST`.
pub async fn seq(mut io: Io) -> i32 {
    let spec = Spec { short: "ws:f:", long: &[("equal-width", HasArg::No, 'w'), ("separator", HasArg::Required, 's'), ("format", HasArg::Required, 'f')], stop_at_operand: false };
    // Negative numbers are operands, not options.
    let (nums, rest): (Vec<String>, Vec<String>) = io.argv.iter().cloned().partition(|s| s.len() > 1 && s.starts_with('-') && s[1..].parse::<f64>().is_ok());
    let saved = std::mem::replace(&mut io.argv, rest);
    let a = match io.args(&spec, "[OPTION]... LAST", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut ops: Vec<String> = saved.iter().filter(|s| a.operands.contains(s) || nums.contains(s)).cloned().collect();
    ops.dedup();
    if ops.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    if ops.len() > 3 {
        return io.usage(&format!("extra operand {}", util::q(&ops[3])), 1).await;
    }
    let mut vals = Vec::new();
    for o in &ops {
        match o.parse::<f64>() {
            Ok(v) if v.is_finite() => vals.push(v),
            _ => return io.usage(&format!("invalid floating point argument: {}", ql(o)), 1).await,
        }
    }
    let (first, step, last) = match vals.as_slice() {
        [l] => (1.0, 1.0, *l),
        [f, l] => (*f, 1.0, *l),
        [f, s, l] => (*f, *s, *l),
        _ => return 1,
    };
    if step == 0.0 {
        io.err(&format!("invalid Zero increment value: {}", ql(&ops[1]))).await;
        return io.usage("", 1).await;
    }
    let prec = ops.iter().take(if ops.len() == 3 { 2 } else { 1 }).map(|s| decimals(s)).max().unwrap_or(0);
    let sep = a.value('s').unwrap_or("\n").to_string();
    let fmt = |v: f64| format!("{v:.prec$}");
    let width = if a.has('w') { fmt(first).len().max(fmt(last).len()) } else { 0 };
    let mut i: u64 = 0;
    let mut first_out = true;
    loop {
        let v = first + step * i as f64;
        if (step > 0.0 && v > last + 1e-9) || (step < 0.0 && v < last - 1e-9) {
            break;
        }
        if !first_out {
            io.out(&sep);
        }
        first_out = false;
        let s = fmt(v);
        let s = if width > s.len() { format!("{}{}", "0".repeat(width - s.len()), s) } else { s };
        io.out(&s);
        i += 1;
        if !io.tick().await {
            return 1;
        }
    }
    if !first_out {
        io.out("\n");
    }
    io.finish(0).await
}
