//! Template values and how Go prints them: `fmt.Print` (`%v`), `fmt.Sprintf`, and
//! `encoding/json`, over JSON data standing in for Go values.
//!
//! The mapping: a JSON object is a `map[string]interface {}` (keys print sorted, as Go sorts
//! map keys), an array is `[]interface {}`, an integer is `int`, any other number `float64`,
//! `null` is a nil pointer (`<nil>`), and a missing map entry is Go's invalid value
//! (`<no value>`).

use std::borrow::Cow;

use serde_json::Value;

use super::literal::go_quote;
use crate::cli::units::layout_g;

/// A value during execution.
#[derive(Debug, Clone)]
pub(super) enum Val<'d> {
    /// A missing map entry: Go's invalid `reflect.Value`.
    Missing,
    /// A JSON value; `root` marks the data the template runs on (a formatter context in
    /// Docker, which marshals to HTML-escaped JSON and may stand for a Go struct).
    Data { v: Cow<'d, Value>, root: bool },
}

impl<'d> Val<'d> {
    pub fn owned(v: Value) -> Val<'d> {
        Val::Data { v: Cow::Owned(v), root: false }
    }

    pub fn str(s: impl Into<String>) -> Val<'d> {
        Val::owned(Value::String(s.into()))
    }

    pub fn value(&self) -> Option<&Value> {
        match self {
            Val::Missing => None,
            Val::Data { v, .. } => Some(v.as_ref()),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.value().and_then(Value::as_str)
    }

    pub fn is_root(&self) -> bool {
        matches!(self, Val::Data { root: true, .. })
    }

    /// The member `key` of an object, borrowing when the object is borrowed.
    pub fn child(&self, key: &str) -> Option<Val<'d>> {
        match self {
            Val::Data { v: Cow::Borrowed(v), .. } => {
                v.get(key).map(|c| Val::Data { v: Cow::Borrowed(c), root: false })
            }
            Val::Data { v: Cow::Owned(v), .. } => v.get(key).map(|c| Val::owned(c.clone())),
            Val::Missing => None,
        }
    }

    /// Elements of an array, or `(key, value)` of an object in sorted key order.
    pub fn items(&self) -> Vec<(Val<'d>, Val<'d>)> {
        let wrap = |c: &'d Value| Val::Data { v: Cow::Borrowed(c), root: false };
        match self {
            Val::Data { v: Cow::Borrowed(Value::Array(a)), .. } => {
                a.iter().enumerate().map(|(i, c)| (Val::owned(i.into()), wrap(c))).collect()
            }
            Val::Data { v: Cow::Borrowed(Value::Object(m)), .. } => {
                let mut kv: Vec<_> = m.iter().collect();
                crate::sort::by(&mut kv, |a, b| a.0.cmp(b.0));
                kv.into_iter().map(|(k, c)| (Val::str(k.clone()), wrap(c))).collect()
            }
            Val::Data { v: Cow::Owned(Value::Array(a)), .. } => {
                a.iter().enumerate().map(|(i, c)| (Val::owned(i.into()), Val::owned(c.clone()))).collect()
            }
            Val::Data { v: Cow::Owned(Value::Object(m)), .. } => {
                let mut kv: Vec<_> = m.iter().collect();
                crate::sort::by(&mut kv, |a, b| a.0.cmp(b.0));
                kv.into_iter().map(|(k, c)| (Val::str(k.clone()), Val::owned(c.clone()))).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// The Go type a value stands for, as Go's error messages name it.
pub(super) fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's truth: not the zero value of its type.
pub(super) fn truth(v: &Val<'_>) -> bool {
    match v.value() {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(m)) => !m.is_empty(),
    }
}

/// What an action `{{...}}` prints for a value.
pub(super) fn print_value(v: &Val<'_>) -> String {
    match v.value() {
        None => "<no value>".into(),
        Some(v) => fmt_v(v),
    }
}

/// Go's `%v` of a value.
pub(super) fn fmt_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => float_v(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(fmt_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let mut kv: Vec<_> = m.iter().collect();
            crate::sort::by(&mut kv, |a, b| a.0.cmp(b.0));
            let parts: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}:{}", fmt_v(v))).collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// Go's `%v` of a float64, `strconv.FormatFloat(f, 'g', -1, 64)`: shortest digits, exponent
/// form below 1e-4 and from 1e+06 up.
pub(super) fn float_v(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return crate::cli::units::format_g(f, 1);
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    format!("{sign}{}", layout_g(&digits, exp + 1, digits.len(), true))
}

/// `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a
/// string. Missing and nil operands print `<no value>`, as text/template passes them.
pub(super) fn sprint(args: &[Val<'_>]) -> String {
    let mut out = String::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let (text, is_string) = match a.value() {
            None | Some(Value::Null) => ("<no value>".to_string(), true),
            Some(Value::String(s)) => (s.clone(), true),
            Some(v) => (fmt_v(v), false),
        };
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        out.push_str(&text);
        prev_string = is_string;
    }
    out
}

/// `fmt.Sprintln`: operands separated by spaces, then a newline.
pub(super) fn sprintln(args: &[Val<'_>]) -> String {
    let parts: Vec<String> = args.iter().map(|a| sprint(std::slice::from_ref(a))).collect();
    format!("{}\n", parts.join(" "))
}

/// `encoding/json` of a value (compact, map keys sorted); `escape_html` turns `<`, `>`, `&`
/// into `\u003c`, `\u003e`, `\u0026` as `json.Marshal` does.
pub(super) fn go_json(v: &Value, escape_html: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, v, escape_html);
    out
}

fn write_json(out: &mut String, v: &Value, html: bool) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => out.push_str(&i.to_string()),
            (_, Some(u)) => out.push_str(&u.to_string()),
            _ => out.push_str(&json_float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => write_json_string(out, s, html),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, x, html);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut kv: Vec<_> = m.iter().collect();
            crate::sort::by(&mut kv, |a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, x)) in kv.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, k, html);
                out.push(':');
                write_json(out, x, html);
            }
            out.push('}');
        }
    }
}

