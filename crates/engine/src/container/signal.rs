//! Linux signal names and numbers, as `docker kill -s`, `STOPSIGNAL` and `--stop-signal`
//! accept them (`SIGTERM`, `TERM`, `15`).

const SIGNALS: [(&str, i32); 31] = [
    ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8), ("KILL", 9), ("USR1", 10),
    ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19),
    ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28),
    ("IO", 29), ("PWR", 30), ("SYS", 31),
];

/// Docker's `signal.ParseSignal`: a number, or a name with or without `SIG` (any case).
/// The error is Docker's text.
pub fn parse(s: &str) -> Result<i32, String> {
    if let Ok(n) = s.parse::<i32>() {
        return if n > 0 && n <= 64 { Ok(n) } else { Err(format!("Invalid signal: {s}")) };
    }
    let upper = s.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).ok_or_else(|| format!("Invalid signal: {s}"))
}

/// The `SIG` name of a signal number (`SIGTERM`), or the number.
pub fn name(sig: i32) -> String {
    SIGNALS.iter().find(|(_, v)| *v == sig).map_or_else(|| sig.to_string(), |(n, _)| format!("SIG{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(parse("SIGTERM"), Ok(15));
        assert_eq!(parse("kill"), Ok(9));
        assert_eq!(parse("3"), Ok(3));
        assert_eq!(parse("SIGNOPE"), Err("Invalid signal: SIGNOPE".into()));
        assert_eq!(name(3), "SIGQUIT");
    }
}
