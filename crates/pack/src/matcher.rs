//! Declarative checks: one per line of an ```` ```expect ```` block.
//!
//! ```text
//! container web running publishes 8080   # a container named web runs, host port 8080 published
//! container old exited
//! image hello:v1 layers 3
//! volume data file /notes.txt contains "hello"
//! file /root/rootfs/bin/sh exists
//! file /etc/hostname contains "wharf"
//! output matches ^PID +TTY
//! output contains "Base system installed"
//! ```
//!
//! Words are separated by blanks; a word with blanks is written in double quotes (`\"` and
//! `\\` escape). `output matches` takes the rest of the line as a regular expression. The
//! docker matchers (`container`, `image`, `volume`) read the engine's state through
//! [`EngineState`]; the others read the simulated host and the terminal.

use regex_lite::Regex;

/// What a container must be doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerState {
    /// `running`.
    Running,
    /// `exited`.
    Exited,
}

/// A parsed matcher.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// `container NAME [running|exited] [publishes PORT]...`
    Container {
        /// Container name.
        name: String,
        /// Required state, if any.
        state: Option<ContainerState>,
        /// Host ports that must be published.
        publishes: Vec<u16>,
    },
    /// `image REF layers N`
    ImageLayers {
        /// Image reference (`hello:v1`).
        image: String,
        /// Exact number of layers.
        layers: usize,
    },
    /// `volume NAME file PATH contains TEXT`
    VolumeFile {
        /// Volume name.
        volume: String,
        /// Path inside the volume.
        path: String,
        /// Text the file must contain.
        contains: String,
    },
    /// `file PATH exists`
    FileExists {
        /// Absolute path on the host.
        path: String,
    },
    /// `file PATH contains TEXT`
    FileContains {
        /// Absolute path on the host.
        path: String,
        /// Text the file must contain.
        contains: String,
    },
    /// `output matches REGEX`: the last command's output.
    OutputMatches(Regex),
    /// `output contains TEXT`
    OutputContains(String),
}

impl Matcher {
    /// Whether evaluating it needs the docker engine's state.
    pub fn needs_engine(&self) -> bool {
        matches!(self, Matcher::Container { .. } | Matcher::ImageLayers { .. } | Matcher::VolumeFile { .. })
    }
}

/// A fact the engine cannot report yet because it lacks the feature (published ports and
/// volumes before the simulated engine has them). A matcher that needs it is *pending*,
/// never passed: a step cannot be done on something nobody checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} not supported yet by the simulated engine", self.0)
    }
}

/// What a container matcher needs to know about one container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerFacts {
    /// Whether it runs.
    pub running: bool,
    /// Whether it has exited (created-but-never-started is neither).
    pub exited: bool,
    /// Published host ports, or why the engine cannot tell.
    pub published: Result<Vec<u16>, Unsupported>,
}

/// The engine's state as the docker matchers see it. `check::engine::SimEngine` implements
/// it over the simulated host's daemon; with no engine at all, docker matchers are pending.
pub trait EngineState {
    /// The container `name` names (a name, or an ID or unique ID prefix, as docker accepts).
    fn container(&self, name: &str) -> Option<ContainerFacts>;
    /// The number of layers of the image `reference` names.
    fn image_layers(&self, reference: &str) -> Option<usize>;
    /// The contents of `path` inside the volume `volume` (`Ok(None)`: no such volume or file).
    fn volume_file(&self, volume: &str, path: &str) -> Result<Option<Vec<u8>>, Unsupported>;
}

/// Splits a line into words, honouring double quotes. Errors name the problem.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { return Ok(out) };
        let mut word = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("unterminated quoted string".into()),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(e @ ('"' | '\\')) => word.push(e),
                        Some('n') => word.push('\n'),
                        other => return Err(format!("unknown escape `\\{}`", other.map(String::from).unwrap_or_default())),
                    },
                    Some(ch) => word.push(ch),
                }
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                word.push(ch);
                chars.next();
            }
        }
        out.push(word);
    }
}

fn port(word: &str) -> Result<u16, String> {
    let digits = word.strip_suffix("/tcp").unwrap_or(word);
    digits.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| format!("`{word}` is not a port"))
}

/// Parses one matcher line (already stripped of comments and blank lines).
pub fn parse(line: &str) -> Result<Matcher, String> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("output matches") {
        if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
            let re = Regex::new(rest.trim()).map_err(|e| format!("bad regular expression `{}`: {e}", rest.trim()))?;
            return Ok(Matcher::OutputMatches(re));
        }
        return Err("`output matches` needs a regular expression".into());
    }
    let w = words(line)?;
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["container", name, rest @ ..] => {
            let (mut state, mut publishes) = (None, Vec::new());
            let mut it = rest.iter();
            while let Some(word) = it.next() {
                match *word {
                    "running" => state = Some(ContainerState::Running),
                    "exited" => state = Some(ContainerState::Exited),
                    "publishes" => publishes.push(port(it.next().ok_or("`publishes` needs a port")?)?),
                    other => return Err(format!("unknown container condition `{other}` (expected running, exited or publishes PORT)")),
                }
            }
            if state.is_none() && publishes.is_empty() {
                return Err(format!("`container {name}` needs a condition: running, exited or publishes PORT"));
            }
            Ok(Matcher::Container { name: name.to_string(), state, publishes })
        }
        ["image", image, "layers", n] => {
            let layers = n.parse().map_err(|_| format!("`{n}` is not a number of layers"))?;
            Ok(Matcher::ImageLayers { image: image.to_string(), layers })
        }
        ["volume", volume, "file", path, "contains", text] => Ok(Matcher::VolumeFile { volume: volume.to_string(), path: path.to_string(), contains: text.to_string() }),
        ["file", path, "exists"] => Ok(Matcher::FileExists { path: absolute(path)? }),
        ["file", path, "contains", text] => Ok(Matcher::FileContains { path: absolute(path)?, contains: text.to_string() }),
        ["output", "contains", text] => Ok(Matcher::OutputContains(text.to_string())),
        [first, ..] if ["container", "image", "volume", "file", "output"].contains(first) => Err(format!("malformed `{first}` matcher `{line}`")),
        [first, ..] => Err(format!("unknown matcher `{first}` (expected container, image, volume, file or output)")),
        [] => Err("empty matcher".into()),
    }
}

fn absolute(path: &str) -> Result<String, String> {
    if path.starts_with('/') {
        Ok(path.to_string())
    } else {
        Err(format!("`{path}` is not an absolute path"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_parses() {
        for ok in [
            "container web running publishes 8080",
            "container old exited",
            "container web publishes 80/tcp",
            "image hello:v1 layers 3",
            r#"volume data file /notes.txt contains "hello world""#,
            "file /root/rootfs/bin/sh exists",
            r#"file /etc/hostname contains "wharf""#,
            "output matches ^PID +TTY",
            r#"output contains "a \"quoted\" word""#,
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok).err());
        }
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(parse("contaner web running").unwrap_err(), "unknown matcher `contaner` (expected container, image, volume, file or output)");
        assert_eq!(parse("container web").unwrap_err(), "`container web` needs a condition: running, exited or publishes PORT");
        assert_eq!(parse("container web publishes http").unwrap_err(), "`http` is not a port");
        assert!(parse("output matches (").unwrap_err().starts_with("bad regular expression `(`"));
        assert_eq!(parse("file etc/x exists").unwrap_err(), "`etc/x` is not an absolute path");
        assert_eq!(parse(r#"file /x contains "open"#).unwrap_err(), "unterminated quoted string");
    }
}
