//! Human-readable sizes, durations and truncation, exactly as the docker CLI prints them.
//!
//! Sizes and durations are `github.com/docker/go-units` (`HumanSizeWithPrecision`,
//! `HumanDuration`); truncation is the CLI's `formatter.Ellipsis`. Go's `%.*g` is reproduced
//! digit for digit, including its quirks: 999999 bytes is `1e+03kB`, as in Docker.

/// go-units' decimal unit names.
const DECIMAL_UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/// A size the way `docker images`, `docker history` and `docker ps -s` print it:
/// go-units `HumanSizeWithPrecision(n, 3)`. `1985569` is `1.99MB`, `6` is `6B`.
pub fn human_size(bytes: u64) -> String {
    human_size_with_precision(bytes as f64, 3)
}

/// go-units `HumanSize(n)`, that is precision 4: `1985569` is `1.986MB`. Docker uses it for
/// `VirtualSize` and `SharedSize` in `docker images --format`, and in `docker system df`.
pub fn human_size_4(bytes: u64) -> String {
    human_size_with_precision(bytes as f64, 4)
}

/// go-units binary unit names.
const BINARY_UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

/// go-units `BytesSize`: powers of 1024 and Go's `%.4g`, as `docker stats` prints memory
/// (`328KiB / 64MiB`).
pub fn bytes_size(bytes: f64) -> String {
    let mut size = bytes;
    let mut unit = 0;
    while size >= 1024.0 && unit < BINARY_UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    format!("{}{}", format_g(size, 4), BINARY_UNITS[unit])
}

/// go-units `HumanSizeWithPrecision`: divide by 1000 until under 1000, then Go's `%.*g`.
pub fn human_size_with_precision(size: f64, precision: usize) -> String {
    let mut size = size;
    let mut unit = 0;
    while size >= 1000.0 && unit < DECIMAL_UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    format!("{}{}", format_g(size, precision), DECIMAL_UNITS[unit])
}

/// Go's `fmt.Sprintf("%.*g", precision, x)` for finite `x`.
///
/// Go rounds to `precision` significant digits (half to even on the exact binary value, as
/// Rust's `{:.*e}` does), drops trailing zeros, and uses exponent form when the exponent is
/// below -4 or at least the precision.
pub fn format_g(x: f64, precision: usize) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    if !x.is_finite() {
        return if x.is_nan() { "NaN".into() } else if x > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{}", layout_g(digits, exp + 1, p, false))
}

/// Lays out significant `digits` with decimal point position `dp` (value = 0.digits × 10^dp)
/// the way strconv's `%g` does. `shortest` selects the `%v` rule (exponent form from 1e+06).
pub(crate) fn layout_g(digits: &str, dp: i64, precision: usize, shortest: bool) -> String {
    let nd = digits.len() as i64;
    let mut eprec = precision as i64;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    if shortest {
        eprec = 6;
    }
    let exp = dp - 1;
    let digit = |i: i64| -> char {
        if i >= 0 && i < nd {
            digits.as_bytes()[i as usize] as char
        } else {
            '0'
        }
    };
    if exp < -4 || exp >= eprec {
        let mut out = String::new();
        out.push(digit(0));
        if nd > 1 {
            out.push('.');
            out.extend((1..nd).map(digit));
        }
        let sign = if exp < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exp.abs()));
        return out;
    }
    let mut out = String::new();
    if dp > 0 {
        out.extend((0..dp).map(digit));
    } else {
        out.push('0');
    }
    let decimals = (nd - dp).max(0);
    if decimals > 0 {
        out.push('.');
        out.extend((0..decimals).map(|i| digit(dp + i)));
    }
    out
}

/// go-units `HumanDuration` of a whole number of seconds: `Less than a second`, `1 second`,
/// `About a minute`, `3 hours`, `2 weeks`...
pub fn human_duration(seconds: i64) -> String {
    human_duration_nanos(seconds.saturating_mul(NANOS_PER_SECOND))
}

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const NANOS_PER_HOUR: i64 = 3600 * NANOS_PER_SECOND;

