//! The declared behaviour of an app: `wharf:` lines in its source's comments.
//!
//! The simulator cannot run JavaScript, Python or Go, so an app's source says what it does in
//! comments the real language ignores (the same file runs on real Docker):
//!
//! ```text
//! // wharf: print server started
//! // wharf: listen 3004 node
//! // wharf: route * * print request received
//! // wharf: route * * reply 200 none omg hi
//! ```
//!
//! Parsing is pure; [`super::run`] carries a [`Decl`] out.

/// One startup step, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `env NAME DEFAULT`: `$NAME` is the environment's value, else DEFAULT (may be empty).
    Env(String, String),
    /// `print TEXT`: a line on stdout.
    Print(String),
    /// `eprint TEXT`: a line on stderr.
    Eprint(String),
    /// `counter PATH MISSING`: print PATH's number and store it plus one; if PATH cannot be
    /// read, print MISSING and store 0.
    Counter(String, String),
    /// `connect KIND URL`: open a database connection (`mongo`, `postgres`); on failure print
    /// the driver's error and exit 1.
    Connect(String, String),
    /// `exit CODE`: stop here with CODE.
    Exit(i32),
}

/// What a route does for one request, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `print TEXT` on stdout.
    Print(String),
    /// `header NAME VALUE` on the response.
    Header(String, String),
    /// `query KIND WHAT`: run a database operation and keep its result in `$result`.
    Query(String, String),
    /// `reply STATUS TYPE BODY`: the response (`TYPE` is `text`, `json`, `html` or `none`).
    Reply(u16, String, String),
}

/// A route: method (`*` for any) and path (`*` for any) with its actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, … or `*`.
    pub method: String,
    /// `/ping` or `*`.
    pub path: String,
    /// The actions, in declaration order.
    pub actions: Vec<Action>,
}

/// An HTTP server the app opens after its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    /// The port, maybe `$PORT`-style, expanded when the app starts.
    pub port: String,
    /// Whose habits (headers, logs) the server has: `node`, `fastify`, `express`, `gin`.
    pub style: String,
}

/// Everything an app declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decl {
    /// Startup steps.
    pub steps: Vec<Step>,
    /// The server, if the app listens.
    pub listen: Option<Listen>,
    /// Routes, first match wins per (method, path) pair; actions of equal pairs accumulate.
    pub routes: Vec<Route>,
}

/// A declaration line that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclError {
    /// 1-based line in the source.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DeclError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The text after `wharf:` on a comment line (`//`, `#`, `--`), if it is one.
fn directive(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let body = t.strip_prefix("//").or_else(|| t.strip_prefix('#')).or_else(|| t.strip_prefix("--"))?;
    body.trim_start().strip_prefix("wharf:").map(str::trim)
}

/// Splits off the first word.
fn word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.split_once(char::is_whitespace) {
        Some((w, rest)) => (w, rest.trim_start()),
        None => (s, ""),
    }
}

/// Whether `source` declares a behaviour at all.
pub fn declares(source: &str) -> bool {
    source.lines().any(|l| directive(l).is_some())
}

/// Parses the `wharf:` lines of `source`.
pub fn parse(source: &str) -> Result<Decl, DeclError> {
    let mut decl = Decl::default();
    for (i, line) in source.lines().enumerate() {
        let Some(d) = directive(line) else { continue };
        let err = |message: String| DeclError { line: i + 1, message };
        let (verb, rest) = word(d);
        match verb {
            "env" => {
                let (name, default) = word(rest);
                if name.is_empty() {
                    return Err(err("env needs a NAME".into()));
                }
                decl.steps.push(Step::Env(name.into(), default.into()));
            }
            "print" => decl.steps.push(Step::Print(rest.into())),
            "eprint" => decl.steps.push(Step::Eprint(rest.into())),
            "counter" => {
                let (path, missing) = word(rest);
                if path.is_empty() {
                    return Err(err("counter needs a PATH".into()));
                }
                decl.steps.push(Step::Counter(path.into(), missing.into()));
            }
            "connect" => {
                let (kind, url) = word(rest);
                if !matches!(kind, "mongo" | "postgres") || url.is_empty() {
                    return Err(err(format!("connect needs mongo|postgres and a URL, got {rest:?}")));
                }
                decl.steps.push(Step::Connect(kind.into(), url.into()));
            }
            "exit" => decl.steps.push(Step::Exit(rest.parse().map_err(|_| err(format!("exit needs a number, got {rest:?}")))?)),
            "listen" => {
                let (port, style) = word(rest);
                let style = if style.is_empty() { "node" } else { style };
                if port.is_empty() || !matches!(style, "node" | "fastify" | "express" | "gin") {
                    return Err(err(format!("listen needs a PORT and a style (node, fastify, express, gin), got {rest:?}")));
                }
                decl.listen = Some(Listen { port: port.into(), style: style.into() });
            }
            "route" => {
                let (method, rest) = word(rest);
                let (path, rest) = word(rest);
                let action = action(rest).map_err(err)?;
                match decl.routes.iter_mut().find(|r| r.method == method && r.path == path) {
                    Some(r) => r.actions.push(action),
                    None => decl.routes.push(Route { method: method.into(), path: path.into(), actions: vec![action] }),
                }
            }
            other => return Err(err(format!("unknown directive {other:?}"))),
        }
    }
    Ok(decl)
}

