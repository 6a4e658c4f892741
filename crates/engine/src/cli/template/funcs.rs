//! The functions a `--format` template can call: Go's builtins (`and`, `index`, `len`,
//! `printf`, `eq`...) and the docker CLI's (`json`, `join`, `split`, `upper`, `lower`,
//! `title`, `pad`, `truncate`), plus the CLI's header variants, which leave a table header
//! intact (`upper "IMAGE ID"` stays `IMAGE ID`).

use serde_json::Value;

use super::value::{fmt_v, go_json, go_type, sprint, sprintf, sprintln, truth, Val};

/// What a parameter accepts; the names are the Go types error messages quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Param {
    /// `interface {}` (or `reflect.Value`): anything.
    Any,
    Str,
    Int,
    StrList,
}

impl Param {
    pub fn go_name(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::Str => "string",
            Param::Int => "int",
            Param::StrList => "[]string",
        }
    }
}

/// A function's parameters: fixed ones, then optionally a variadic tail.
pub(super) struct Sig {
    pub fixed: &'static [Param],
    pub variadic: Option<Param>,
}

const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
    "eq", "ge", "gt", "le", "lt", "ne",
];
const DOCKER: &[&str] = &["json", "split", "join", "title", "lower", "upper", "pad", "truncate"];

/// Whether `name` is a function a Docker template may call (parse-time check).
pub(super) fn is_function(name: &str) -> bool {
    BUILTINS.contains(&name) || DOCKER.contains(&name)
}

/// The signature of `name`; `header` selects the CLI's header variants.
pub(super) fn signature(name: &str, header: bool) -> Option<Sig> {
    use Param::*;
    let sig = |fixed: &'static [Param], variadic: Option<Param>| Some(Sig { fixed, variadic });
    match (name, header) {
        ("json" | "title" | "lower" | "upper", true) => sig(&[Str], None),
        ("split" | "join", true) => sig(&[Str, Str], None),
        ("truncate", true) => sig(&[Str, Int], None),
        ("and" | "or" | "index" | "slice" | "call" | "eq", _) => sig(&[Any], Some(Any)),
        ("not" | "len" | "json", _) => sig(&[Any], None),
        ("print" | "println" | "html" | "js" | "urlquery", _) => sig(&[], Some(Any)),
        ("printf", _) => sig(&[Str], Some(Any)),
        ("ne" | "lt" | "le" | "gt" | "ge", _) => sig(&[Any, Any], None),
        ("split", _) => sig(&[Str, Str], None),
        ("join", _) => sig(&[StrList, Str], None),
        ("title" | "lower" | "upper", _) => sig(&[Str], None),
        ("pad", _) => sig(&[Str, Int, Int], None),
        ("truncate", _) => sig(&[Str, Int], None),
        _ => None,
    }
}