/// Go's JSON float: shortest digits, exponent form below 1e-6 and from 1e21.
fn json_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let sci = format!("{f:e}");
        let (m, e) = sci.split_once('e').unwrap_or((&sci, "0"));
        let e: i64 = e.parse().unwrap_or(0);
        return if e < 0 { format!("{m}e-{}", -e) } else { format!("{m}e+{e:02}") };
    }
    format!("{f}")
}

fn write_json_string(out: &mut String, s: &str, html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `fmt.Sprintf` for the verbs templates use: `%v %s %d %q %t %f %e %g %x %X %o %b %c %%`,
/// with flags `-+0 #`, width and precision.
pub(super) fn sprintf(format: &str, args: &[Val<'_>]) -> String {
    let mut out = String::new();
    let mut next_arg = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        spec.width = take_number(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.precision = Some(take_number(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next_arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next_arg += 1;
        let v = arg.value().cloned().unwrap_or(Value::Null);
        let body = format_verb(&v, verb, &spec);
        out.push_str(&pad(&body, &spec, matches!(v, Value::Number(_)) && verb != 'q' && verb != 'c'));
    }
    if next_arg < args.len() {
        let extra: Vec<String> = args[next_arg..]
            .iter()
            .map(|a| match a.value() {
                None | Some(Value::Null) => "<nil>".to_string(),
                Some(v) => format!("{}={}", go_type(v), fmt_v(v)),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn take_number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
        chars.next();
    }
    n
}

fn pad(body: &str, spec: &Spec, numeric: bool) -> String {
    let len = body.chars().count();
    let Some(width) = spec.width.filter(|w| *w > len) else { return body.to_string() };
    let fill = width - len;
    if spec.minus {
        return format!("{body}{}", " ".repeat(fill));
    }
    if spec.zero && numeric {
        let (sign, digits) = match body.strip_prefix(['-', '+']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body),
        };
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    format!("{}{body}", " ".repeat(fill))
}

fn bad_verb(verb: char, v: &Value) -> String {
    match v {
        Value::Null => format!("%!{verb}(<nil>)"),
        v => format!("%!{verb}({}={})", go_type(v), fmt_v(v)),
    }
}

fn format_verb(v: &Value, verb: char, spec: &Spec) -> String {
    let sign = |neg: bool| if neg { "-" } else if spec.plus { "+" } else if spec.space { " " } else { "" };
    match (verb, v) {
        ('v', Value::Number(n)) if spec.plus && n.as_f64().is_some_and(|f| f >= 0.0) => format!("+{}", fmt_v(v)),
        ('v', v) => fmt_v(v),
        ('s', Value::String(s)) => match spec.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s.clone(),
        },
        ('s', Value::Array(a)) => {
            format!("[{}]", a.iter().map(|x| format_verb(x, 's', spec)).collect::<Vec<_>>().join(" "))
        }
        ('q', Value::String(s)) => go_quote(s),
        ('t', Value::Bool(b)) => b.to_string(),
        ('d' | 'x' | 'X' | 'o' | 'b' | 'c' | 'q' | 'U', Value::Number(n)) if n.as_i64().is_some() => {
            let i = n.as_i64().unwrap_or(0);
            let u = i.unsigned_abs();
            let body = match verb {
                'd' => u.to_string(),
                'x' => format!("{}{u:x}", if spec.sharp { "0x" } else { "" }),
                'X' => format!("{}{u:X}", if spec.sharp { "0X" } else { "" }),
                'o' => format!("{}{u:o}", if spec.sharp { "0" } else { "" }),
                'b' => format!("{u:b}"),
                'U' => return format!("U+{:04X}", i),
                _ => {
                    let c = u32::try_from(i).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                    return if verb == 'c' { c.to_string() } else { format!("'{c}'") };
                }
            };
            format!("{}{body}", sign(i < 0))
        }
        ('x' | 'X', Value::String(s)) => {
            let h = hex::encode(s.as_bytes());
            if verb == 'X' {
                h.to_uppercase()
            } else {
                h
            }
        }
        ('f' | 'F' | 'e' | 'E' | 'g' | 'G', Value::Number(n)) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            let body = match verb {
                'f' | 'F' => format!("{:.*}", spec.precision.unwrap_or(6), f.abs()),
                'e' | 'E' => {
                    let s = go_exp(f.abs(), spec.precision.unwrap_or(6));
                    if verb == 'E' {
                        s.to_uppercase()
                    } else {
                        s
                    }
                }
                _ => match spec.precision {
                    Some(p) => crate::cli::units::format_g(f.abs(), p),
                    None => float_v(f.abs()),
                },
            };
            format!("{}{body}", sign(f.is_sign_negative()))
        }
        _ => bad_verb(verb, v),
    }
}

/// Go's `%.*e`: mantissa, `e`, sign, at least two exponent digits.
fn go_exp(f: f64, precision: usize) -> String {
    let s = format!("{f:.precision$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i64 = e.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}
