//! Go's `time.Time` as Docker writes it in JSON: RFC 3339 with nanoseconds, trailing zeros of the
//! fraction dropped (`time.RFC3339Nano`), `Z` for a zero offset, and `0001-01-01T00:00:00Z` for
//! the zero time.
//!
//! Image configs carry their `created` time as such a string, and the image ID is the digest of
//! the config *bytes*, so wharf never rewrites a config; but `docker save`'s v1 layer JSON and
//! `docker image inspect` re-encode the time the way Go does, so wharf must too.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds from 0001-01-01T00:00:00Z (Go's zero time) to the Unix epoch.
const ZERO_UNIX: i64 = -62_135_596_800;

/// An instant with the UTC offset it was written in, like Go's `time.Time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GoTime {
    /// Seconds since the Unix epoch (negative before 1970).
    secs: i64,
    /// Nanoseconds within the second, `0..1e9`.
    nanos: u32,
    /// Offset from UTC in seconds (`+02:00` is 7200).
    offset: i32,
}

/// Why a string is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parsing time {0:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse")]
pub struct TimeError(pub String);

impl GoTime {
    /// Go's zero `time.Time`: `0001-01-01T00:00:00Z`.
    pub const ZERO: GoTime = GoTime { secs: ZERO_UNIX, nanos: 0, offset: 0 };

    /// The Unix epoch, `1970-01-01T00:00:00Z` (`time.Unix(0, 0)`).
    pub const EPOCH: GoTime = GoTime { secs: 0, nanos: 0, offset: 0 };

    /// An instant from nanoseconds since the Unix epoch, in UTC.
    pub fn from_unix_nanos(nanos: i64) -> GoTime {
        GoTime { secs: nanos.div_euclid(1_000_000_000), nanos: nanos.rem_euclid(1_000_000_000) as u32, offset: 0 }
    }

    /// An instant from whole seconds since the Unix epoch, in UTC.
    pub fn from_unix(secs: i64) -> GoTime {
        GoTime { secs, nanos: 0, offset: 0 }
    }

    /// Whether this is Go's zero time (`time.Time{}.IsZero()`).
    pub fn is_zero(&self) -> bool {
        self.secs == ZERO_UNIX && self.nanos == 0
    }

    /// Seconds since the Unix epoch, like Go's `t.Unix()`.
    pub fn unix(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds since the Unix epoch, saturating outside `i64` (as Go's `time.Sub` does).
    pub fn unix_nanos(&self) -> i64 {
        (self.secs as i128 * 1_000_000_000 + self.nanos as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// Parses RFC 3339 as Go's `time.Time.UnmarshalJSON` does: `YYYY-MM-DDTHH:MM:SS`, an
    /// optional fraction of any length (digits beyond nanoseconds are dropped), then `Z` or
    /// `±HH:MM`.
    pub fn parse(s: &str) -> Result<GoTime, TimeError> {
        parse(s).ok_or_else(|| TimeError(s.to_string()))
    }

    /// The string Go's `t.Format(time.RFC3339Nano)` gives.
    pub fn rfc3339_nano(&self) -> String {
        let local = self.secs + self.offset as i64;
        let (days, sod) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let mut out = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", sod / 3600, sod % 3600 / 60, sod % 60);
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        if self.offset == 0 {
            out.push('Z');
        } else {
            let sign = if self.offset < 0 { '-' } else { '+' };
            let abs = self.offset.unsigned_abs();
            out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60));
        }
        out
    }

    /// The string Go's `time.Unix(secs, 0).String()` gives in UTC, as `docker images`'
    /// `{{.CreatedAt}}` shows it: `2026-11-22 11:02:30 +0000 UTC`.
    pub fn utc_string(&self) -> String {
        let (days, sod) = (self.secs.div_euclid(86_400), self.secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} +0000 UTC", sod / 3600, sod % 3600 / 60, sod % 60)
    }

    /// Go's `jsonmessage.RFC3339NanoFixed` layout in UTC, nine fraction digits always:
    /// `2026-11-22T11:07:47.764905884Z`, as `docker events` and `docker logs -t` print times.
    pub fn rfc3339_nano_fixed(&self) -> String {
        let whole = GoTime { secs: self.secs, nanos: 0, offset: 0 }.rfc3339_nano();
        format!("{}.{:09}Z", whole.trim_end_matches('Z'), self.nanos)
    }

    /// Go's `t.String()` in UTC, nanoseconds when there are any:
    /// `2026-11-22 11:01:17.494220631 +0000 UTC` (`docker network ls`' `{{.CreatedAt}}`).
    pub fn go_string(&self) -> String {
        let whole = self.utc_string();
        if self.nanos == 0 {
            return whole;
        }
        let frac = format!("{:09}", self.nanos);
        let (date_time, zone) = whole.split_at(19);
        format!("{date_time}.{}{zone}", frac.trim_end_matches('0'))
    }

    /// The string Go's `time.Unix(secs, 0).Format(time.RFC3339)` gives in UTC (`docker history
    /// --human=false`): whole seconds, `Z`.
    pub fn rfc3339_utc(&self) -> String {
        GoTime { secs: self.secs, nanos: 0, offset: 0 }.rfc3339_nano()
    }
}

impl Default for GoTime {
    /// Go's zero value, [`GoTime::ZERO`].
    fn default() -> Self {
        GoTime::ZERO
    }
}

impl fmt::Display for GoTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339_nano())
    }
}

