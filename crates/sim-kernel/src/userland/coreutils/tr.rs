//! `tr`: translate, delete (`-d`) and squeeze (`-s`) characters, with ranges, classes and
//! escapes in the sets.

use super::args::{HasArg, Spec};
use super::util::{ql, Io};

/// Expands a `tr` set (`a-z`, `[:digit:]`, `\n`, `[x*3]`) into its characters.
fn expand(set: &str) -> Result<Vec<char>, String> {
    let c: Vec<char> = set.chars().collect();
    let mut out: Vec<char> = Vec::new();
    let mut i = 0;
    let unescape = |c: &[char], i: &mut usize| -> char {
        let ch = c[*i];
        *i += 1;
        if ch != '\\' || *i >= c.len() {
            return ch;
        }
        let n = c[*i];
        *i += 1;
        match n {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '0'..='7' => {
                let mut v = n as u32 - '0' as u32;
                for _ in 0..2 {
                    if *i < c.len() && ('0'..='7').contains(&c[*i]) {
                        v = v * 8 + (c[*i] as u32 - '0' as u32);
                        *i += 1;
                    }
                }
                char::from_u32(v).unwrap_or('?')
            }
            other => other,
        }
    };
    while i < c.len() {
        if c[i] == '[' && c.get(i + 1) == Some(&':') {
            if let Some(end) = (i + 2..c.len().saturating_sub(1)).find(|&j| c[j] == ':' && c[j + 1] == ']') {
                let name: String = c[i + 2..end].iter().collect();
                let pred: fn(&char) -> bool = match name.as_str() {
                    "alpha" => |x| x.is_ascii_alphabetic(),
                    "digit" => |x| x.is_ascii_digit(),
                    "alnum" => |x| x.is_ascii_alphanumeric(),
                    "upper" => |x| x.is_ascii_uppercase(),
                    "lower" => |x| x.is_ascii_lowercase(),
                    "space" => |x| x.is_ascii_whitespace() || *x == '\x0b',
                    "blank" => |x| *x == ' ' || *x == '\t',
                    "punct" => |x| x.is_ascii_punctuation(),
                    "xdigit" => |x| x.is_ascii_hexdigit(),
                    "cntrl" => |x| x.is_ascii_control(),
                    "print" => |x| (' '..='~').contains(x),
                    "graph" => |x| ('!'..='~').contains(x),
                    _ => return Err(format!("invalid character class {}", ql(&name))),
                };
                out.extend((0u8..128).map(char::from).filter(pred));
                i = end + 2;
                continue;
            }
        }
        if c[i] == '[' && c.get(i + 2) == Some(&'*') {
            if let Some(end) = (i + 3..c.len()).find(|&j| c[j] == ']') {
                let n: String = c[i + 3..end].iter().collect();
                let count = if n.is_empty() { 0 } else { n.parse::<usize>().map_err(|_| format!("invalid repeat count {} in [c*n] construct", ql(&n)))? };
                out.extend(std::iter::repeat_n(c[i + 1], if count == 0 { 1 << 16 } else { count.min(1 << 16) }));
                i = end + 1;
                continue;
            }
        }
        let first = unescape(&c, &mut i);
        if i + 1 < c.len() && c[i] == '-' {
            i += 1;
            let last = unescape(&c, &mut i);
            if last < first {
                return Err(format!("range-endpoints of '{first}-{last}' are in reverse collating sequence order"));
            }
            out.extend(first..=last);
        } else {
            out.push(first);
        }
    }
    Ok(out)
}

/// `tr [-c] [-d] [-s] SET1 [SET2]`.
pub async fn tr(mut io: Io) -> i32 {
    let spec = Spec { short: "cCdst", long: &[("complement", HasArg::No, 'c'), ("delete", HasArg::No, 'd'), ("squeeze-repeats", HasArg::No, 's'), ("truncate-set1", HasArg::No, 't')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... STRING1 [STRING2]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let (del, sq, comp) = (a.has('d'), a.has('s'), a.has('c') || a.has('C'));
    let ops = &a.operands;
    let need_two = !del && (!sq || ops.len() != 1);
    if ops.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    if need_two && ops.len() < 2 {
        io.err(&format!("missing operand after {}", ql(&ops[0]))).await;
        io.err_raw("Two strings must be given when translating.\n").await;
        return io.usage("", 1).await;
    }
    let max = if need_two || (del && sq) { 2 } else { 1 };
    if ops.len() > max {
        let msg = format!("extra operand {}", ql(&ops[max]));
        return io.usage(&msg, 1).await;
    }
    let (set1, set2) = match (expand(&ops[0]), ops.get(1).map(|s| expand(s)).transpose()) {
        (Ok(a), Ok(b)) => (a, b.unwrap_or_default()),
        (Err(m), _) | (_, Err(m)) => {
            io.err(&m).await;
            return 1;
        }
    };
    let in1 = |ch: char| set1.contains(&ch) != comp;
    let data = io.p.read_to_end(0).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&data);
    let mut out = String::with_capacity(text.len());
    let squeeze_set: &[char] = if del || ops.len() == 1 { &set1 } else { &set2 };
    let in_squeeze = |ch: char| if del || ops.len() == 1 { squeeze_set.contains(&ch) != comp } else { squeeze_set.contains(&ch) };
    for ch in text.chars() {
        let mapped = if del {
            if in1(ch) {
                continue;
            }
            ch
        } else if ops.len() >= 2 && in1(ch) {
            if comp {
                *set2.last().unwrap_or(&ch)
            } else {
                let idx = set1.iter().position(|&x| x == ch).unwrap_or(0);
                *set2.get(idx).or(set2.last()).unwrap_or(&ch)
            }
        } else {
            ch
        };
        if sq && in_squeeze(mapped) && out.ends_with(mapped) {
            continue;
        }
        out.push(mapped);
    }
    io.out(&out);
    io.finish(0).await
}
