//! `env`: print the environment, or run a command in a changed one.

use super::args::{HasArg, Spec};
use super::util::{exec_command, ql, Io};

/// `env [-i] [-u NAME]... [-C DIR] [-0] [NAME=VALUE]... [COMMAND [ARG]...]`.
pub async fn env(mut io: Io) -> i32 {
    let spec = Spec {
        short: "iu:C:0v",
        long: &[("ignore-environment", HasArg::No, 'i'), ("unset", HasArg::Required, 'u'), ("chdir", HasArg::Required, 'C'), ("null", HasArg::No, '0'), ("debug", HasArg::No, 'v')],
        stop_at_operand: true,
    };
    let a = match io.args(&spec, "[OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]", 125).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut ops = a.operands.clone();
    let mut clear = a.has('i');
    if ops.first().map(String::as_str) == Some("-") {
        clear = true;
        ops.remove(0);
    }
    let mut vars: Vec<String> = if clear { Vec::new() } else { io.p.env() };
    for (c, v) in &a.opts {
        if *c == 'u' {
            let name = v.clone().unwrap_or_default();
            vars.retain(|kv| kv.split('=').next() != Some(name.as_str()));
        }
    }
    let mut rest = ops.into_iter().peekable();
    while let Some(kv) = rest.next_if(|s| s.contains('=')) {
        let key = kv.split('=').next().unwrap_or("").to_string();
        vars.retain(|x| x.split('=').next() != Some(key.as_str()));
        vars.push(kv);
    }
    let cmd: Vec<String> = rest.collect();
    if let Some(dir) = a.value('C') {
        if cmd.is_empty() {
            return io.usage("must specify command with --chdir (-C)", 125).await;
        }
        if let Err(e) = io.p.chdir(dir) {
            io.err(&format!("cannot change directory to {}: {}", ql(dir), e.message())).await;
            return 125;
        }
    }
    if cmd.is_empty() {
        let end = if a.has('0') { "\0" } else { "\n" };
        for v in &vars {
            io.out(&format!("{v}{end}"));
        }
        return io.finish(0).await;
    }
    // The new PATH decides where the command is found, as execvp after setenv would.
    io.p.set_env(vars.clone());
    exec_command(&mut io, cmd, Some(vars), |name, e| format!("{}: {}", ql(name), e.message())).await
}