impl Serialize for GoTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GoTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<GoTime, D::Error> {
        let s = String::deserialize(d)?;
        GoTime::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn digits(s: &[u8], range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0i64, |acc, b| acc * 10 + (b - b'0') as i64))
}

fn parse(s: &str) -> Option<GoTime> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (digits(b, 0..4)?, digits(b, 5..7)?, digits(b, 8..10)?);
    let (hour, min, sec) = (digits(b, 11..13)?, digits(b, 14..16)?, digits(b, 17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) || hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b[i] == b'.' {
        let start = i + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end == start {
            return None;
        }
        let mut scale = 100_000_000u32;
        for &c in &b[start..end.min(start + 9)] {
            nanos += (c - b'0') as u32 * scale;
            scale /= 10;
        }
        i = end;
    }
    let offset = match b.get(i..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hh = digits(&[*h1, *h2], 0..2)?;
            let mm = digits(&[*m1, *m2], 0..2)?;
            if hh > 23 || mm > 59 {
                return None;
            }
            let off = (hh * 3600 + mm * 60) as i32;
            if *sign == b'-' {
                -off
            } else {
                off
            }
        }
        _ => return None,
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec;
    Some(GoTime { secs: local - offset as i64, nanos, offset })
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_times_round_trip_byte_for_byte() {
        for s in [
            "2026-11-22T11:02:10.864051716Z",
            "2026-11-22T11:01:28.6981554Z",
            "1970-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59.5+02:00",
            "1969-12-31T23:59:59.000000001-05:30",
        ] {
            assert_eq!(GoTime::parse(s).unwrap().rfc3339_nano(), s);
        }
    }

    #[test]
    fn go_normalises_what_it_reads() {
        let t = GoTime::parse("2026-11-22T11:02:10.500000000+00:00").unwrap();
        assert_eq!(t.rfc3339_nano(), "2026-11-22T11:02:10.5Z");
        assert_eq!(GoTime::parse("2026-11-22T11:02:10.1234567891Z").unwrap().rfc3339_nano(), "2026-11-22T11:02:10.123456789Z");
    }

    #[test]
    fn zero_and_epoch_are_what_go_prints() {
        assert!(GoTime::ZERO.is_zero());
        assert_eq!(GoTime::ZERO.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(GoTime::EPOCH.to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(GoTime::parse("0001-01-01T00:00:00Z").unwrap(), GoTime::ZERO);
    }

    #[test]
    fn unix_views_match_docker_images_columns() {
        let t = GoTime::parse("2026-11-22T11:02:30.99Z").unwrap();
        assert_eq!(t.utc_string(), "2026-11-22 11:02:30 +0000 UTC");
        assert_eq!(t.rfc3339_utc(), "2026-11-22T11:02:30Z");
        assert_eq!(GoTime::from_unix(t.unix()).unix_nanos(), t.unix() * 1_000_000_000);
        let offset = GoTime::parse("2026-11-22T13:02:30+02:00").unwrap();
        assert_eq!(offset.unix(), t.unix());
    }

    #[test]
    fn fixed_and_go_string_layouts() {
        let t = GoTime::parse("2026-11-22T11:07:47.76490588Z").unwrap();
        assert_eq!(t.rfc3339_nano_fixed(), "2026-11-22T11:07:47.764905880Z");
        assert_eq!(t.go_string(), "2026-11-22 11:07:47.76490588 +0000 UTC");
        assert_eq!(GoTime::from_unix(0).rfc3339_nano_fixed(), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(GoTime::from_unix(0).go_string(), "1970-01-01 00:00:00 +0000 UTC");
    }

    #[test]
    fn garbage_is_refused() {
        for s in ["", "2026-11-22", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-22T11:02:10.Z", "2026-11-22T11:02:10+0200", "2026-11-22 11:02:10Z"] {
            assert!(GoTime::parse(s).is_err(), "{s}");
        }
    }
}
