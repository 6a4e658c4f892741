//! `docker image …` and its top-level shortcuts (`cli/command/image/*.go`, 28.2).
//!
//! `docker build` is the CLI's own (classic) builder command: docker 28 builds with BuildKit
//! only through the `buildx` plugin, which wharf does not install, so the BuildKit flags
//! (`--progress`, `--secret`, `--ssh`, `--output`) are unknown here, as in docker 28 without
//! buildx.

use super::{
    boolean, int, list, list_of, scalar, string, strings, DISABLE_CONTENT_TRUST, FILTER, FORMAT_TABLE,
    FORMAT_TEMPLATE, GROUP, PLATFORM, PRUNE_FORCE,
};
use crate::cli::grammar::{Args, CommandDef, FlagDef};

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

/// The flags of the classic builder (`AddBuildFlags` in `build.go`).
pub(crate) static BUILD_FLAGS: &[FlagDef] = &[
    list("tag", "Name and optionally a tag in the \"name:tag\" format").short('t'),
    list("build-arg", "Set build-time variables"),
    list_of("ulimit", "ulimit", "Ulimit options").default("[]"),
    string("file", "Name of the Dockerfile (Default is \"PATH/Dockerfile\")").short('f'),
    scalar("bytes", "memory", "Memory limit").short('m'),
    scalar("bytes", "memory-swap", "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
    scalar("bytes", "shm-size", "Size of \"/dev/shm\""),
    int("cpu-shares", "CPU shares (relative weight)").short('c'),
    int("cpu-period", "Limit the CPU CFS (Completely Fair Scheduler) period"),
    int("cpu-quota", "Limit the CPU CFS (Completely Fair Scheduler) quota"),
    string("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)"),
    string("cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
    string("cgroup-parent", "Set the parent cgroup for the \"RUN\" instructions during build"),
    string("isolation", "Container isolation technology"),
    list("label", "Set metadata for an image"),
    boolean("no-cache", "Do not use cache when building the image"),
    boolean("rm", "Remove intermediate containers after a successful build").default("true"),
    boolean("force-rm", "Always remove intermediate containers"),
    boolean("quiet", "Suppress the build output and print image ID on success").short('q'),
    boolean("pull", "Always attempt to pull a newer version of the image"),
    strings("cache-from", "Images to consider as cache sources"),
    boolean("compress", "Compress the build context using gzip"),
    strings("security-opt", "Security options"),
    string("network", "Set the networking mode for the RUN instructions during build").default("default").api("1.25"),
    list("add-host", "Add a custom host-to-IP mapping (\"host:ip\")"),
    string("target", "Set the target build stage to build."),
    string("iidfile", "Write the image ID to the file"),
    // Dropped from the 23+ classic command (so hidden from its help); accepted, as docker
    // 20.10's CLI had it, because wharf's builder takes RUN --mount=type=secret
    // (see `build::exec::mounts`).
    list("secret", "Secret file to expose to the build (only if BuildKit enabled): id=mysecret,src=/local/secret").hidden(),
    list("ssh", "SSH agent socket or keys to expose to the build (only if BuildKit enabled) (format: default|<id>[=<socket>|<key>[,<key>]])").hidden(),
    DISABLE_CONTENT_TRUST,
    string("platform", "Set platform if server is multi-platform capable").api("1.38"),
    boolean("squash", "Squash newly built layers into a single new layer").api("1.25").experimental(),
];

/// `docker build` = `docker image build` = `docker builder build`.
pub static BUILD: CommandDef = CommandDef {
    name: "build",
    usage: "build [OPTIONS] PATH | URL | -",
    short: "Build an image from a Dockerfile",
    canonical: &["image", "build"],
    alias_note: "docker image build, docker build, docker builder build",
    top: 4,
    args: Args::Exact(1),
    flags: BUILD_FLAGS,
    ..CommandDef::LEAF
};

/// `docker history` = `docker image history`.
pub static HISTORY: CommandDef = CommandDef {
    name: "history",
    usage: "history [OPTIONS] IMAGE",
    short: "Show the history of an image",
    canonical: &["image", "history"],
    alias_note: "docker image history, docker history",
    args: Args::Exact(1),
    flags: &[
        boolean("human", "Print sizes and dates in human readable format").short('H').default("true"),
        boolean("quiet", "Only show image IDs").short('q'),
        boolean("no-trunc", "Don't truncate output"),
        FORMAT_TABLE,
        string("platform", "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .api("1.48"),
    ],
    ..CommandDef::LEAF
};

/// `docker import` = `docker image import`.
pub static IMPORT: CommandDef = CommandDef {
    name: "import",
    usage: "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    short: "Import the contents from a tarball to create a filesystem image",
    canonical: &["image", "import"],
    alias_note: "docker image import, docker import",
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
    flags: &[
        FORMAT_TEMPLATE,
        string(
            "platform",
            "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
        )
        .api("1.49"),
    ],
    ..CommandDef::LEAF
};

/// The flags of `docker images` and `docker image ls`.
static IMAGES_FLAGS: &[FlagDef] = &[
    boolean("quiet", "Only show image IDs").short('q'),
    boolean("all", "Show all images (default hides intermediate images)").short('a'),
    boolean("digests", "Show digests"),
    boolean("no-trunc", "Don't truncate output"),
    FORMAT_TABLE,
    FILTER,
    boolean("tree", "List multi-platform images as a tree (EXPERIMENTAL)").api("1.47"),
];

/// `docker images`.
pub static IMAGES: CommandDef = CommandDef {
    name: "images",
    usage: "images [OPTIONS] [REPOSITORY[:TAG]]",
    short: "List images",
    canonical: &["image", "ls"],
    alias_note: "docker image ls, docker image list, docker images",
    top: 7,
    args: Args::Max(1),
    flags: IMAGES_FLAGS,
    ..CommandDef::LEAF
};

/// `docker image ls` (aliases `images`, `list`).
pub static IMAGE_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["images", "list"],
    usage: "ls [OPTIONS] [REPOSITORY[:TAG]]",
    top: 0,
    ..IMAGES
};

/// `docker load` = `docker image load`.
pub static LOAD: CommandDef = CommandDef {
    name: "load",
    usage: "load [OPTIONS]",
    short: "Load an image from a tar archive or STDIN",
    canonical: &["image", "load"],
    alias_note: "docker image load, docker load",
    args: Args::None,
    flags: &[
        string("input", "Read from tar archive file, instead of STDIN").short('i'),
        boolean("quiet", "Suppress the load output").short('q'),
        strings(
            "platform",
            "Load only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\").",
        )
        .api("1.48"),
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
    api: "1.25",
    flags: &[
        boolean("all", "Remove all unused images, not just dangling ones").short('a'),
        PRUNE_FORCE,
        list_of("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    ],
    ..CommandDef::LEAF
};

/// `docker pull` = `docker image pull`.
pub static PULL: CommandDef = CommandDef {
    name: "pull",
    usage: "pull [OPTIONS] NAME[:TAG|@DIGEST]",
    short: "Download an image from a registry",
    canonical: &["image", "pull"],
    alias_note: "docker image pull, docker pull",
    top: 5,
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
    short: "Upload an image to a registry",
    canonical: &["image", "push"],
    alias_note: "docker image push, docker push",
    top: 6,
    args: Args::Exact(1),
    flags: &[
        boolean("all-tags", "Push all tags of an image to the repository").short('a'),
        boolean("quiet", "Suppress verbose output").short('q'),
        boolean("disable-content-trust", "Skip image signing").default("true"),
        string(
            "platform",
            "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
        )
        .api("1.46"),
    ],
    ..CommandDef::LEAF
};

/// The flags of `docker rmi` and `docker image rm`.
static RMI_FLAGS: &[FlagDef] = &[
    boolean("force", "Force removal of the image").short('f'),
    boolean("no-prune", "Do not delete untagged parents"),
    strings("platform", "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
        .api("1.50"),
];

/// `docker rmi`.
pub static RMI: CommandDef = CommandDef {
    name: "rmi",
    usage: "rmi [OPTIONS] IMAGE [IMAGE...]",
    short: "Remove one or more images",
    canonical: &["image", "rm"],
    alias_note: "docker image rm, docker image remove, docker rmi",
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
    alias_note: "docker image save, docker save",
    args: Args::Min(1),
    flags: &[
        string("output", "Write to a file, instead of STDOUT").short('o'),
        strings(
            "platform",
            "Save only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\")",
        )
        .api("1.48"),
    ],
    ..CommandDef::LEAF
};

/// `docker tag` = `docker image tag`.
pub static TAG: CommandDef = CommandDef {
    name: "tag",
    usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    canonical: &["image", "tag"],
    alias_note: "docker image tag, docker tag",
    args: Args::Exact(2),
    interspersed: false,
    ..CommandDef::LEAF
};
