//! Go's `strconv.Quote`, which `docker ps` applies to `COMMAND`: double quotes, backslash
//! escapes, printable Unicode kept as is (so the `…` of a truncated command stays one
//! character).

/// Whether Go's `unicode.IsPrint` holds, approximated for non-ASCII: controls, separators
/// other than the ASCII space, and the invisible format characters are not printable.
fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control() || c.is_whitespace() || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}'))
}

/// `strconv.Quote(s)`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote(r#"sh -c 'trap "exit 0…"#), r#""sh -c 'trap \"exit 0…""#);
        assert_eq!(quote("a\tb\n\u{1}\u{7f}\u{a0}é"), r#""a\tb\n\x01\x7f\u00a0é""#);
        assert_eq!(quote(r"C:\x"), r#""C:\\x""#);
    }
}
