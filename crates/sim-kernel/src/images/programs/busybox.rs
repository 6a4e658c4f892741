//! `/bin/busybox`: the multi-call binary of the Alpine and BusyBox images. It runs the applet
//! its `argv[0]` names (`/bin/ls -> /bin/busybox`), or `busybox APPLET ARGS...`. The applets
//! are the simulator's userland programs of the same name.

use crate::sys::Proc;

const BANNER: &str = "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.
BusyBox is copyrighted by many authors between 1998-2015.
Licensed under GPLv2. See source distribution for detailed
copyright notices.

Usage: busybox [function [arguments]...]
   or: busybox --list[-full]
   or: busybox --show SCRIPT
   or: busybox --install [-s] [DIR]
   or: function [arguments]...

\tBusyBox is a multi-call binary that combines many common Unix
\tutilities into a single executable.  Most people will create a
\tlink to busybox for each function they wish to use and BusyBox
\twill act like whatever it was invoked as.
";

/// Runs the applet named by `argv[0]` (or `argv[1]` after `busybox`).
pub async fn busybox(p: Proc) -> i32 {
    let mut argv = p.argv();
    let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    if argv.first().map(|a| name(a)) == Some("busybox".into()) {
        argv.remove(0);
        if argv.is_empty() || argv[0].starts_with("--") {
            p.print(BANNER).await;
            return 0;
        }
        let pid = p.host_pid();
        if let Ok(proc) = p.machine().borrow_mut().proc_mut(pid) {
            proc.argv = argv.clone();
        }
    }
    let applet = match name(&argv[0]).as_str() {
        "ash" => "sh".to_string(),
        other => other.to_string(),
    };
    let program = p.machine().borrow().programs.get(&applet);
    match program {
        Some(program) => program(p).await,
        None => {
            p.eprint(&format!("{applet}: applet not found\n")).await;
            127
        }
    }
}