/// go-units `HumanDuration` of a Go `time.Duration` (nanoseconds), with its thresholds:
/// minutes are truncated, hours rounded to nearest, and days, weeks, months (30 days) and
/// years (365 days) counted from the rounded hours (years from the truncated ones).
pub fn human_duration_nanos(nanos: i64) -> String {
    let seconds = nanos / NANOS_PER_SECOND;
    if seconds < 1 {
        return "Less than a second".into();
    }
    if seconds == 1 {
        return "1 second".into();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = seconds / 60;
    if minutes == 1 {
        return "About a minute".into();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // int(d.Hours() + 0.5)
    let hours = nanos.saturating_add(NANOS_PER_HOUR / 2) / NANOS_PER_HOUR;
    if hours == 1 {
        return "About an hour".into();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    format!("{} years", nanos / NANOS_PER_HOUR / 24 / 365)
}

/// `CREATED` as Docker prints it: `HumanDuration(now - then) + " ago"`, both instants in
/// nanoseconds since the Unix epoch.
pub fn time_ago(then_nanos: i64, now_nanos: i64) -> String {
    format!("{} ago", human_duration_nanos(now_nanos.saturating_sub(then_nanos)))
}

/// The docker CLI's `formatter.Ellipsis`: fits `s` into `max_width` display columns, ending a
/// shortened string with `…` (so `docker history`'s 45 is 44 characters and the `…`).
///
/// Widths are display widths: East Asian wide and full-width characters count 2. For a width of
/// 1 the first character is returned whole; if the first character alone is wider than
/// `max_width - 1` the string is returned untouched, as Docker does.
pub fn ellipsis(s: &str, max_width: usize) -> String {
    if max_width == 0 {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    if max_width == 1 {
        return chars.first().map(|c| c.to_string()).unwrap_or_default();
    }
    if s.is_ascii() {
        if s.len() <= max_width {
            return s.to_string();
        }
        return format!("{}…", &s[..max_width - 1]);
    }
    let mut total = 0;
    let ends: Vec<usize> = chars
        .iter()
        .map(|&c| {
            total += char_width(c);
            total
        })
        .collect();
    if total <= max_width {
        return s.to_string();
    }
    for i in 0..ends.len().saturating_sub(1) {
        if ends[i] < max_width && ends[i + 1] >= max_width {
            return format!("{}…", chars[..=i].iter().collect::<String>());
        }
    }
    s.to_string()
}

/// Display columns of a character: 2 for East Asian Wide and Fullwidth (Unicode's
/// `EastAsianWidth.txt` classes W and F, as `golang.org/x/text/width` reports them), else 1.
pub fn char_width(c: char) -> usize {
    let c = c as u32;
    let wide = WIDE.binary_search_by(|&(lo, hi)| {
        if hi < c {
            std::cmp::Ordering::Less
        } else if lo > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    if wide.is_ok() {
        2
    } else {
        1
    }
}

/// East Asian Wide (W) and Fullwidth (F) ranges, sorted.
const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
    (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
    (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
    (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
    (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFB), (0x3000, 0x303E),
    (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E3),
    (0x31F0, 0x321E), (0x3220, 0x3247), (0x3250, 0x4DBF), (0x4E00, 0xA48C), (0xA490, 0xA4C6),
    (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52),
    (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x16FE3),
    (0x17000, 0x187F7), (0x18800, 0x18AF2), (0x1B000, 0x1B11E), (0x1B150, 0x1B152),
    (0x1B164, 0x1B167), (0x1B170, 0x1B2FB), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F200, 0x1F202), (0x1F210, 0x1F23B),
    (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265), (0x1F300, 0x1F320),
    (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E),
    (0x1F440, 0x1F440), (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4),
    (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6D5), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FA), (0x1F7E0, 0x1F7EB),
    (0x1F90D, 0x1F971), (0x1F973, 0x1F976), (0x1F97A, 0x1F9A2), (0x1F9A5, 0x1F9AA),
    (0x1F9AE, 0x1F9CA), (0x1F9CD, 0x1F9FF), (0x1FA70, 0x1FA73), (0x1FA78, 0x1FA7A),
    (0x1FA80, 0x1FA82), (0x1FA90, 0x1FA95), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
];

/// docker's `units.RAMInBytes`: `512m`, `1g`, `1.5GiB`, `100` (bytes), with binary
/// multipliers. The error is docker's text.
pub fn ram_in_bytes(s: &str) -> Result<u64, String> {
    let invalid = || format!("invalid size: '{s}'");
    let t = s.trim();
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits_end);
    let value: f64 = num.parse().map_err(|_| invalid())?;
    let unit = unit.trim_start().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let mult: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024f64.powi(2),
        "g" => 1024f64.powi(3),
        "t" => 1024f64.powi(4),
        "p" => 1024f64.powi(5),
        _ => return Err(invalid()),
    };
    Ok((value * mult) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ram_sizes_are_binary() {
        assert_eq!(ram_in_bytes("512m"), Ok(512 << 20));
        assert_eq!(ram_in_bytes("1g"), Ok(1 << 30));
        assert_eq!(ram_in_bytes("100"), Ok(100));
        assert_eq!(ram_in_bytes("1.5GiB"), Ok(3 << 29));
        assert_eq!(ram_in_bytes("lots"), Err("invalid size: 'lots'".into()));
    }

    #[test]
    fn sizes_match_go_units() {
        for (n, want3, want4) in [
            (0u64, "0B", "0B"),
            (6, "6B", "6B"),
            (20, "20B", "20B"),
            (999, "999B", "999B"),
            (1000, "1kB", "1kB"),
            (1986, "1.99kB", "1.986kB"),
            (1500, "1.5kB", "1.5kB"),
            (10_000, "10kB", "10kB"),
            (123_456, "123kB", "123.5kB"),
            (999_499, "999kB", "999.5kB"),
            (999_999, "1e+03kB", "1000kB"), // go-units' quirk, faithfully
            (1_985_569, "1.99MB", "1.986MB"),
            (72_800_000, "72.8MB", "72.8MB"),
            (77_822_234, "77.8MB", "77.82MB"),
            (1_000_000_000, "1GB", "1GB"),
            (5_368_709_120, "5.37GB", "5.369GB"),
            (u64::MAX, "18.4EB", "18.45EB"),
        ] {
            assert_eq!(human_size(n), want3, "{n}");
            assert_eq!(human_size_4(n), want4, "{n}");
        }
    }

    #[test]
    fn percent_g_matches_go() {
        for (x, p, want) in [
            (100.0, 3, "100"),
            (0.0001234, 3, "0.000123"),
            (0.00001234, 3, "1.23e-05"),
            (123456.0, 3, "1.23e+05"),
            (2.5, 1, "2"),
            (3.5, 1, "4"),
            (-1.25, 2, "-1.2"),
            (1.0, 6, "1"),
        ] {
            assert_eq!(format_g(x, p), want, "{x} {p}");
        }
    }

    #[test]
    fn durations_match_go_units() {
        let m = 60;
        let h = 3600;
        let d = 24 * h;
        for (s, want) in [
            (-5, "Less than a second"),
            (0, "Less than a second"),
            (1, "1 second"),
            (2, "2 seconds"),
            (59, "59 seconds"),
            (60, "About a minute"),
            (119, "About a minute"),
            (120, "2 minutes"),
            (59 * m + 59, "59 minutes"),
            (60 * m, "About an hour"),
            (89 * m + 59, "About an hour"),
            (90 * m, "2 hours"),
            (47 * h + 29 * m, "47 hours"),
            (47 * h + 30 * m, "2 days"),
            (13 * d, "13 days"),
            (14 * d, "2 weeks"),
            (59 * d, "8 weeks"),
            (60 * d, "2 months"),
            (729 * d, "24 months"),
            (730 * d, "2 years"),
            (3650 * d, "10 years"),
        ] {
            assert_eq!(human_duration(s), want, "{s}s");
        }
        assert_eq!(human_duration_nanos(999_999_999), "Less than a second");
        let now = 1_700_000_000 * NANOS_PER_SECOND;
        assert_eq!(time_ago(now - 53 * NANOS_PER_SECOND, now), "53 seconds ago");
        assert_eq!(time_ago(now - 100 * NANOS_PER_SECOND, now), "About a minute ago");
        assert_eq!(time_ago(now + 5, now), "Less than a second ago");
    }

    #[test]
    fn ellipsis_matches_docker_history() {
        let created_by = r#"/bin/sh -c #(nop)  CMD ["cat" "/app/hello.txt"]"#;
        assert_eq!(ellipsis(created_by, 45), r#"/bin/sh -c #(nop)  CMD ["cat" "/app/hello.tx…"#);
        assert_eq!(ellipsis(created_by, 45).chars().count(), 45);
        assert_eq!(ellipsis("short", 45), "short");
        assert_eq!(ellipsis("exactly5", 8), "exactly5");
        assert_eq!(ellipsis("abcdef", 0), "");
        assert_eq!(ellipsis("abcdef", 1), "a");
        assert_eq!(ellipsis("", 1), "");
        assert_eq!(ellipsis("abcdef", 2), "a…");
        // Wide characters count two columns.
        assert_eq!(ellipsis("日本語のテキスト", 7), "日本語…");
        assert_eq!(ellipsis("日本語", 6), "日本語");
        assert_eq!(ellipsis("aé日本", 4), "aé…");
        assert_eq!(ellipsis("日本", 2), "日本", "first char too wide: untouched, like Docker");
        assert_eq!((char_width('a'), char_width('日'), char_width('Ａ'), char_width('é')), (1, 2, 2, 1));
    }
}