/// Calls `name` with arguments already checked against its signature. An error is the text
/// after `error calling NAME: `.
pub(super) fn call<'d>(
    name: &str,
    args: Vec<Val<'d>>,
    header: bool,
    escape_root_json: bool,
) -> Result<Val<'d>, String> {
    let s = |i: usize| args.get(i).and_then(Val::as_str).unwrap_or("").to_string();
    let int = |i: usize| args.get(i).and_then(Val::value).and_then(Value::as_i64).unwrap_or(0);
    if header {
        if let "json" | "title" | "lower" | "upper" | "split" | "join" | "truncate" = name {
            return Ok(Val::str(s(0)));
        }
    }
    Ok(match name {
        "not" => Val::owned(Value::Bool(!truth(&args[0]))),
        "len" => Val::owned(length(&args[0])?.into()),
        "index" => index(&args[0], &args[1..])?,
        "slice" => slice(&args[0], &args[1..])?,
        "call" => {
            return Err(match args[0].value() {
                None | Some(Value::Null) => "call of nil".into(),
                Some(v) => format!("non-function of type {}", go_type(v)),
            })
        }
        "print" => Val::str(sprint(&args)),
        "println" => Val::str(sprintln(&args)),
        "printf" => Val::str(sprintf(&s(0), &args[1..])),
        "html" => Val::str(html_escape(&eval_args(&args))),
        "js" => Val::str(js_escape(&eval_args(&args))),
        "urlquery" => Val::str(query_escape(&eval_args(&args))),
        "eq" => Val::owned(Value::Bool(eq(&args[0], &args[1..])?)),
        "ne" => Val::owned(Value::Bool(!eq(&args[0], &args[1..])?)),
        "lt" => Val::owned(Value::Bool(lt(&args[0], &args[1])?)),
        "le" => Val::owned(Value::Bool(lt(&args[0], &args[1])? || eq(&args[0], &args[1..])?)),
        "gt" => Val::owned(Value::Bool(!(lt(&args[0], &args[1])? || eq(&args[0], &args[1..])?))),
        "ge" => Val::owned(Value::Bool(!lt(&args[0], &args[1])?)),
        "json" => {
            let escape = escape_root_json && args[0].is_root();
            Val::str(go_json(args[0].value().unwrap_or(&Value::Null), escape))
        }
        "split" => Val::owned(Value::Array(split(&s(0), &s(1)).into_iter().map(Value::String).collect())),
        "join" => {
            let list = args[0].value().and_then(Value::as_array).into_iter().flatten();
            let list: Vec<&str> = list.filter_map(Value::as_str).collect();
            Val::str(list.join(&s(1)))
        }
        "title" => Val::str(title(&s(0))),
        "lower" => Val::str(map_chars(&s(0), char::to_lowercase)),
        "upper" => Val::str(map_chars(&s(0), char::to_uppercase)),
        "pad" => {
            let (source, prefix, suffix) = (s(0), int(1), int(2));
            if source.is_empty() {
                return Ok(Val::str(""));
            }
            if prefix < 0 || suffix < 0 {
                return Err("strings: negative Repeat count".into());
            }
            Val::str(format!("{}{source}{}", " ".repeat(prefix as usize), " ".repeat(suffix as usize)))
        }
        "truncate" => {
            let (source, length) = (s(0), int(1));
            if (source.len() as i64) < length {
                return Ok(Val::str(source));
            }
            if length < 0 {
                return Err(format!("runtime error: slice bounds out of range [:{length}]"));
            }
            Val::str(String::from_utf8_lossy(&source.as_bytes()[..length as usize]).into_owned())
        }
        _ => return Err(format!("{name} is not implemented")),
    })
}

fn length(v: &Val<'_>) -> Result<usize, String> {
    match v.value() {
        None | Some(Value::Null) => Err("len of nil pointer".into()),
        Some(Value::String(s)) => Ok(s.len()),
        Some(Value::Array(a)) => Ok(a.len()),
        Some(Value::Object(m)) => Ok(m.len()),
        Some(v) => Err(format!("len of type {}", go_type(v))),
    }
}

fn index_int(idx: &Val<'_>) -> Result<i64, String> {
    match idx.value() {
        None | Some(Value::Null) => Err("cannot index slice/array with nil".into()),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64().unwrap_or(0)),
        Some(v) => Err(format!("cannot index slice/array with type {}", go_type(v))),
    }
}

