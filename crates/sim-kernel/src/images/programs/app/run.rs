//! Carrying out a [`Decl`]: the startup steps in order, then the server if the app listens.

use wharf_engine::collect::CollectMap;
use std::collections::BTreeMap;

use super::decl::{expand, Action, Decl, Step};
use super::serve::{self, Reply, Request};
use super::store;
use crate::sys::Proc;

/// The app's variables: those its steps set (`env`, `$result`), then the environment.
#[derive(Debug, Default)]
pub struct Vars {
    set: BTreeMap<String, String>,
    env: BTreeMap<String, String>,
    /// Database connections the app opened, by kind (`mongo`, `postgres`): their URLs.
    pub connections: BTreeMap<String, String>,
}

impl Vars {
    /// Variables over the process environment `env` (`KEY=VALUE` strings).
    pub fn new(env: &[String]) -> Vars {
        let env = env.iter().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect_map();
        Vars { env, ..Vars::default() }
    }

    fn get(&self, name: &str) -> Option<String> {
        self.set.get(name).or_else(|| self.env.get(name)).cloned()
    }

    /// `text` with `$NAME` expanded.
    pub fn expand(&self, text: &str) -> String {
        expand(text, &|n| self.get(n))
    }

    fn set(&mut self, name: &str, value: String) {
        self.set.insert(name.to_string(), value);
    }
}

/// Runs `decl` as process `p`; returns the exit code.
pub async fn run(p: &Proc, decl: &Decl) -> i32 {
    let mut vars = Vars::new(&p.env());
    for step in &decl.steps {
        match step {
            Step::Env(name, default) => {
                let value = vars.get(name).filter(|v| !v.is_empty()).unwrap_or_else(|| vars.expand(default));
                vars.set(name, value);
            }
            Step::Print(text) => p.print(&format!("{}\n", vars.expand(text))).await,
            Step::Eprint(text) => p.eprint(&format!("{}\n", vars.expand(text))).await,
            Step::Counter(path, missing) => {
                let path = vars.expand(path);
                let next = match p.read_file(&path).await {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes).to_string();
                        p.print(&format!("{text}\n")).await;
                        // JavaScript's `+data + 1`: a number plus one, else NaN.
                        text.trim().parse::<i64>().map(|n| (n + 1).to_string()).unwrap_or_else(|_| "NaN".into())
                    }
                    Err(_) => {
                        p.print(&format!("{}\n", vars.expand(missing))).await;
                        "0".into()
                    }
                };
                if let Err(e) = p.write_file(&path, next.as_bytes()).await {
                    // Node prints the rejected promise's error with libuv's lower-case text.
                    let text = e.message().to_lowercase();
                    p.eprint(&format!("[Error: {e:?}: {text}, open '{path}'] {{\n  errno: -{},\n  code: '{e:?}',\n  syscall: 'open',\n  path: '{path}'\n}}\n", e.number())).await;
                }
            }
            Step::Connect(kind, url) => {
                let url = vars.expand(url);
                if let Err(message) = store::connect(p, kind, &url).await {
                    p.print(&format!("{message}\n")).await;
                    return 1;
                }
                vars.connections.insert(kind.clone(), url);
            }
            Step::Exit(code) => return *code,
        }
    }
    let Some(listen) = &decl.listen else { return 0 };
    let port_text = vars.expand(&listen.port);
    let Ok(port) = port_text.parse::<u16>() else {
        p.eprint(&format!("RangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type string ('{port_text}').\n")).await;
        return 1;
    };
    serve::serve(p, decl, listen, port, &mut vars).await
}

/// The app's answer to one request.
pub async fn answer(p: &Proc, decl: &Decl, style: &str, req: &Request, vars: &mut Vars) -> Reply {
    let Some(actions) = serve::route_actions(decl, req) else { return serve::not_found(style, req) };
    let mut reply = Reply { status: 200, kind: "none".into(), headers: Vec::new(), body: String::new() };
    for action in actions {
        match action {
            Action::Print(text) => p.print(&format!("{}\n", vars.expand(text))).await,
            Action::Header(name, value) => reply.headers.push((name.clone(), vars.expand(value))),
            Action::Query(kind, what) => {
                let url = vars.connections.get(kind).cloned().unwrap_or_default();
                match store::query(p, kind, &url, &vars.expand(what), style).await {
                    Ok(result) => vars.set("result", result),
                    Err(message) => {
                        p.eprint(&format!("{message}\n")).await;
                        return error_reply(style, &message, reply.headers);
                    }
                }
            }
            Action::Reply(status, kind, body) => {
                reply.status = *status;
                reply.kind = kind.clone();
                reply.body = vars.expand(body);
            }
        }
    }
    reply
}

/// The framework's answer for a handler that failed.
fn error_reply(style: &str, message: &str, headers: Vec<(String, String)>) -> Reply {
    let q = wharf_engine::golang::quote;
    let (kind, body) = match style {
        "fastify" => ("json", format!("{{\"statusCode\":500,\"error\":\"Internal Server Error\",\"message\":{}}}", q(message))),
        // Express's default error handler hides the error in production.
        "express" => ("html", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n".to_string()),
        "gin" => ("json", format!("{{\"error\":{}}}", q(message))),
        _ => ("none", String::new()),
    };
    Reply { status: 500, kind: kind.into(), headers, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_wins_over_declared_defaults_and_set_values_win_over_both() {
        let mut v = Vars::new(&["DATA_PATH=/data/num.txt".to_string(), "EMPTY=".to_string()]);
        assert_eq!(v.expand("$DATA_PATH|$EMPTY|$NONE"), "/data/num.txt||");
        v.set("result", "3".into());
        assert_eq!(v.expand("{\"count\":$result}"), "{\"count\":3}");
    }
}
