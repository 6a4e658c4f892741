//! The course's modules: the list the module list shows and the text the lesson pane
//! renders. Data only; the markdown lives in `crates/web/content/`.
//!
//! This is the first slice of issue 8. The exercise packs (steps, checks, hints, solutions)
//! arrive with issue 9 under `lessons/` and will replace this list. A module marked `preview`
//! needs the `docker` command, which the simulated host does not have yet: it is text only,
//! and its commands get no Run button. Every other module's commands are run on the host by
//! this module's tests.

/// One module of the course.
#[derive(Debug, PartialEq, Eq)]
pub struct Module {
    /// Stable identifier, used in links (`#/processes`) and storage.
    pub slug: &'static str,
    /// Title in the module list.
    pub title: &'static str,
    /// One line under the title.
    pub summary: &'static str,
    /// The lesson, markdown.
    pub markdown: &'static str,
    /// Text only: the commands need parts of the simulator that are not there yet.
    pub preview: bool,
}

/// The course, in order.
pub static MODULES: [Module; 10] = [
    Module {
        slug: "welcome",
        title: "Welcome aboard",
        summary: "Terminal, X-ray and keys",
        markdown: include_str!("../content/01-welcome.md"),
        preview: false,
    },
    Module {
        slug: "processes",
        title: "Processes and PIDs",
        summary: "ps, /proc and Ctrl-C",
        markdown: include_str!("../content/02-processes.md"),
        preview: false,
    },
    Module {
        slug: "namespaces",
        title: "Namespaces",
        summary: "Your own PID 1 and hostname",
        markdown: include_str!("../content/03-namespaces.md"),
        preview: false,
    },
    Module {
        slug: "cgroups",
        title: "Control groups",
        summary: "Memory, PID and CPU limits",
        markdown: include_str!("../content/04-cgroups.md"),
        preview: false,
    },
    Module {
        slug: "images",
        title: "Images and layers",
        summary: "Layers and union mounts",
        markdown: include_str!("../content/05-images.md"),
        preview: true,
    },
    Module {
        slug: "containers",
        title: "Containers",
        summary: "run, ps, stop, exec",
        markdown: include_str!("../content/06-containers.md"),
        preview: true,
    },
    Module {
        slug: "networking",
        title: "Networking",
        summary: "Bridges, veths and ports",
        markdown: include_str!("../content/07-networking.md"),
        preview: true,
    },
    Module {
        slug: "volumes",
        title: "Volumes",
        summary: "Volumes and bind mounts",
        markdown: include_str!("../content/08-volumes.md"),
        preview: true,
    },
    Module {
        slug: "dockerfile",
        title: "Building images",
        summary: "Dockerfiles and the cache",
        markdown: include_str!("../content/09-dockerfile.md"),
        preview: true,
    },
    Module {
        slug: "compose",
        title: "Compose",
        summary: "Many services, one file",
        markdown: include_str!("../content/10-compose.md"),
        preview: true,
    },
];

/// The module called `slug`.
pub fn find(slug: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.slug == slug)
}

/// The commands of a lesson's shell code blocks (`sh`, `bash`, `shell`), one block each.
pub fn shell_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(lang)) if SHELL.contains(&lang.trim()) => current = Some(String::new()),
            (None, Some(_)) => current = Some("\0".into()),
            (Some(block), Some(_)) => {
                if !block.starts_with('\0') {
                    blocks.push(block.trim_end().to_string());
                }
                current = None;
            }
            (Some(block), None) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Languages of code blocks that are commands for the terminal.
pub const SHELL: [&str; 3] = ["sh", "bash", "shell"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::{ready, settle};
    use crate::session::Activity;

    /// Every command a Run button can type works on the simulated host: no "not found", no
    /// usage errors. Programs that wait for the keyboard (`cat`) are interrupted as a learner
    /// would.
    #[test]
    fn every_runnable_lesson_command_works_on_the_host() {
        const ERRORS: [&str; 6] = ["not found", "No such file", "can't", "unrecognized option", "invalid option", "Permission denied"];
        for m in MODULES.iter().filter(|m| !m.preview) {
            let mut s = ready();
            for block in shell_blocks(m.markdown) {
                for line in block.lines() {
                    s.type_line(line);
                    settle(&mut s);
                }
                let mut screen = s.screen_delta();
                if !screen.ends_with("# ") {
                    s.interrupt();
                    assert_eq!(settle(&mut s), Activity::Idle);
                    screen.push_str(&s.screen_delta());
                }
                for e in ERRORS {
                    assert!(!screen.contains(e), "{}: `{block}` printed {screen:?}", m.slug);
                }
                assert!(screen.ends_with("# "), "{}: `{block}` left {screen:?}", m.slug);
            }
        }
    }

    #[test]
    fn shell_blocks_are_found_and_others_skipped() {
        let md = "text\n```sh\necho a\n```\n```dockerfile\nFROM x\n```\n```bash\nls\nps\n```\n";
        assert_eq!(shell_blocks(md), ["echo a", "ls\nps"]);
    }

    #[test]
    fn slugs_are_unique_and_every_lesson_starts_with_its_title() {
        let mut slugs: Vec<_> = MODULES.iter().map(|m| m.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), MODULES.len());
        for m in &MODULES {
            assert_eq!(m.markdown.lines().next(), Some(format!("# {}", m.title).as_str()), "{}", m.slug);
        }
    }
}
