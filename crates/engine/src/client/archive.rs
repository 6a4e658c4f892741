//! `docker save`, `load`, `export` and `import`: tar streams between the daemon and the
//! client's files or standard streams.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::kernel::Stream;

/// What docker says instead of writing a tar to a terminal.
const TO_TERMINAL: &str = "cowardly refusing to save to a terminal. Use the -o flag or redirect";

impl Client<'_> {
    /// Writes `data` to `-o FILE`, or stdout unless it is a terminal.
    async fn write_output(&self, p: &Parsed, data: &[u8]) -> i32 {
        match p.value("output") {
            Some(path) => match self.io.write_file(path, data).await {
                Ok(()) => 0,
                Err(e) => {
                    self.err(&format!("failed to save to {path}: {e}\n")).await;
                    1
                }
            },
            None if self.io.stdout_is_tty() => {
                self.err(&format!("{TO_TERMINAL}\n")).await;
                1
            }
            None => {
                self.io.write(Stream::Stdout, data).await;
                0
            }
        }
    }

    /// Reads `path`, or stdin when it is `-` or absent.
    async fn read_input(&self, path: Option<&str>) -> Result<Vec<u8>, String> {
        match path {
            Some(p) if p != "-" => self.io.read_file(p).await.map_err(|_| format!("open {p}: no such file or directory")),
            _ if self.io.stdin_is_tty() => Err("requested load from stdin, but stdin is empty".to_string()),
            _ => {
                let mut data = Vec::new();
                let mut buf = vec![0u8; 65536];
                loop {
                    match self.io.read_stdin(&mut buf).await {
                        0 => return Ok(data),
                        n => data.extend_from_slice(&buf[..n]),
                    }
                }
            }
        }
    }

    /// `docker save [-o FILE] IMAGE...`.
    pub(super) async fn save(&self, p: &Parsed) -> i32 {
        if p.value("output").is_none() && self.io.stdout_is_tty() {
            self.err(&format!("{TO_TERMINAL}\n")).await;
            return 1;
        }
        let saved = self.daemon.borrow_mut().image_save(&p.args);
        match saved {
            Ok(tar) => self.write_output(p, &tar).await,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker load [-i FILE] [-q]`.
    pub(super) async fn load(&self, p: &Parsed) -> i32 {
        let data = match self.read_input(p.value("input")).await {
            Ok(d) => d,
            Err(msg) => {
                self.err(&format!("{msg}\n")).await;
                return 1;
            }
        };
        let loaded = self.daemon.borrow_mut().image_load(&data);
        match loaded {
            Ok(lines) => {
                if !p.bool("quiet") {
                    self.out(&lines.iter().map(|l| format!("{l}\n")).collect::<String>()).await;
                }
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker export [-o FILE] CONTAINER`.
    pub(super) async fn export(&self, p: &Parsed) -> i32 {
        if p.value("output").is_none() && self.io.stdout_is_tty() {
            self.err(&format!("{TO_TERMINAL}\n")).await;
            return 1;
        }
        let exported = self.daemon.borrow_mut().container_export(&p.args[0]);
        match exported {
            Ok(tar) => self.write_output(p, &tar).await,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker import [-m MESSAGE] [-c CHANGE]... FILE|- [REPOSITORY[:TAG]]`.
    pub(super) async fn import(&self, p: &Parsed) -> i32 {
        let data = match self.read_input(Some(p.args[0].as_str())).await {
            Ok(d) => d,
            Err(msg) => {
                self.err(&format!("{msg}\n")).await;
                return 1;
            }
        };
        let imported = self.daemon.borrow_mut().image_import(&data, p.args.get(1).map(String::as_str), p.string("message"), p.values("change"));
        match imported {
            Ok(id) => {
                self.out(&format!("{id}\n")).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }
}
