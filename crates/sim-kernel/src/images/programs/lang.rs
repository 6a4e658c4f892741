//! The language runtimes of `node`, `python` and `golang` answer `--version` (what the
//! course asks of them); anything else says plainly that the simulator does not run it.

use crate::program::Programs;
use crate::sys::Proc;

/// Registers `node`, `npm`, `python3` and `go`.
pub fn register(p: &mut Programs) {
    p.register("node", |proc| Box::pin(runtime(proc, "node", &["--version", "-v"], "v20.10.0")));
    p.register("npm", |proc| Box::pin(runtime(proc, "npm", &["--version", "-v"], "10.2.3")));
    p.register("python3", |proc| Box::pin(runtime(proc, "python3", &["--version", "-V"], "Python 3.11.7")));
    p.register("go", |proc| Box::pin(runtime(proc, "go", &["version"], "go version go1.21.5 linux/amd64")));
}

async fn runtime(p: Proc, name: &str, version_flags: &[&str], version: &str) -> i32 {
    let args = p.argv();
    if args.len() == 2 && version_flags.contains(&args[1].as_str()) {
        p.print(&format!("{version}\n")).await;
        return 0;
    }
    p.eprint(&format!("{name}: only `{name} {}` is simulated in wharf\n", version_flags[0])).await;
    1
}
