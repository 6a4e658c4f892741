//! Arithmetic expansion `$((...))`: 64-bit integers with C's operators, as ash evaluates
//! them.
//!
//! Evaluation happens while parsing (precedence climbing). Branches that `&&`, `||` and `?:`
//! skip are still parsed and checked (ash reports `divide by zero` even there) but their
//! assignments do not happen. A variable whose value is not a number is itself evaluated
//! as an expression, as ash does (`x=1+2; echo $((x*2))` prints 6).

/// What arithmetic needs from the shell: reading and setting variables.
pub trait ArithEnv {
    /// The value of a variable, if set.
    fn get(&self, name: &str) -> Option<String>;
    /// Sets a variable; `Err` carries the error text (a read-only variable).
    fn set(&mut self, name: &str, value: i64) -> Result<(), String>;
}

/// An arithmetic error, as ash words it (after `sh: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithError(pub String);

type R<T> = Result<T, ArithError>;

fn syntax() -> ArithError {
    ArithError("arithmetic syntax error".into())
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: [&str; 40] = [
    "<<=", ">>=", "**=", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "+", "-", "*", "/",
    "%", "<", ">", "&", "|", "^", "!", "~", "?", ":", "(", ")", "=", ",",
];

fn tokenize(s: &str) -> R<Vec<T>> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_digit() {
            let start = i;
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_' || c[i] == '#') {
                i += 1;
            }
            out.push(T::Num(parse_number(&c[start..i].iter().collect::<String>()).ok_or_else(syntax)?));
        } else if ch.is_ascii_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(T::Name(c[start..i].iter().collect()));
        } else {
            let op = OPS.iter().find(|op| op.chars().enumerate().all(|(k, oc)| c.get(i + k) == Some(&oc))).ok_or_else(syntax)?;
            i += op.len();
            out.push(T::Op(op));
        }
    }
    Ok(out)
}

/// Parses a C integer constant: decimal, `0x` hex, `0` octal, `base#digits`.
pub fn parse_number(s: &str) -> Option<i64> {
    if let Some((base, digits)) = s.split_once('#') {
        let base: u32 = base.parse().ok().filter(|b| (2..=36).contains(b))?;
        return u64::from_str_radix(digits, base).ok().map(|v| v as i64);
    }
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(digits, radix).ok().map(|v| v as i64)
}

struct Eval<'a> {
    toks: Vec<T>,
    pos: usize,
    env: &'a mut dyn ArithEnv,
    depth: u32,
    /// Parentheses and prefix operators open right now (bounded: the evaluator recurses).
    nesting: u32,
}

/// A value and, if it came straight from a variable, that variable's name (for `=`, `++`).
type V = (i64, Option<String>);

/// Evaluates `expr`; an empty expression is 0.
pub fn eval(expr: &str, env: &mut dyn ArithEnv) -> Result<i64, ArithError> {
    eval_depth(expr, env, 0)
}

fn eval_depth(expr: &str, env: &mut dyn ArithEnv, depth: u32) -> R<i64> {
    if depth > 32 {
        return Err(ArithError("expression recursion loop detected".into()));
    }
    let toks = tokenize(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut e = Eval { toks, pos: 0, env, depth, nesting: 0 };
    let v = e.comma(true)?;
    if e.pos != e.toks.len() {
        return Err(syntax());
    }
    Ok(v)
}

fn binary_prec(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | ">" | "<=" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        "**" => 11,
        _ => return None,
    })
}

fn apply(op: &str, a: i64, b: i64) -> R<i64> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" if b == 0 => return Err(ArithError("divide by zero".into())),
        "/" => a.wrapping_div(b),
        "%" => a.wrapping_rem(b),
        "**" if b < 0 => return Err(ArithError("exponent less than 0".into())),
        "**" => a.wrapping_pow(b.min(u32::MAX as i64) as u32),
        "<<" => a.wrapping_shl(b as u32),
        ">>" => a.wrapping_shr(b as u32),
        "<" => (a < b) as i64,
        ">" => (a > b) as i64,
        "<=" => (a <= b) as i64,
        ">=" => (a >= b) as i64,
        "==" => (a == b) as i64,
        "!=" => (a != b) as i64,
        "&" => a & b,
        "|" => a | b,
        "^" => a ^ b,
        "&&" => (a != 0 && b != 0) as i64,
        "||" => (a != 0 || b != 0) as i64,
        _ => return Err(syntax()),
    })
}

