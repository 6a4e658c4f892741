//! Running a Dockerfile: the classic builder (dockerd 20.10's `builder/dockerfile`) over a
//! [`DaemonRef`].
//!
//! [`build`] takes the context the client sent ([`BuildContext`]) and [`BuildOptions`], runs
//! every stage up to the target, one step at a time, and streams the classic builder's lines
//! (`Step 1/5 : FROM busybox`, ` ---> Running in …`, ` ---> Using cache`, `Successfully built
//! …`) to `out`. Each step is committed as an image whose parent is the previous one, exactly
//! as the classic builder does, which is also what makes its cache work: a step is a hit when
//! a child of the current image recorded the same instruction in its `container_config.Cmd`.
//!
//! Pieces: [`context`] (the context tar, and the client's "Sending build context" line),
//! [`dockerignore`] (the client's filter), `args` (ARG scoping), `stages` (the FROM split),
//! `commit` (image configs, layers, the cache), `dispatch` (one function per instruction),
//! `run` (RUN in a process) and `copy` (COPY/ADD).
//!
//! A failed build tags nothing; its committed steps stay as dangling images, as in Docker.
//!
//! The client's share (docker CLI 28.2 with no buildx): print [`LEGACY_BUILDER_NOTICE`] on
//! stderr, filter the context with [`DockerIgnore`], tar it, print
//! [`sending_context_line`], then call [`build`] and print its output; on error print the
//! message on stderr and exit with [`BuildError::exit_code`].
//!
//! A failed RUN's container stays, exited, for `docker ps -a` (unless `--force-rm`), as with
//! dockerd; with `--rm=false` every step's container stays. An error met before any output
//! (a Dockerfile that does not parse) is dockerd's HTTP error, which the client prints as
//! `Error response from daemon: ...`. Where wharf departs from dockerd 20.10: COPY's
//! content hash has its own hex (see `copy`); `--chmod` is refused, as the classic builder
//! refuses it. One deliberate extension: what the course's Dockerfiles use from BuildKit runs
//! here with BuildKit's semantics while the output stays the classic builder's: `RUN
//! --mount=type=cache|secret|tmpfs|bind|ssh` (`docker build --secret`, `--ssh`), `RUN
//! --network`, heredocs (`COPY <<EOF`, `RUN <<EOF`), `COPY --parents|--exclude` (`mounts`,
//! `run`, `copy`). `--security` still gets the "requires BuildKit" refusal.

mod args;
pub(crate) mod commit;
pub mod context;
mod copy;
mod dispatch;
pub mod dockerignore;
mod gofmt;
mod mounts;
mod run;
mod stages;

use std::collections::BTreeMap;

pub use context::{sending_context_line, BuildContext};
pub use dockerignore::DockerIgnore;

use crate::build::ast::Span;
use crate::build::error::ParseError;
use crate::daemon::DaemonRef;
use crate::digest::Digest;
use crate::image::db::DbError;
use crate::image::reference::Reference;
use crate::kernel::KernelError;

/// What the docker 28.2 CLI prints on stderr before a classic build when no buildx plugin is
/// installed (docker/cli `buildxMissingWarning`, followed by a blank line).
pub const LEGACY_BUILDER_NOTICE: &str = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            Install the buildx component to build images with BuildKit:\n            https://docs.docker.com/go/buildx/\n\n";

/// `docker build` options that reach the daemon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// `-f`: the Dockerfile's path inside the context (`Dockerfile` when `None`).
    pub dockerfile: Option<String>,
    /// `-t`: references to tag the result with, in order.
    pub tags: Vec<String>,
    /// `--build-arg k=v` (`None`: `--build-arg k` with no value and no such client variable).
    pub build_args: BTreeMap<String, Option<String>>,
    /// `--target`: the last stage to build.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--label k=v`: labels added to the final image.
    pub labels: BTreeMap<String, String>,
    /// `--pull`: pull every base image (FROM, `COPY --from` an image) even when it is here.
    pub pull: bool,
    /// `--force-rm`: remove a failed RUN's container too (dockerd keeps it for `docker ps -a`).
    pub force_rm: bool,
    /// `--rm=false`: keep every step's container (RUN's exited, a `#(nop)` step's created)
    /// and print no `Removing intermediate container` lines. `--force-rm` wins over it.
    pub keep_containers: bool,
    /// `--secret id=ID,src=FILE`: the bytes `RUN --mount=type=secret,id=ID` sees (never stored).
    pub secrets: BTreeMap<String, Vec<u8>>,
    /// `--ssh ID[=SOCKET]`: the agent IDs forwarded, for `RUN --mount=type=ssh,id=ID`.
    pub ssh: std::collections::BTreeSet<String>,
}

