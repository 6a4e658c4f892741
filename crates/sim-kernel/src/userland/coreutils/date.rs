//! `date`: the virtual clock in the default format, `+FORMAT`, `-d`, `-u`, `-R`, `-I`.

use super::args::{HasArg, Spec};
use super::timefmt::{gmtime, strftime, timegm};
use super::util::{ql, Io};

/// Parses the date strings `date -d` is given in practice.
fn parse(s: &str, now: i64) -> Option<i64> {
    let t = s.trim();
    let day = 86_400;
    match t {
        "" | "now" | "today" => return Some(now),
        "yesterday" => return Some(now - day),
        "tomorrow" => return Some(now + day),
        _ => {}
    }
    if let Some(n) = t.strip_prefix('@') {
        return n.parse().ok();
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [n, unit, rest @ ..] = words.as_slice() {
        if let Ok(n) = n.parse::<i64>() {
            let secs = match unit.trim_end_matches('s') {
                "second" | "sec" => 1,
                "minute" | "min" => 60,
                "hour" => 3600,
                "day" => day,
                "week" => 7 * day,
                _ => 0,
            };
            if secs > 0 {
                let sign = if rest.first() == Some(&"ago") { -1 } else { 1 };
                return Some(now + sign * n * secs);
            }
        }
    }
    let (d, time) = t.split_once([' ', 'T']).unwrap_or((t, "00:00:00"));
    let dp: Vec<u32> = d.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let tp: Vec<u32> = time.trim_end_matches('Z').split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    match (dp.as_slice(), tp.as_slice()) {
        ([y, m, dd], [h, mi, rest @ ..]) if (1..=12).contains(m) && (1..=31).contains(dd) && *h < 24 && *mi < 60 => Some(timegm(*y as i64, *m, *dd, *h, *mi, rest.first().copied().unwrap_or(0))),
        ([y, m, dd], [h]) if *h < 24 => Some(timegm(*y as i64, *m, *dd, *h, 0, 0)),
        _ => None,
    }
}

/// `date [-u] [-d STRING] [-R|-I[FMT]] [+FORMAT]`.
pub async fn date(mut io: Io) -> i32 {
    let spec = Spec {
        short: "ud:RI::s:r:",
        long: &[("utc", HasArg::No, 'u'), ("universal", HasArg::No, 'u'), ("date", HasArg::Required, 'd'), ("rfc-email", HasArg::No, 'R'), ("iso-8601", HasArg::Optional, 'I'), ("set", HasArg::Required, 's'), ("reference", HasArg::Required, 'r')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [+FORMAT]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let now_ns = io.p.now();
    let mut when = now_ns / 1_000_000_000;
    let nanos = (now_ns % 1_000_000_000) as u32;
    if let Some(d) = a.value('d') {
        match parse(d, when) {
            Some(t) => when = t,
            None => {
                io.err(&format!("invalid date {}", ql(d))).await;
                return 1;
            }
        }
    }
    if let Some(r) = a.value('r') {
        match io.p.stat(r) {
            Ok(st) => when = st.mtime,
            Err(e) => {
                io.err(&format!("{r}: {}", e.message())).await;
                return 1;
            }
        }
    }
    if a.value('s').is_some() {
        io.err("cannot set date: Operation not permitted").await;
        when = parse(a.value('s').unwrap_or(""), when).unwrap_or(when);
        let tm = gmtime(when);
        io.out(&format!("{}\n", strftime("%a %b %e %H:%M:%S %Z %Y", &tm, 0)));
        io.flush().await;
        return 1;
    }
    let mut format = "%a %b %e %H:%M:%S %Z %Y".to_string();
    if a.has('R') {
        format = "%a, %d %b %Y %H:%M:%S %z".into();
    }
    if a.has('I') {
        format = match a.value('I').unwrap_or("date") {
            "hours" => "%Y-%m-%dT%H%:z",
            "minutes" => "%Y-%m-%dT%H:%M%:z",
            "seconds" => "%Y-%m-%dT%H:%M:%S%:z",
            "ns" => "%Y-%m-%dT%H:%M:%S,%N%:z",
            _ => "%Y-%m-%d",
        }
        .into();
    }
    for op in &a.operands {
        match op.strip_prefix('+') {
            Some(f) => format = f.to_string(),
            None => return io.usage(&format!("invalid date {}", ql(op)), 1).await,
        }
    }
    io.out(&format!("{}\n", strftime(&format, &gmtime(when), nanos)));
    io.finish(0).await
}
