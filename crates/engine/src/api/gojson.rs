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
    Ok(go_escape(indented(&serde_json::to_string(value)?, indent)))
}

/// What `dockerd` answers: its `httputils.WriteJSON` turns HTML escaping off, and the CLI's
/// `json.Indent` keeps the bytes, so `docker inspect` prints `>&2` as is. Indented like
/// [`to_string_indent`], without Go's HTML escaping.
pub fn to_string_indent_raw<T: Serialize + ?Sized>(value: &T, indent: &str) -> Result<String, serde_json::Error> {
    Ok(indented(&serde_json::to_string(value)?, indent))
}

/// `serde_json::to_value`, by way of the compact text. Each type then has one serialiser
/// (serde_json's compact writer) rather than one per output shape: a big derived type like
/// `ContainerJson` is a dozen KB of wasm per serialiser. The value is the same: both turn
/// structs into maps with sorted keys, and the types here have no `f32` (whose text reads
/// back as a different `f64`).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// Go's `json.Indent` of compact JSON (serde_json's compact output has no whitespace outside
/// strings): each element on its own line, `indent` per level, `": "` after keys, and empty
/// arrays and objects kept as `[]` and `{}`. One function for every type, instead of a
/// serde `PrettyFormatter` serialiser per type.
fn indented(compact: &str, indent: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    };
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                if chars.peek().is_some_and(|&next| next == '}' || next == ']') {
                    out.push(chars.next().expect("peeked"));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                out.pop();
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => newline(&mut out, depth),
            ':' => out.push(' '),
            _ => {}
        }
    }
    out
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
    fn indented_text_is_serde_jsons_pretty_output() {
        let v = serde_json::json!({
            "s": "a {b} [c], d: \"e\" \\",
            "empty": {"a": [], "o": {}, "n": null},
            "list": [1, -2.5, true, {"k": [[], [{}], "x"]}],
            "quote\\\"": "\\",
        });
        for indent in ["    ", "  ", "\t"] {
            let mut want = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut want, serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes()));
            v.serialize(&mut ser).unwrap();
            assert_eq!(to_string_indent_raw(&v, indent).unwrap(), String::from_utf8(want).unwrap());
        }
        assert_eq!(to_string_indent_raw(&Vec::<u8>::new(), "  ").unwrap(), "[]");
        assert_eq!(to_string_indent_raw(&7, "  ").unwrap(), "7");
    }

    #[test]
    fn to_value_is_serde_jsons() {
        #[derive(Serialize)]
        struct S {
            z: u64,
            a: Option<String>,
            f: f64,
            m: BTreeMap<u32, Vec<i64>>,
        }
        let s = S { z: u64::MAX, a: None, f: 0.1, m: BTreeMap::from([(3, vec![-1, 2])]) };
        assert_eq!(to_value(&s).unwrap(), serde_json::to_value(&s).unwrap());
    }

    #[test]
    fn the_daemons_encoding_does_not_escape_html() {
        let v = vec!["a >&2"];
        assert_eq!(to_string_raw(&v).unwrap(), r#"["a >&2"]"#);
        assert_eq!(to_string_indent_raw(&v, "  ").unwrap(), "[\n  \"a >&2\"\n]");
    }
}