/// Why a build failed. The `Display` text is what the docker CLI prints.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The Dockerfile does not parse or breaks an instruction rule.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// `-f` names no file in the context.
    #[error("Cannot locate specified Dockerfile: {0}")]
    NoDockerfile(String),
    /// The base image of a FROM (or a `COPY --from` image) is neither in the image database
    /// nor in a registry.
    #[error("pull access denied for {0}, repository does not exist or may require 'docker login'")]
    ImageNotFound(String),
    /// A pull failed after it had started (its message as the stream carried it).
    #[error("{0}")]
    Pull(String),
    /// `--target` names no stage.
    #[error("failed to reach build target {0} in Dockerfile")]
    NoTarget(String),
    /// A RUN exited non-zero: Docker's message, and the code the CLI exits with.
    #[error("The command '{command}' returned a non-zero code: {code}")]
    NonZero {
        /// The command as Docker joins it (`/bin/sh -c exit 3`).
        command: String,
        /// The exit code.
        code: i32,
    },
    /// An instruction failed (bad arguments, COPY source missing...): the message, and the
    /// lines of the instruction.
    #[error("{message}")]
    Step {
        /// Docker's message.
        message: String,
        /// Where in the Dockerfile.
        span: Span,
    },
    /// A `-t` value is not a reference.
    #[error("invalid reference format: {0}")]
    InvalidTag(String),
    /// The image database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The kernel failed.
    #[error(transparent)]
    Kernel(#[from] KernelError),
}

impl BuildError {
    /// The exit code `docker build` ends with: a failed RUN's own code, otherwise 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::NonZero { code, .. } if *code != 0 => *code,
            _ => 1,
        }
    }

    /// The Dockerfile lines at fault, when the error is about one instruction.
    pub fn span(&self) -> Option<Span> {
        match self {
            BuildError::Parse(e) => Some(e.span),
            BuildError::Step { span, .. } if span.start > 0 => Some(*span),
            _ => None,
        }
    }

    pub(crate) fn step(span: Span, message: impl Into<String>) -> BuildError {
        BuildError::Step { message: message.into(), span }
    }
}

/// Runs a build: see the module docs. Returns the ID of the final image, tagged with every
/// `options.tags` entry. `out` receives the classic builder's output, chunk by chunk.
///
/// The daemon is borrowed only between awaits, never across one.
pub async fn build(daemon: DaemonRef, mut context: BuildContext, mut options: BuildOptions, out: &mut dyn FnMut(&str)) -> Result<Digest, BuildError> {
    // dockerd's `--force-rm` removes every step's container, whatever `--rm` says.
    options.keep_containers &= !options.force_rm;
    let tags = options
        .tags
        .iter()
        .map(|t| Reference::parse(t).map(Reference::with_default_tag).map_err(|_| BuildError::InvalidTag(t.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    let dockerfile_path = options.dockerfile.clone().unwrap_or_else(|| "Dockerfile".to_string());
    let source = context.read(&dockerfile_path).ok_or_else(|| BuildError::NoDockerfile(dockerfile_path.clone()))?;
    if source.is_empty() {
        return Err(BuildError::step(Span::default(), format!("the Dockerfile ({dockerfile_path}) cannot be empty")));
    }
    context.remove_ignored_build_files(&dockerfile_path);
    let parsed = crate::build::parser::parse_and_validate_bytes(&source)?;
    let plan = stages::plan(&parsed.ast, options.target.as_deref(), &options.labels)?;
    let mut builder = dispatch::Builder::new(daemon.clone(), &context, &options, parsed.ast.directives.escape);
    let id = builder.run(&plan, out).await?;
    let now = {
        let mut d = daemon.borrow_mut();
        crate::api::GoTime::from_unix_nanos(d.kernel().now())
    };
    out(&format!("Successfully built {}\n", id.short()));
    for t in &tags {
        daemon.borrow_mut().images().tag(t, &id, now)?;
        out(&format!("Successfully tagged {}\n", t.familiar_string()));
    }
    Ok(id)
}
