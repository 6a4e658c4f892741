//! `docker image …` and its top-level shortcuts (`cli/command/image/*.go`, 20.10).

use super::{
    boolean, int, list, list_of, scalar, string, strings, DISABLE_CONTENT_TRUST, FORMAT_TEMPLATE,
    GROUP, PLATFORM, PRUNE_FORCE,
};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Only};

/// `docker image`.
pub static IMAGE: CommandDef = CommandDef {
    name: "image",
    usage: "image",
    short: "Manage images",
    canonical: &["image"],
    commands: &[
        &BUILD,
        &HISTORY,
        &IMPORT,
        &LOAD,
        &PULL,
        &PUSH,
        &SAVE,
        &TAG,
        &IMAGE_LS,
        &IMAGE_RM,
        &IMAGE_INSPECT,
        &IMAGE_PRUNE,
    ],
    ..GROUP
};

/// `docker build` = `docker image build`. Flags marked [`Only::Legacy`] are hidden from
/// `--help` when BuildKit builds (docker's `no-buildkit` annotation), and the reverse.
pub static BUILD: CommandDef = CommandDef {
    name: "build",
    usage: "build [OPTIONS] PATH | URL | -",
    short: "Build an image from a Dockerfile",
    canonical: &["image", "build"],
    args: Args::Exact(1),
    flags: &[
        list("tag", "Name and optionally a tag in the 'name:tag' format").short('t'),
        list("build-arg", "Set build-time variables"),
        list_of("ulimit", "ulimit", "Ulimit options").default("[]").only(Only::Legacy),
        string("file", "Name of the Dockerfile (Default is 'PATH/Dockerfile')").short('f'),
        scalar("bytes", "memory", "Memory limit").short('m').only(Only::Legacy),
        scalar("bytes", "memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
            .only(Only::Legacy),
        scalar("bytes", "shm-size", "Size of /dev/shm").only(Only::Legacy),
        int("cpu-shares", "CPU shares (relative weight)").short('c').only(Only::Legacy),
        int("cpu-period", "Limit the CPU CFS (Completely Fair Scheduler) period").only(Only::Legacy),
        int("cpu-quota", "Limit the CPU CFS (Completely Fair Scheduler) quota").only(Only::Legacy),
        string("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)").only(Only::Legacy),
        string("cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)").only(Only::Legacy),
        string("cgroup-parent", "Optional parent cgroup for the container").only(Only::Legacy),
        string("isolation", "Container isolation technology"),
        list("label", "Set metadata for an image"),
        boolean("no-cache", "Do not use cache when building the image"),
        boolean("rm", "Remove intermediate containers after a successful build").default("true").only(Only::Legacy),
        boolean("force-rm", "Always remove intermediate containers").only(Only::Legacy),
        boolean("quiet", "Suppress the build output and print image ID on success").short('q'),
        boolean("pull", "Always attempt to pull a newer version of the image"),
        strings("cache-from", "Images to consider as cache sources"),
        boolean("compress", "Compress the build context using gzip").only(Only::Legacy),
        strings("security-opt", "Security options").only(Only::Legacy),
        string("network", "Set the networking mode for the RUN instructions during build").default("default"),
        list("add-host", "Add a custom host-to-IP mapping (host:ip)"),
        string("target", "Set the target build stage to build."),
        string("iidfile", "Write the image ID to the file"),
        DISABLE_CONTENT_TRUST,
        PLATFORM,
        // Experimental daemon only.
        boolean("squash", "Squash newly built layers into a single new layer").hidden(),
        boolean("stream", "Stream attaches to server to negotiate build context").hidden(),
        string("progress", "Set type of progress output (auto, plain, tty). Use plain to show container output")
            .default("auto")
            .only(Only::BuildKit),
        list_of(
            "stringArray",
            "secret",
            "Secret file to expose to the build (only if BuildKit enabled): id=mysecret,src=/local/secret",
        )
        .only(Only::BuildKit),
        list_of(
            "stringArray",
            "ssh",
            "SSH agent socket or keys to expose to the build (only if BuildKit enabled) (format: default|<id>[=<socket>|<key>[,<key>]])",
        )
        .only(Only::BuildKit),
        list_of("stringArray", "output", "Output destination (format: type=local,dest=path)")
            .short('o')
            .only(Only::BuildKit),
    ],
    ..CommandDef::LEAF
};

/// `docker history` = `docker image history`.
pub static HISTORY: CommandDef = CommandDef {
    name: "history",
    usage: "history [OPTIONS] IMAGE",
    short: "Show the history of an image",
    canonical: &["image", "history"],
    args: Args::Exact(1),
    flags: &[
        boolean("human", "Print sizes and dates in human readable format").short('H').default("true"),
        boolean("quiet", "Only show image IDs").short('q'),
        boolean("no-trunc", "Don't truncate output"),
        string("format", "Pretty-print images using a Go template"),
    ],
    ..CommandDef::LEAF
};

/// `docker import` = `docker image import`.
pub static IMPORT: CommandDef = CommandDef {
    name: "import",
    usage: "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    short: "Import the contents from a tarball to create a filesystem image",
    canonical: &["image", "import"],
    args: Args::Range(1, 2),
    flags: &[
        list("change", "Apply Dockerfile instruction to the created image").short('c'),
        string("message", "Set commit message for imported image").short('m'),
        PLATFORM,
    ],
    ..CommandDef::LEAF
};

/// `docker image inspect`.
pub static IMAGE_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] IMAGE [IMAGE...]",
    short: "Display detailed information on one or more images",
    canonical: &["image", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};

