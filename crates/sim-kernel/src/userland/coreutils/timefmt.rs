//! Calendar arithmetic and `strftime(3)` for the simulator's clock, which is always UTC.

/// Short weekday names, Sunday first.
pub const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/// Short month names.
pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A broken-down UTC time (`struct tm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tm {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
    /// Hour, 0-23.
    pub hour: u32,
    /// Minute.
    pub min: u32,
    /// Second.
    pub sec: u32,
    /// Day of the week, 0 = Sunday.
    pub wday: u32,
    /// Day of the year, 0-365.
    pub yday: u32,
    /// Seconds since the epoch.
    pub epoch: i64,
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Breaks seconds since the epoch into a UTC date and time.
pub fn gmtime(epoch: i64) -> Tm {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    let yday = (days - days_from_civil(year, 1, 1)) as u32;
    Tm { year, month, day, hour: secs / 3600, min: secs / 60 % 60, sec: secs % 60, wday: (days + 4).rem_euclid(7) as u32, yday, epoch }
}

/// Seconds since the epoch of a UTC date and time.
pub fn timegm(year: i64, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> i64 {
    days_from_civil(year, month, day) * 86_400 + (hour * 3600 + min * 60 + sec) as i64
}

/// Formats `tm` like `strftime(3)` in the C locale and UTC; `nanos` feeds `%N`.
pub fn strftime(fmt: &str, tm: &Tm, nanos: u32) -> String {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let m0 = (tm.month as usize).saturating_sub(1) % 12;
    let w = tm.wday as usize % 7;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // GNU's `-` (no padding) and `_` (space padding) flags.
        let mut pad = None;
        if let Some(&f) = chars.peek() {
            if f == '-' || f == '_' || f == '0' {
                pad = Some(f);
                chars.next();
            }
        }
        let Some(spec) = chars.next() else {
            out.push('%');
            break;
        };
        let num = |v: i64, width: usize, default_pad: char| -> String {
            match pad.unwrap_or(default_pad) {
                '-' => v.to_string(),
                '_' | ' ' => format!("{v:>width$}"),
                _ => format!("{v:0width$}"),
            }
        };
        let h12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 } as i64;
        let s = match spec {
            'a' => DAYS[w].to_string(),
            'A' => LONG_DAYS[w].to_string(),
            'b' | 'h' => MONTHS[m0].to_string(),
            'B' => LONG_MONTHS[m0].to_string(),
            'c' => strftime("%a %b %e %H:%M:%S %Y", tm, nanos),
            'C' => num(tm.year / 100, 2, '0'),
            'd' => num(tm.day as i64, 2, '0'),
            'D' => strftime("%m/%d/%y", tm, nanos),
            'e' => num(tm.day as i64, 2, ' '),
            'F' => strftime("%Y-%m-%d", tm, nanos),
            'H' => num(tm.hour as i64, 2, '0'),
            'I' => num(h12, 2, '0'),
            'j' => num(tm.yday as i64 + 1, 3, '0'),
            'k' => num(tm.hour as i64, 2, ' '),
            'l' => num(h12, 2, ' '),
            'm' => num(tm.month as i64, 2, '0'),
            'M' => num(tm.min as i64, 2, '0'),
            'n' => "\n".to_string(),
            'N' => format!("{nanos:09}"),
            'p' => if tm.hour < 12 { "AM" } else { "PM" }.to_string(),
            'P' => if tm.hour < 12 { "am" } else { "pm" }.to_string(),
            'r' => strftime("%I:%M:%S %p", tm, nanos),
            'R' => strftime("%H:%M", tm, nanos),
            's' => tm.epoch.to_string(),
            'S' => num(tm.sec as i64, 2, '0'),
            't' => "\t".to_string(),
            'T' => strftime("%H:%M:%S", tm, nanos),
            'u' => (if w == 0 { 7 } else { w }).to_string(),
            'w' => w.to_string(),
            'x' => strftime("%m/%d/%y", tm, nanos),
            'X' => strftime("%H:%M:%S", tm, nanos),
            'y' => num(tm.year % 100, 2, '0'),
            'Y' => tm.year.to_string(),
            'z' => "+0000".to_string(),
            ':' if chars.peek() == Some(&'z') => {
                chars.next();
                "+00:00".to_string()
            }
            'Z' => "UTC".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        let t = timegm(2026, 11, 22, 12, 0, 0);
        let tm = gmtime(t);
        assert_eq!((tm.year, tm.month, tm.day, tm.hour, tm.wday), (2026, 11, 22, 12, 0));
        assert_eq!(strftime("%a %b %e %H:%M:%S %Z %Y", &tm, 0), "Sun Nov 22 12:00:00 UTC 2026");
        assert_eq!(strftime("%F %T %j %-d %s", &gmtime(0), 0), "1970-01-01 00:00:00 001 1 0");
        assert_eq!(gmtime(timegm(2024, 2, 29, 0, 0, 0)).yday, 59);
    }
}