impl Eval<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some(T::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn value_of(&mut self, name: &str) -> R<i64> {
        match self.env.get(name) {
            None => Ok(0),
            Some(v) if v.trim().is_empty() => Ok(0),
            Some(v) => match parse_number(v.trim()) {
                Some(n) => Ok(n),
                None => match v.trim().strip_prefix('-').and_then(parse_number) {
                    Some(n) => Ok(n.wrapping_neg()),
                    None => eval_depth(&v, self.env, self.depth + 1),
                },
            },
        }
    }

    fn store(&mut self, name: &str, v: i64, live: bool) -> R<()> {
        if live {
            self.env.set(name, v).map_err(ArithError)?;
        }
        Ok(())
    }

    fn comma(&mut self, live: bool) -> R<i64> {
        let mut v = self.assign(live)?;
        while self.peek_op() == Some(",") {
            self.pos += 1;
            v = self.assign(live)?;
        }
        Ok(v)
    }

    fn assign(&mut self, live: bool) -> R<i64> {
        if let (Some(T::Name(name)), Some(T::Op(op))) = (self.toks.get(self.pos).cloned(), self.toks.get(self.pos + 1).cloned()) {
            if op == "=" || (op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=")) {
                self.pos += 2;
                let rhs = self.assign(live)?;
                let v = if op == "=" { rhs } else { apply(&op[..op.len() - 1], self.value_of(&name)?, rhs)? };
                self.store(&name, v, live)?;
                return Ok(v);
            }
        }
        self.ternary(live)
    }

    fn ternary(&mut self, live: bool) -> R<i64> {
        let cond = self.binary(0, live)?;
        if self.peek_op() != Some("?") {
            return Ok(cond);
        }
        self.pos += 1;
        let a = self.comma(live && cond != 0)?;
        if self.peek_op() != Some(":") {
            return Err(syntax());
        }
        self.pos += 1;
        let b = self.assign(live && cond == 0)?;
        Ok(if cond != 0 { a } else { b })
    }

    fn binary(&mut self, min: u8, live: bool) -> R<i64> {
        let mut lhs = self.unary(live)?.0;
        while let Some(op) = self.peek_op() {
            let Some(prec) = binary_prec(op) else { break };
            if prec <= min {
                break;
            }
            self.pos += 1;
            let rhs_live = match op {
                "&&" => live && lhs != 0,
                "||" => live && lhs == 0,
                _ => live,
            };
            let next_min = if op == "**" { prec - 1 } else { prec };
            let rhs = self.binary(next_min, rhs_live)?;
            lhs = apply(op, lhs, rhs)?;
        }
        Ok(lhs)
    }

    /// Every way the evaluator recurses passes through here, so the nesting is counted here.
    fn unary(&mut self, live: bool) -> R<V> {
        if self.nesting >= 200 {
            return Err(syntax());
        }
        self.nesting += 1;
        let r = self.unary_inner(live);
        self.nesting -= 1;
        r
    }

    fn unary_inner(&mut self, live: bool) -> R<V> {
        match self.toks.get(self.pos).cloned() {
            Some(T::Op(op @ ("+" | "-" | "!" | "~"))) => {
                self.pos += 1;
                let (v, _) = self.unary(live)?;
                Ok((
                    match op {
                        "+" => v,
                        "-" => v.wrapping_neg(),
                        "!" => (v == 0) as i64,
                        _ => !v,
                    },
                    None,
                ))
            }
            Some(T::Op(op @ ("++" | "--"))) => {
                self.pos += 1;
                let Some(T::Name(name)) = self.toks.get(self.pos).cloned() else { return Err(syntax()) };
                self.pos += 1;
                let v = self.value_of(&name)?.wrapping_add(if op == "++" { 1 } else { -1 });
                self.store(&name, v, live)?;
                Ok((v, None))
            }
            _ => self.postfix(live),
        }
    }

    fn postfix(&mut self, live: bool) -> R<V> {
        let v = self.primary(live)?;
        if let (Some(op @ ("++" | "--")), Some(name)) = (self.peek_op(), &v.1) {
            self.pos += 1;
            let name = name.clone();
            self.store(&name, v.0.wrapping_add(if op == "++" { 1 } else { -1 }), live)?;
            return Ok((v.0, None));
        }
        Ok(v)
    }

    fn primary(&mut self, live: bool) -> R<V> {
        match self.toks.get(self.pos).cloned() {
            Some(T::Num(n)) => {
                self.pos += 1;
                Ok((n, None))
            }
            Some(T::Name(name)) => {
                self.pos += 1;
                Ok((self.value_of(&name)?, Some(name)))
            }
            Some(T::Op("(")) => {
                self.pos += 1;
                let v = self.comma(live)?;
                if self.peek_op() != Some(")") {
                    return Err(syntax());
                }
                self.pos += 1;
                Ok((v, None))
            }
            _ => Err(syntax()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    impl ArithEnv for BTreeMap<String, String> {
        fn get(&self, name: &str) -> Option<String> {
            BTreeMap::get(self, name).cloned()
        }
        fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
            self.insert(name.into(), value.to_string());
            Ok(())
        }
    }

    #[test]
    fn operators_precedence_and_variables_follow_ash() {
        let mut env = BTreeMap::new();
        env.insert("x".to_string(), "3".to_string());
        env.insert("e".to_string(), "1+2".to_string());
        let cases = [
            ("1+2*3", 7),
            ("(1+2)*3", 9),
            ("2**3**2", 512),
            ("-7/2", -3),
            ("-7%2", -1),
            ("1<<4", 16),
            ("~5", -6),
            ("!0", 1),
            ("1 ? 2 : 3", 2),
            ("0 || 2", 1),
            ("x*2", 6),
            ("e*2", 6),
            ("0x1f + 010", 39),
            ("a = b = 3", 3),
            ("x++ + x", 7),
            ("", 0),
            ("9223372036854775807+1", i64::MIN),
        ];
        for (expr, want) in cases {
            assert_eq!(eval(expr, &mut env), Ok(want), "{expr}");
        }
        assert_eq!(env.get("a").map(String::as_str), Some("3"));
        assert_eq!(eval("1/0", &mut env), Err(ArithError("divide by zero".into())));
        assert_eq!(eval("1 ? 2 : 0/0", &mut env), Err(ArithError("divide by zero".into())));
        assert_eq!(eval("08", &mut env), Err(syntax()));
        assert_eq!(eval("1 2", &mut env), Err(syntax()));
        assert_eq!(eval("2**-1", &mut env), Err(ArithError("exponent less than 0".into())));
        assert_eq!(eval("0 && (y = 5)", &mut env), Ok(0));
        assert_eq!(env.get("y"), None);
    }
}
