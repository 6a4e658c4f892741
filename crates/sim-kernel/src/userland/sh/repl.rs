//! Reading commands from standard input: the interactive prompt loop (`PS1`, `PS2`, job
//! notices, Ctrl-C), and `sh -s` / `sh < file` without a terminal.
//!
//! Input is read in chunks, as busybox ash does: a `read` in a script piped into `sh` does
//! not see the script's later lines (dash reads byte by byte; ash does not).

use super::exec::Ctl;
use super::parser::Parser;
use super::state::Shell;
use crate::errno::Errno;

/// Buffered standard input, handed out a line at a time.
#[derive(Default)]
struct Input {
    buf: Vec<u8>,
    eof: bool,
}

impl Input {
    /// The next line with its newline (the last one may lack it); `None` at the end.
    async fn next_line(&mut self, sh: &mut Shell) -> Result<Option<String>, Errno> {
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=i).collect();
                return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
            }
            if self.eof {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                let line = std::mem::take(&mut self.buf);
                return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
            }
            let mut chunk = vec![0u8; 4096];
            match sh.proc.read(0, &mut chunk).await {
                Ok(0) => self.eof = true,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) => return Err(e),
            }
        }
    }
}

impl Shell {
    /// Expands a prompt: busybox's backslash escapes (`\u \h \w \W \$`), then parameters.
    async fn prompt(&mut self, var: &str) -> String {
        let raw = self.vars.get(var).unwrap_or("").to_string();
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('u') => out.push_str(&self.user_name().await),
                Some('h') => out.push_str(self.proc.hostname().split('.').next().unwrap_or("")),
                Some('H') => out.push_str(&self.proc.hostname()),
                Some(w @ ('w' | 'W')) => {
                    let pwd = self.vars.get("PWD").map_or_else(|| self.proc.cwd(), str::to_string);
                    let home = self.vars.get("HOME").unwrap_or("").to_string();
                    let shown = match pwd.strip_prefix(&home) {
                        Some(rest) if !home.is_empty() && home != "/" && (rest.is_empty() || rest.starts_with('/')) => format!("~{rest}"),
                        _ => pwd.clone(),
                    };
                    if w == 'w' || shown == "/" {
                        out.push_str(&shown);
                    } else {
                        out.push_str(shown.rsplit('/').next().unwrap_or(""));
                    }
                }
                Some('$') => out.push(if self.proc.uid() == 0 { '#' } else { '$' }),
                Some('n') => out.push('\n'),
                Some('e') => out.push('\x1b'),
                Some('[' | ']') => {}
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        if !out.contains(['$', '`']) {
            return out;
        }
        let mut parser = Parser::new(&out);
        match parser.prompt_word() {
            Ok(w) => self.expand_string(&w).await.unwrap_or(out),
            Err(_) => out,
        }
    }

    /// The login name of the user the shell runs as.
    async fn user_name(&self) -> String {
        let uid = self.proc.uid();
        let passwd = self.proc.read_file("/etc/passwd").await.unwrap_or_default();
        String::from_utf8_lossy(&passwd)
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 2 && f[2].parse() == Ok(uid)).then(|| f[0].to_string())
            })
            .unwrap_or_else(|| if uid == 0 { "root".into() } else { uid.to_string() })
    }
}

/// Runs commands from standard input until it ends or `exit`; returns the exit status.
pub async fn repl(sh: &mut Shell) -> i32 {
    let mut input = Input::default();
    let mut text = String::new();
    let mut first_line = 1;
    loop {
        if sh.opts.interactive {
            if text.is_empty() {
                sh.notify_jobs().await;
            }
            let prompt = sh.prompt(if text.is_empty() { "PS1" } else { "PS2" }).await;
            sh.proc.eprint(&prompt).await;
        }
        let line = match input.next_line(sh).await {
            Ok(Some(l)) => l,
            Ok(None) if text.is_empty() => break sh.finish(Ok(())).await,
            Ok(None) => String::new(),
            Err(Errno::EINTR) => match sh.handle_signals().await {
                Err(Ctl::Interrupt) => {
                    sh.proc.eprint("\n").await;
                    text.clear();
                    sh.status = 130;
                    continue;
                }
                Err(e @ Ctl::Exit) => break sh.finish(Err(e)).await,
                _ => continue,
            },
            Err(_) => break sh.finish(Ok(())).await,
        };
        if sh.opts.verbose {
            sh.proc.eprint(&line).await;
        }
        text.push_str(&line);
        let mut parser = Parser::new(&text).with_first_line(first_line);
        parser.interactive = !input.eof;
        let mut lists = Vec::new();
        let mut error = None;
        loop {
            match parser.next_command() {
                Ok(Some((list, _))) => lists.push(list),
                Ok(None) => break,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        if error.as_ref().is_some_and(|e| e.eof) && !input.eof {
            continue;
        }
        first_line += text.matches('\n').count() as u32;
        text.clear();
        if let Some(e) = error {
            sh.msg.line = e.line;
            sh.error(None, &e.to_string()).await;
            sh.status = 2;
            if !sh.opts.interactive {
                break sh.finish(Err(Ctl::Error(2))).await;
            }
            continue;
        }
        for list in lists {
            if sh.opts.noexec {
                continue;
            }
            let r = sh.run_list(&list).await;
            match r {
                Ok(()) | Err(Ctl::Break(_) | Ctl::Continue(_)) => {}
                Err(Ctl::Interrupt) => {
                    sh.proc.eprint("\n").await;
                    sh.status = 130;
                    break;
                }
                Err(Ctl::Error(st)) if sh.opts.interactive => {
                    sh.status = st;
                    break;
                }
                Err(Ctl::Return) if sh.opts.interactive => break,
                Err(e) => return sh.finish(Err(e)).await,
            }
        }
    }
}
