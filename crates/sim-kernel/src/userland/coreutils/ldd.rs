//! `ldd`: the shared libraries a simulated binary needs (see [`super::elf`]), resolved
//! against the caller's root, so it shows what a chroot still lacks.

use super::elf::{self, find_lib, Kind, LOADER};
use super::util::{strerror, Io};

/// `ldd FILE...`.
pub async fn ldd(mut io: Io) -> i32 {
    io.prog = "ldd".into();
    let files: Vec<String> = io.argv.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    if files.is_empty() {
        io.err("missing file arguments").await;
        io.err_raw("Try `ldd --help' for more information.\n").await;
        return 1;
    }
    let mut status = 0;
    for f in &files {
        if files.len() > 1 {
            io.out(&format!("{f}:\n"));
        }
        let data = match io.p.stat(f) {
            Ok(st) if st.kind == wharf_engine::fs::FileKind::Dir => {
                io.err(&format!("{f}: not regular file")).await;
                status = 1;
                continue;
            }
            Ok(_) => io.p.read_file(f).await.unwrap_or_default(),
            Err(e) => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                status = 1;
                continue;
            }
        };
        match elf::kind(&data[..data.len().min(1024)]) {
            Kind::Dynamic(libs) if !libs.is_empty() => {
                io.out(&format!("\tlinux-vdso.so.1 ({})\n", elf::load_address("linux-vdso.so.1")));
                for lib in &libs {
                    match find_lib(&io.p, lib) {
                        Some(path) => io.out(&format!("\t{lib} => {path} ({})\n", elf::load_address(lib))),
                        None => io.out(&format!("\t{lib} => not found\n")),
                    }
                }
                io.out(&format!("\t{LOADER} ({})\n", elf::load_address("ld-linux-x86-64.so.2")));
            }
            Kind::Library => io.out("\tstatically linked\n"),
            _ => {
                io.out("\tnot a dynamic executable\n");
                status = 1;
            }
        }
    }
    io.finish(status).await
}
