//! Go's `fmt` verbs as the classic builder's history texts show them: `%q` of a string slice,
//! of a `time.Duration` and of an int (a quoted rune: HEALTHCHECK's `'\x03'`).

use crate::golang::quote;

/// Go's `%q` of a `[]string`: `["a" "b"]`.
pub(crate) fn quote_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(" "))
}

/// Go's `time.Duration.String()`.
pub(crate) fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let frac = |v: u64, unit: u64| -> String {
        let whole = v / unit;
        let rest = v % unit;
        if rest == 0 {
            return whole.to_string();
        }
        let digits = unit.to_string().len() - 1;
        let f = format!("{rest:0digits$}");
        format!("{whole}.{}", f.trim_end_matches('0'))
    };
    let s = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", frac(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", frac(u, 1_000_000))
    } else {
        let h = u / 3_600_000_000_000;
        let m = (u / 60_000_000_000) % 60;
        let s = frac(u % 60_000_000_000, 1_000_000_000);
        if h > 0 {
            format!("{h}h{m}m{s}s")
        } else if m > 0 {
            format!("{m}m{s}s")
        } else {
            format!("{s}s")
        }
    };
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

/// Go's `%q` of an int: a quoted rune.
pub(crate) fn go_quote_rune(n: i64) -> String {
    match u8::try_from(n) {
        Ok(b) if (0x20..0x7f).contains(&b) && b != b'\'' && b != b'\\' => format!("'{}'", b as char),
        Ok(b'\'') => "'\\''".to_string(),
        Ok(b'\\') => "'\\\\'".to_string(),
        Ok(b) => format!("'\\x{b:02x}'"),
        Err(_) => format!("'\\u{{{n:x}}}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_formats_of_healthcheck_history() {
        assert_eq!(go_duration(300_000_000_000), "5m0s");
        assert_eq!(go_duration(3_000_000_000), "3s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_quote_rune(3), "'\\x03'");
        assert_eq!(quote_list(&["cat".into(), "/a b".into()]), "[\"cat\" \"/a b\"]");
    }
}