fn action(s: &str) -> Result<Action, String> {
    let (verb, rest) = word(s);
    match verb {
        "print" => Ok(Action::Print(rest.into())),
        "header" => {
            let (name, value) = word(rest);
            Ok(Action::Header(name.into(), value.into()))
        }
        "query" => {
            let (kind, what) = word(rest);
            if !matches!(kind, "mongo" | "postgres") {
                return Err(format!("query needs mongo|postgres, got {kind:?}"));
            }
            Ok(Action::Query(kind.into(), what.into()))
        }
        "reply" => {
            let (status, rest) = word(rest);
            let (kind, body) = word(rest);
            let status = status.parse().map_err(|_| format!("reply needs a status code, got {status:?}"))?;
            if !matches!(kind, "text" | "json" | "html" | "none") {
                return Err(format!("reply type is text, json, html or none, got {kind:?}"));
            }
            Ok(Action::Reply(status, kind.into(), body.into()))
        }
        other => Err(format!("unknown route action {other:?}")),
    }
}

/// Expands `$NAME` and `${NAME}` from `vars` (unknown names expand to nothing).
pub fn expand(text: &str, vars: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = &text[i + 1..];
        let (name, used) = if let Some(inner) = rest.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                ("", 0)
            } else {
                (&rest[..end], end)
            }
        };
        if name.is_empty() {
            out.push('$');
            continue;
        }
        out.push_str(&vars(name).unwrap_or_default());
        for _ in 0..used {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OMG: &str = "const http = require(\"http\");\n// wharf: print server started\n// wharf: listen 3004\n// wharf: route * * print request received\n// wharf: route * * reply 200 none omg hi\nhttp.createServer();\n";

    #[test]
    fn reads_only_comment_directives() {
        let d = parse(OMG).unwrap();
        assert_eq!(d.steps, vec![Step::Print("server started".into())]);
        assert_eq!(d.listen, Some(Listen { port: "3004".into(), style: "node".into() }));
        assert_eq!(d.routes.len(), 1, "actions of one method+path accumulate");
        assert_eq!(d.routes[0].actions, vec![Action::Print("request received".into()), Action::Reply(200, "none".into(), "omg hi".into())]);
        assert!(declares(OMG));
        assert!(!declares("console.log('wharf: print x')\n"));
    }

    #[test]
    fn python_and_go_comments_count() {
        let d = parse("# wharf: env PORT 5000\n\tx = 1 // wharf: print no\n    // wharf: exit 3\n").unwrap();
        assert_eq!(d.steps, vec![Step::Env("PORT".into(), "5000".into()), Step::Exit(3)]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("a\n// wharf: listen\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("listen needs a PORT"), "{e}");
        assert!(parse("// wharf: route GET / reply ok json {}\n").unwrap_err().message.contains("status code"));
        assert!(parse("// wharf: fly away\n").unwrap_err().message.contains("unknown directive \"fly\""));
    }

    #[test]
    fn expands_variables() {
        let vars = |n: &str| (n == "DATA_PATH").then(|| "/data/num.txt".to_string());
        assert_eq!(expand("at $DATA_PATH and ${DATA_PATH}!", &vars), "at /data/num.txt and /data/num.txt!");
        assert_eq!(expand("cost $5 $NOPE.", &vars), "cost $5 .");
        assert_eq!(expand("lone $", &vars), "lone $");
    }
}