/// Go's `index`. A missing map key gives the map's zero value: `""` for a map of strings (the
/// typed `map[string]string` labels Docker indexes), `<nil>` otherwise.
fn index<'d>(item: &Val<'d>, indexes: &[Val<'d>]) -> Result<Val<'d>, String> {
    if matches!(item.value(), None | Some(Value::Null)) {
        return Err("index of untyped nil".into());
    }
    let mut item = item.clone();
    for idx in indexes {
        item = match item.value() {
            None | Some(Value::Null) => return Err("index of nil pointer".into()),
            Some(Value::Array(a)) => {
                let i = index_int(idx)?;
                if i < 0 || i as usize >= a.len() {
                    return Err(format!("index out of range: {i}"));
                }
                item.items().swap_remove(i as usize).1
            }
            Some(Value::String(s)) => {
                let i = index_int(idx)?;
                match usize::try_from(i).ok().and_then(|i| s.as_bytes().get(i)) {
                    Some(b) => Val::owned((*b).into()),
                    None => return Err(format!("index out of range: {i}")),
                }
            }
            Some(Value::Object(m)) => {
                let key = match idx.value() {
                    Some(Value::String(k)) => k.clone(),
                    None | Some(Value::Null) => return Err("value is nil; should be of type string".into()),
                    Some(v) => return Err(format!("value has type {}; should be string", go_type(v))),
                };
                match item.child(&key) {
                    Some(v) => v,
                    None if m.values().all(Value::is_string) => Val::str(""),
                    None => Val::owned(Value::Null),
                }
            }
            Some(v) => return Err(format!("can't index item of type {}", go_type(v))),
        };
    }
    Ok(item)
}

/// Go's `slice item [i [j]]` over strings (bytes) and arrays.
fn slice<'d>(item: &Val<'d>, indexes: &[Val<'d>]) -> Result<Val<'d>, String> {
    let len = match item.value() {
        None | Some(Value::Null) => return Err("slice of untyped nil".into()),
        Some(Value::String(s)) => s.len(),
        Some(Value::Array(a)) => a.len(),
        Some(v) => return Err(format!("can't slice item of type {}", go_type(v))),
    };
    if indexes.len() > 2 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let mut bounds = [0, len];
    for (k, idx) in indexes.iter().enumerate() {
        let i = index_int(idx)?;
        if i < 0 || i as usize > len {
            return Err(format!("index out of range: {i}"));
        }
        bounds[k] = i as usize;
    }
    if bounds[0] > bounds[1] {
        return Err(format!("invalid slice index: {} > {}", bounds[0], bounds[1]));
    }
    Ok(match item.value() {
        Some(Value::String(s)) => Val::str(String::from_utf8_lossy(&s.as_bytes()[bounds[0]..bounds[1]]).into_owned()),
        Some(Value::Array(a)) => Val::owned(Value::Array(a[bounds[0]..bounds[1]].to_vec())),
        _ => Val::Missing,
    })
}

#[derive(PartialEq)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
    Other,
}

fn kind(v: &Val<'_>) -> Kind {
    match v.value() {
        None | Some(Value::Null) => Kind::Invalid,
        Some(Value::Bool(_)) => Kind::Bool,
        Some(Value::Number(n)) if n.is_f64() => Kind::Float,
        Some(Value::Number(_)) => Kind::Int,
        Some(Value::String(_)) => Kind::Str,
        Some(_) => Kind::Other,
    }
}

/// Go's `eq arg1 arg2...`: true if `arg1` equals any of the others.
fn eq(a: &Val<'_>, others: &[Val<'_>]) -> Result<bool, String> {
    if others.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let ka = kind(a);
    for b in others {
        let kb = kind(b);
        let same = if ka != kb {
            if ka != Kind::Invalid && kb != Kind::Invalid {
                return Err("incompatible types for comparison".into());
            }
            false
        } else {
            match (a.value(), b.value()) {
                (Some(Value::Number(x)), Some(Value::Number(y))) => {
                    x.as_f64() == y.as_f64() && x.as_i64() == y.as_i64()
                }
                (Some(x @ (Value::Array(_) | Value::Object(_))), _) => {
                    return Err(format!("non-comparable type {}: {}", fmt_v(x), go_type(x)));
                }
                (x, y) => x.unwrap_or(&Value::Null) == y.unwrap_or(&Value::Null),
            }
        };
        if same {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`, on which `le`, `gt` and `ge` are built.
fn lt(a: &Val<'_>, b: &Val<'_>) -> Result<bool, String> {
    let (ka, kb) = (kind(a), kind(b));
    for k in [&ka, &kb] {
        if matches!(k, Kind::Invalid | Kind::Other) {
            return Err("invalid type for comparison".into());
        }
    }
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    Ok(match (a.value(), b.value()) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x < y,
            _ => x.as_f64() < y.as_f64(),
        },
        (Some(Value::String(x)), Some(Value::String(y))) => x < y,
        _ => return Err("invalid type for comparison".into()),
    })
}

/// text/template's `evalArgs`: a lone string as is, anything else through `fmt.Sprint`.
fn eval_args(args: &[Val<'_>]) -> String {
    match args {
        [one] if one.as_str().is_some() => one.as_str().unwrap_or("").to_string(),
        _ => sprint(args),
    }
}

fn html_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' | '>' | '&' | '=' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if (c as u32) < 0x20 || c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `strings.Split`: an empty separator splits into characters.
fn split(s: &str, sep: &str) -> Vec<String> {
    if sep.is_empty() {
        return s.chars().map(String::from).collect();
    }
    s.split(sep).map(str::to_string).collect()
}

/// Maps each character on its own, keeping it when its mapping is not a single character
/// (Go's `unicode.ToUpper` has no multi-character mappings: `ß` stays `ß`).
fn map_chars<I: Iterator<Item = char>>(s: &str, f: fn(char) -> I) -> String {
    s.chars()
        .map(|c| {
            let mut m = f(c);
            match (m.next(), m.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        })
        .collect()
}

/// `strings.Title`: upper-cases the first letter of each word.
fn title(s: &str) -> String {
    let is_separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            !(c.is_alphanumeric()) && c.is_whitespace()
        }
    };
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) { map_chars(&c.to_string(), char::to_uppercase) } else { c.to_string() };
            prev = c;
            out
        })
        .collect()
}