/// The flags of `docker images` and `docker image ls`.
static IMAGES_FLAGS: &[FlagDef] = &[
    boolean("quiet", "Only show image IDs").short('q'),
    boolean("all", "Show all images (default hides intermediate images)").short('a'),
    boolean("no-trunc", "Don't truncate output"),
    boolean("digests", "Show digests"),
    string("format", "Pretty-print images using a Go template"),
    list_of("filter", "filter", "Filter output based on conditions provided").short('f'),
];

/// `docker images`.
pub static IMAGES: CommandDef = CommandDef {
    name: "images",
    usage: "images [OPTIONS] [REPOSITORY[:TAG]]",
    short: "List images",
    canonical: &["image", "ls"],
    args: Args::Max(1),
    flags: IMAGES_FLAGS,
    ..CommandDef::LEAF
};

/// `docker image ls` (aliases `images`, `list`).
pub static IMAGE_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["images", "list"],
    usage: "ls [OPTIONS] [REPOSITORY[:TAG]]",
    ..IMAGES
};

/// `docker load` = `docker image load`.
pub static LOAD: CommandDef = CommandDef {
    name: "load",
    usage: "load [OPTIONS]",
    short: "Load an image from a tar archive or STDIN",
    canonical: &["image", "load"],
    args: Args::None,
    flags: &[
        string("input", "Read from tar archive file, instead of STDIN").short('i'),
        boolean("quiet", "Suppress the load output").short('q'),
    ],
    ..CommandDef::LEAF
};

/// `docker image prune`.
pub static IMAGE_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove unused images",
    canonical: &["image", "prune"],
    args: Args::None,
    flags: &[
        boolean("all", "Remove all unused images, not just dangling ones").short('a'),
        PRUNE_FORCE,
        list_of("filter", "filter", "Provide filter values (e.g. 'until=<timestamp>')"),
    ],
    ..CommandDef::LEAF
};

/// `docker pull` = `docker image pull`.
pub static PULL: CommandDef = CommandDef {
    name: "pull",
    usage: "pull [OPTIONS] NAME[:TAG|@DIGEST]",
    short: "Pull an image or a repository from a registry",
    canonical: &["image", "pull"],
    args: Args::Exact(1),
    flags: &[
        boolean("all-tags", "Download all tagged images in the repository").short('a'),
        boolean("quiet", "Suppress verbose output").short('q'),
        PLATFORM,
        DISABLE_CONTENT_TRUST,
    ],
    ..CommandDef::LEAF
};

/// `docker push` = `docker image push`.
pub static PUSH: CommandDef = CommandDef {
    name: "push",
    usage: "push [OPTIONS] NAME[:TAG]",
    short: "Push an image or a repository to a registry",
    canonical: &["image", "push"],
    args: Args::Exact(1),
    flags: &[
        boolean("all-tags", "Push all tagged images in the repository").short('a'),
        boolean("quiet", "Suppress verbose output").short('q'),
        boolean("disable-content-trust", "Skip image signing").default("true"),
    ],
    ..CommandDef::LEAF
};

/// The flags of `docker rmi` and `docker image rm`.
static RMI_FLAGS: &[FlagDef] = &[
    boolean("force", "Force removal of the image").short('f'),
    boolean("no-prune", "Do not delete untagged parents"),
];

/// `docker rmi`.
pub static RMI: CommandDef = CommandDef {
    name: "rmi",
    usage: "rmi [OPTIONS] IMAGE [IMAGE...]",
    short: "Remove one or more images",
    canonical: &["image", "rm"],
    args: Args::Min(1),
    flags: RMI_FLAGS,
    ..CommandDef::LEAF
};

/// `docker image rm` (aliases `rmi`, `remove`).
pub static IMAGE_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["rmi", "remove"],
    usage: "rm [OPTIONS] IMAGE [IMAGE...]",
    ..RMI
};

/// `docker save` = `docker image save`.
pub static SAVE: CommandDef = CommandDef {
    name: "save",
    usage: "save [OPTIONS] IMAGE [IMAGE...]",
    short: "Save one or more images to a tar archive (streamed to STDOUT by default)",
    canonical: &["image", "save"],
    args: Args::Min(1),
    flags: &[string("output", "Write to a file, instead of STDOUT").short('o')],
    ..CommandDef::LEAF
};

/// `docker tag` = `docker image tag`.
pub static TAG: CommandDef = CommandDef {
    name: "tag",
    usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    canonical: &["image", "tag"],
    args: Args::Exact(2),
    interspersed: false,
    ..CommandDef::LEAF
};

/// `docker search` (no management form).
pub static SEARCH: CommandDef = CommandDef {
    name: "search",
    usage: "search [OPTIONS] TERM",
    short: "Search the Docker Hub for images",
    canonical: &["search"],
    args: Args::Exact(1),
    flags: &[
        boolean("no-trunc", "Don't truncate output"),
        list_of("filter", "filter", "Filter output based on conditions provided").short('f'),
        int("limit", "Max number of search results").default("25"),
        string("format", "Pretty-print search using a Go template"),
        boolean("automated", "Only show automated builds").deprecated("use --filter=is-automated=true instead"),
        crate::cli::grammar::FlagDef::new(
            "stars",
            crate::cli::grammar::Kind::Uint(64),
            "uint",
            "Only displays with at least x stars",
        )
        .short('s')
        .deprecated("use --filter=stars=3 instead"),
    ],
    ..CommandDef::LEAF
};
