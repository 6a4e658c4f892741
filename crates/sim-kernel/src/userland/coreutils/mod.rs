//! The host's userland: GNU coreutils, util-linux, procps and friends as simulated programs.
//!
//! One file per applet or small family; each applet is an `async fn(Io) -> i32` that talks to
//! the machine only through its [`crate::sys::Proc`] (inside [`util::Io`]). They print what
//! the Debian 12 tools print, error messages and exit codes included, since the course's
//! host is Debian or Ubuntu. Shared pieces: [`args`] (getopt with glibc's messages), [`util`]
//! (buffered output, quoting, account databases, `PATH` search), [`timefmt`] (dates) and
//! [`elf`] (which libraries a binary needs).

pub mod args;
pub mod elf;
pub mod timefmt;
pub mod util;

mod cat;
mod copy;
mod cut;
mod date;
mod debootstrap;
mod df;
mod echo;
mod env;
mod fileops;
mod find;
mod grep;
mod head;
mod kill;
mod ldd;
mod ls;
pub mod mode;
mod mount;
mod ns;
mod perm;
pub mod procfs;
mod ps;
pub mod regex;
mod sed;
mod sedscript;
mod simple;
mod sort;
mod stat;
pub(crate) mod sysinfo;
mod test;
mod top;
mod tr;
mod users;
mod bbusers;
pub mod walk;
mod wc;
mod xargs;

use crate::program::Programs;
use util::Io;

/// Registers an applet: `name` runs `f` with an [`Io`] named after `argv[0]`.
macro_rules! applets {
    ($p:ident; $($name:literal => $f:path),* $(,)?) => {
        $( $p.register($name, |proc| Box::pin($f(Io::new(proc)))); )*
    };
}

/// Adds every applet of this module to `p`.
pub fn register(p: &mut Programs) {
    applets!(p;
        "true" => simple::true_,
        "false" => simple::false_,
        "pwd" => simple::pwd,
        "basename" => simple::basename,
        "dirname" => simple::dirname,
        "yes" => simple::yes,
        "sleep" => simple::sleep,
        "clear" => simple::clear,
        "whoami" => simple::whoami,
        "seq" => simple::seq,
        "cat" => cat::cat,
        "tee" => cat::tee,
        "head" => head::head,
        "tail" => head::tail,
        "wc" => wc::wc,
        "echo" => echo::echo,
        "printf" => echo::printf,
        "mkdir" => fileops::mkdir,
        "rmdir" => fileops::rmdir,
        "touch" => fileops::touch,
        "rm" => fileops::rm,
        "cp" => copy::cp,
        "mv" => copy::mv,
        "ln" => copy::ln,
        "chmod" => perm::chmod,
        "chown" => perm::chown,
        "chgrp" => perm::chgrp,
        "ls" => ls::ls,
        "stat" => stat::stat,
        "readlink" => stat::readlink,
        "realpath" => stat::realpath,
        "ps" => ps::ps,
        "top" => top::top,
        "kill" => kill::kill,
        "id" => sysinfo::id,
        "hostname" => sysinfo::hostname,
        "hostnamectl" => sysinfo::hostnamectl,
        "uname" => sysinfo::uname,
        "env" => env::env,
        "mount" => mount::mount,
        "umount" => mount::umount,
        "df" => df::df,
        "du" => df::du,
        "grep" => grep::grep,
        "sed" => sed::sed,
        "sort" => sort::sort,
        "tr" => tr::tr,
        "cut" => cut::cut,
        "base64" => cut::base64,
        "date" => date::date,
        "test" => test::test,
        "[" => test::test,
        "which" => test::which,
        "ldd" => ldd::ldd,
        "useradd" => users::useradd,
        "groupadd" => users::groupadd,
        "adduser" => users::adduser,
        "addgroup" => users::adduser,
        "unshare" => ns::unshare,
        "nsenter" => ns::nsenter,
        "chroot" => ns::chroot,
        "pivot_root" => ns::pivot_root,
        "debootstrap" => debootstrap::debootstrap,
        "find" => find::find,
        "xargs" => xargs::xargs,
    );
}

#[cfg(test)]
mod tests;
