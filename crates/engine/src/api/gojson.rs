//! JSON the way Go's `encoding/json` writes it, so wharf's bytes are Docker's bytes.
//!
//! Two differences from serde_json matter: Go escapes `<`, `>` and `&` as `\u003c`, `\u003e` and
//! `\u0026` (and U+2028/U+2029), and Go's `json.Indent` is what `docker inspect` prints. Struct
//! fields keep their declaration order in both; Go sorts map keys, as serde_json's `BTreeMap`
//! and (without `preserve_order`) `Value` maps do.

use serde::Serialize;

/// Go's HTML-safe escaping, applied to serde_json's output. Safe as a textual pass because these
/// characters never occur in JSON outside strings.
fn go_escape(json: String) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `json.Marshal(v)`: compact, HTML-escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(go_escape(serde_json::to_string(value)?))
}

/// `json.NewEncoder(w).Encode(v)`: [`to_string`] plus a newline (how `docker save` writes
/// `manifest.json` and `repositories`).
pub fn to_line<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut s = to_string(value)?;
    s.push('\n');
    Ok(s)
}

/// `json.MarshalIndent(v, "", indent)` (equivalently `json.Indent` of [`to_string`]).
pub fn to_string_indent<T: Serialize + ?Sized>(value: &T, indent: &str) -> Result<String, serde_json::Error> {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes()));
    value.serialize(&mut ser)?;
    // serde_json writes only UTF-8.
    Ok(go_escape(String::from_utf8_lossy(&buf).into_owned()))
}

/// What `dockerd` answers: its `httputils.WriteJSON` turns HTML escaping off, and the CLI's
/// `json.Indent` keeps the bytes, so `docker inspect` prints `>&2` as is. Indented like
/// [`to_string_indent`], without Go's HTML escaping.
pub fn to_string_indent_raw<T: Serialize + ?Sized>(value: &T, indent: &str) -> Result<String, serde_json::Error> {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes()));
    value.serialize(&mut ser)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Compact JSON without HTML escaping: the daemon's encoding, and the docker CLI's `json`
/// template function (which calls `SetEscapeHTML(false)`).
pub fn to_string_raw<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn html_characters_are_escaped_like_go() {
        let v = vec!["/bin/sh -c echo \"a\" > /x && true", "<none>"];
        assert_eq!(to_string(&v).unwrap(), r#"["/bin/sh -c echo \"a\" \u003e /x \u0026\u0026 true","\u003cnone\u003e"]"#);
    }

    #[test]
    fn indent_matches_json_indent() {
        let mut m = BTreeMap::new();
        m.insert("b", vec![1, 2]);
        m.insert("a", vec![]);
        assert_eq!(to_string_indent(&m, "    ").unwrap(), "{\n    \"a\": [],\n    \"b\": [\n        1,\n        2\n    ]\n}");
        assert_eq!(to_line(&m).unwrap(), "{\"a\":[],\"b\":[1,2]}\n");
    }

    #[test]
    fn the_daemons_encoding_does_not_escape_html() {
        let v = vec!["a >&2"];
        assert_eq!(to_string_raw(&v).unwrap(), r#"["a >&2"]"#);
        assert_eq!(to_string_indent_raw(&v, "  ").unwrap(), "[\n  \"a >&2\"\n]");
    }
}
