//! `%XX` and `+` decoding, as in URL queries and HTML forms: the Engine API's query strings
//! (natively), a playground address's `?pack=`, a form a stand-in web server reads.

/// Decodes `%XX` escapes and `+` (a space); a `%` not followed by two hex digits stays as it is.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn escapes_and_pluses_are_decoded() {
        assert_eq!(decode("%7B%22status%22%3A%7B%7D%7D"), r#"{"status":{}}"#);
        assert_eq!(decode("my%2Dsecret+pw"), "my-secret pw");
        assert_eq!(decode("a+b%2"), "a b%2", "a cut escape stays");
        assert_eq!(decode("100%zz"), "100%zz");
    }
}
