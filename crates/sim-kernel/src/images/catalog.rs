//! The stand-ins, declared: each image's layers (what files, which reported size, which
//! history line), its config and its tags, modelled on the Docker Hub image of the same name.
//! Derived images start from their base's [`Image`] value, so shared base layers are the same
//! bytes and a second pull says `Already exists`, as on Docker Hub. A catalogue: long by
//! nature, one function per image family.

use wharf_engine::digest::Digest;
use wharf_engine::registry::MemoryRegistry;

use super::bases;
use super::build::{set_of, strings, Image, Tree, DEBIAN_PATH};

/// `ADD file:<hex> in / ` as the legacy builder records a rootfs tarball.
fn add_file(name: &str) -> String {
    format!("/bin/sh -c #(nop) ADD file:{} in / ", Digest::of(name.as_bytes()).hex())
}

fn nop(instruction: &str) -> String {
    format!("/bin/sh -c #(nop)  {instruction}")
}

fn env<'a>(vars: &'a [&'a str]) -> impl FnOnce(&mut wharf_engine::image::oci::ContainerConfig) + 'a {
    move |c| {
        let mut all = c.env.take().unwrap_or_default();
        for v in vars {
            let key = v.split('=').next().unwrap_or(v);
            all.retain(|e| e.split('=').next() != Some(key));
            all.push(v.to_string());
        }
        c.env = Some(all);
    }
}

/// What the Hub shows in `docker search` for each repository.
const SEARCH: &[(&str, &str, u64, bool)] = &[
    ("library/hello-world", "Hello World! (an example of minimal Dockerization)", 2_290, true),
    ("library/busybox", "Busybox base image.", 3_300, true),
    ("library/alpine", "A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!", 10_900, true),
    ("library/ubuntu", "Ubuntu is a Debian-based Linux operating system based on free software.", 17_100, true),
    ("library/debian", "Debian is a Linux distribution that's composed entirely of free and open-source software.", 5_000, true),
    ("library/node", "Node.js is a JavaScript-based platform for server-side and networking applications.", 13_400, true),
    ("library/python", "Python is an interpreted, interactive, object-oriented, open-source programming language.", 9_900, true),
    ("library/golang", "Go (golang) is a general purpose, higher-level, imperative programming language.", 4_900, true),
    ("library/nginx", "Official build of Nginx.", 20_300, true),
    ("library/postgres", "The PostgreSQL object-relational database system provides reliability and data integrity.", 13_600, true),
    ("library/mysql", "MySQL is a widely used, open-source relational database management system (RDBMS).", 15_300, true),
    ("library/mongo", "MongoDB document databases provide high availability and easy scalability.", 10_200, true),
    ("library/redis", "Redis is the world’s fastest data platform for caching, vector search, and NoSQL databases.", 13_000, true),
    ("library/registry", "Distribution implementation for storing and distributing of container images and artifacts", 4_100, true),
    ("library/phpmyadmin", "phpMyAdmin - A web interface for MySQL and MariaDB.", 1_000, true),
    ("phpmyadmin/phpmyadmin", "A web interface for MySQL and MariaDB.", 1_000, false),
    ("docker/whalesay", "An image for use in the Docker demo tutorial", 800, false),
    ("bitnami/nginx", "Bitnami container image for NGINX", 190, false),
    ("bitnami/redis", "Bitnami container image for Redis®", 330, false),
    ("bitnami/postgresql", "Bitnami container image for PostgreSQL", 260, false),
];

/// Gives `hub` every stand-in, each repository built when first asked for, and the
/// `docker search` entries.
pub fn publish_all(hub: &mut MemoryRegistry) {
    for (repo, description, stars, official) in SEARCH {
        hub.set_search_info(repo, description, *stars, *official);
    }
    hub.stock_lazily(REPOSITORIES, publish);
}

/// Every repository [`publish`] makes.
const REPOSITORIES: &[&str] = &[
    "library/hello-world",
    "library/busybox",
    "library/alpine",
    "library/ubuntu",
    "library/debian",
    "library/node",
    "library/python",
    "library/golang",
    "library/nginx",
    "library/postgres",
    "library/mysql",
    "library/mongo",
    "library/redis",
    "library/registry",
    "library/phpmyadmin",
    "phpmyadmin/phpmyadmin",
    "docker/whalesay",
];

/// Builds `repository`'s images, with the bases they are built on, and publishes them. Called
/// by the Hub when the repository is first asked for: building them all took most of the
/// playground's boot, on hashing layers nobody had pulled yet. A base is built again for each
/// repository on it; its digests, made of constants, are the same every time.
fn publish(hub: &mut MemoryRegistry, repository: &str) {
    let alpine_latest = || alpine("3.18.4", "2023-09-28T21:19:27.801479409Z", 7_334_003);
    let buildpack = || buildpack_deps(&debian_full());
    match repository {
        "library/hello-world" => {
            hello_world().publish(hub, repository, &["latest", "linux"]);
        }
        "library/busybox" => {
            busybox().publish(hub, repository, &["latest", "1.36", "1.36.1"]);
        }
        "library/alpine" => {
            alpine("3.19.1", "2024-01-27T00:30:56.150479969Z", 7_377_100).publish(hub, repository, &["3.19", "3.19.1"]);
            alpine("3.21.3", "2025-02-14T03:28:36.102424148Z", 7_834_400).publish(hub, repository, &["3.21", "3.21.3"]);
            alpine_latest().publish(hub, repository, &["latest", "3.18", "3.18.4", "3"]);
        }
        "library/ubuntu" => {
            ubuntu("2023-10-11T06:33:25.108271811Z", "20.04", "20.04.6 LTS (Focal Fossa)", "focal", 72_812_000).publish(hub, repository, &["20.04", "focal"]);
            ubuntu("2024-09-11T16:03:26.530394114Z", "24.04", "24.04.1 LTS (Noble Numbat)", "noble", 78_118_000).publish(hub, repository, &["24.04", "noble"]);
            ubuntu_jammy().publish(hub, repository, &["22.04", "jammy", "latest"]);
        }
        "library/debian" => {
            debian_slim().publish(hub, repository, &["bookworm-slim", "12-slim", "stable-slim"]);
            debian_full().publish(hub, repository, &["bookworm", "12", "latest", "stable"]);
        }
        "library/node" => {
            let (_, deps) = buildpack();
            node(&deps, "20.10.0", "2023-12-19T12:30:13.186316404Z").publish(hub, repository, &["20", "20.10", "20.10.0", "lts", "latest", "20-bookworm"]);
            node(&deps, "18.13.0", "2023-01-11T09:18:40.447212712Z").publish(hub, repository, &["18.13.0", "18.13"]);
            node_alpine(&alpine_latest()).publish(hub, repository, &["20-alpine", "20.10-alpine", "lts-alpine", "alpine"]);
        }
        "library/python" => {
            let (_, deps) = buildpack();
            python(&deps, "3.12.1", "2023-12-19T16:11:49.360124519Z").publish(hub, repository, &["3.12", "3.12.1", "3", "latest", "bookworm", "3.12-bookworm"]);
            python(&deps, "3.11.7", "2023-12-19T16:07:37.918301846Z").publish(hub, repository, &["3.11", "3.11.7", "3.11-bookworm"]);
            python(&deps, "3.11.1", "2023-01-11T10:05:23.139276014Z").publish(hub, repository, &["3.11.1"]);
            python(&deps, "3.9.0", "2020-10-09T22:49:08.551212838Z").publish(hub, repository, &["3.9.0"]);
        }
        "library/golang" => {
            golang(&buildpack().0).publish(hub, repository, &["1.21", "1.21.5", "latest", "bookworm"]);
        }
        "library/nginx" => {
            nginx(&debian_slim(), false).publish(hub, repository, &["latest", "1.25", "1.25.3", "mainline"]);
            nginx(&alpine_latest(), true).publish(hub, repository, &["1.25-alpine", "1.25.3-alpine", "alpine", "mainline-alpine"]);
        }
        "library/postgres" => {
            postgres(&alpine_latest()).publish(hub, repository, &["15.1-alpine", "15-alpine", "15.1-alpine3.18"]);
            postgres_debian(&debian_slim()).publish(hub, repository, &["latest", "16", "16.1", "bookworm", "16-bookworm"]);
        }
        "library/mysql" => {
            let slim = debian_slim();
            mysql(&slim, "8.0", "8.0.35", "2023-12-14T19:49:59.124451784Z").publish(hub, repository, &["8.0", "8.0.35", "8"]);
            mysql(&slim, "9.0", "9.0.1", "2024-07-23T20:41:12.601254237Z").publish(hub, repository, &["9.0.1", "9.0", "9", "latest", "innovation"]);
        }
        "library/mongo" => {
            mongo(&ubuntu_jammy()).publish(hub, repository, &["latest", "7.0", "7", "7.0.4"]);
        }
        "library/redis" => {
            redis(&alpine_latest(), true).publish(hub, repository, &["7-alpine", "7.2-alpine", "alpine"]);
            redis(&debian_slim(), false).publish(hub, repository, &["latest", "7", "7.2", "7.2.3", "bookworm"]);
        }
        "library/registry" => {
            registry(&alpine_latest()).publish(hub, repository, &["2", "2.8", "2.8.3", "latest"]);
        }
        "library/phpmyadmin" => {
            phpmyadmin(&debian_slim()).publish(hub, repository, &["latest", "5", "5.2", "5.2.1", "apache"]);
        }
        "phpmyadmin/phpmyadmin" => {
            phpmyadmin(&debian_slim()).publish(hub, repository, &["latest", "5.2.1"]);
        }
        "docker/whalesay" => {
            whalesay().publish(hub, repository, &["latest"]);
        }
        _ => {}
    }
}

fn ubuntu_jammy() -> Image {
    ubuntu("2023-10-05T07:33:30.063575409Z", "22.04", "22.04.3 LTS (Jammy Jellyfish)", "jammy", 77_822_000)
}

fn hello_world() -> Image {
    let t = "2023-05-02T16:49:27.225193Z";
    Image::scratch()
        .layer(t, "/bin/sh -c #(nop) COPY file:201f8f1849e89d53be9f6aa76937f5e209d745abfd15a8552fcf2ba45ab267f9 in / ", 13_256, |f| {
            f.exe("hello", "hello", &[]);
        })
        .meta(t, &nop("CMD [\"/hello\"]"), |c| {
            c.env = strings(&["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
            c.cmd = strings(&["/hello"]);
        })
}

fn busybox() -> Image {
    let t = "2023-07-18T23:19:33.655005962Z";
    Image::scratch()
        .layer(t, &add_file("busybox-1.36.1-glibc"), 4_261_550, bases::busybox)
        .meta(t, &nop("CMD [\"sh\"]"), |c| {
            c.env = strings(&["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
            c.cmd = strings(&["sh"]);
        })
}

fn alpine(version: &str, t: &str, size: u64) -> Image {
    Image::scratch().layer(t, &add_file(&format!("alpine-minirootfs-{version}")), size, |f| bases::alpine(f, version)).meta(t, &nop("CMD [\"/bin/sh\"]"), |c| {
        c.env = strings(&["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
        c.cmd = strings(&["/bin/sh"]);
    })
}

/// An Ubuntu release: `id` as `22.04`, `version` as `22.04.3 LTS (Jammy Jellyfish)`.
fn ubuntu(t: &str, id: &str, version: &str, codename: &str, size: u64) -> Image {
    let point = version.split(' ').next().unwrap_or(id);
    let mut img = Image::scratch()
        .meta(t, &nop("ARG RELEASE"), |_| {})
        .meta(t, &nop("ARG LAUNCHPAD_BUILD_ARCH"), |_| {})
        .meta(t, &nop("LABEL org.opencontainers.image.ref.name=ubuntu"), |_| {})
        .meta(t, &nop(&format!("LABEL org.opencontainers.image.version={id}")), |_| {});
    let tree = bases::ubuntu(t, id, version, &format!("Ubuntu {point} LTS"), codename);
    img = img.with_layer(&super::build::Layer::new(tree, size, t, &add_file(&format!("ubuntu-{codename}-oci-amd64-root"))));
    img.meta(t, &nop("CMD [\"/bin/bash\"]"), |c| {
        c.env = strings(&[DEBIAN_PATH]);
        c.cmd = strings(&["/bin/bash"]);
        c.labels = Some([("org.opencontainers.image.ref.name".to_string(), "ubuntu".to_string()), ("org.opencontainers.image.version".to_string(), id.to_string())].into());
    })
}

fn debian_image(t: &str, full: bool, size: u64, name: &str) -> Image {
    let layer = super::build::Layer::new(bases::debian(t, full), size, t, &add_file(name));
    Image::scratch().with_layer(&layer).meta(t, &nop("CMD [\"bash\"]"), |c| {
        c.env = strings(&[DEBIAN_PATH]);
        c.cmd = strings(&["bash"]);
    })
}

fn debian_slim() -> Image {
    debian_image("2023-12-19T01:20:20.745455578Z", false, 74_761_000, "debian-bookworm-slim-rootfs")
}

fn debian_full() -> Image {
    debian_image("2023-12-19T01:19:46.327196838Z", true, 116_540_000, "debian-bookworm-rootfs")
}

/// `buildpack-deps:bookworm-scm` and `buildpack-deps:bookworm`, the bases of node, python
/// and golang.
fn buildpack_deps(debian: &Image) -> (Image, Image) {
    let t = "2023-12-19T05:20:39.174813911Z";
    let curl = debian.clone().layer(t, "/bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \trm -rf /var/lib/apt/lists/*", 25_930_000, |f| {
        f.exe("usr/bin/curl", "curl", &["libcurl.so.4", "libc.so.6"]).exe("usr/bin/wget", "wget", &["libc.so.6"]).exe("usr/bin/gpg", "gpg", &["libc.so.6"]);
        f.file("etc/ssl/certs/ca-certificates.crt", 0o644, b"# simulated certificate bundle\n");
    });
    let scm = curl.layer(t, "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t&& rm -rf /var/lib/apt/lists/*", 63_740_000, |f| {
        f.exe("usr/bin/git", "git", &["libc.so.6"]).exe("usr/bin/ssh", "ssh", &["libc.so.6"]).exe("usr/bin/hg", "hg", &[]).exe("usr/bin/svn", "svn", &["libc.so.6"]);
    });
    let deps = scm.clone().layer("2023-12-19T05:22:13.371529224Z", "/bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev \t\tlibdb-dev \t\tlibevent-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tlibglib2.0-dev \t\tlibgmp-dev \t\tlibjpeg-dev \t\tlibkrb5-dev \t\tliblzma-dev \t\tlibmagickcore-dev \t\tlibmagickwand-dev \t\tlibmaxminddb-dev \t\tlibncurses5-dev \t\tlibncursesw5-dev \t\tlibpng-dev \t\tlibpq-dev \t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tlibtool \t\tlibwebp-dev \t\tlibxml2-dev \t\tlibxslt-dev \t\tlibyaml-dev \t\tmake \t\tpatch \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; \trm -rf /var/lib/apt/lists/*", 687_200_000, |f| {
        f.exe("usr/bin/gcc", "gcc", &["libc.so.6"]).exe("usr/bin/g++", "g++", &["libc.so.6"]).exe("usr/bin/make", "make", &["libc.so.6"]).dir("usr/include/x86_64-linux-gnu", 0o755);
    });
    (scm, deps)
}

const NODE_ENTRYPOINT: &[u8] = b"#!/bin/sh\nset -e\n\n# Run command with node if the first argument contains a \"-\" or is not a system command. The last\n# part inside the \"{}\" is a workaround for the following bug in ash/dash:\n# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264\nif [ \"${1#-}\" != \"${1}\" ] || [ -z \"$(command -v \"${1}\")\" ] || { [ -f \"${1}\" ] && ! [ -x \"${1}\" ]; }; then\n  set -- node \"$@\"\nfi\n\nexec \"$@\"\n";

fn node_files(f: &mut Tree) {
    f.exe("usr/local/bin/node", "node", &["libc.so.6"]);
    f.dir("usr/local/lib/node_modules/npm/bin", 0o755);
    f.file("usr/local/lib/node_modules/npm/bin/npm-cli.js", 0o755, b"#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n");
    f.exe("usr/local/bin/npm", "npm", &[]);
    f.link("usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js");
}

fn node_config(c: &mut wharf_engine::image::oci::ContainerConfig) {
    c.entrypoint = strings(&["docker-entrypoint.sh"]);
    c.cmd = strings(&["node"]);
}

fn node(deps: &Image, version: &str, t: &str) -> Image {
    let version_env = format!("NODE_VERSION={version}");
    deps.clone()
        .layer(t, "/bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node", 8_530, |f| {
            f.owned_dir("home/node", 0o755, 1000, 1000);
            // `USER node` and `COPY --chown=node` look the user up in the image.
            f.file("etc/passwd", 0o644, format!("{}node:x:1000:1000::/home/node:/bin/bash\n", crate::userland::host::PASSWD).as_bytes());
            f.file("etc/group", 0o644, format!("{}node:x:1000:\n", crate::userland::host::GROUP).as_bytes());
        })
        .meta(t, &nop(&format!("ENV {version_env}")), env(&[DEBIAN_PATH, &version_env]))
        .layer(t, "/bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\"   && case \"${dpkgArch##*-}\" in     amd64) ARCH='x64';;   esac   && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\"   && tar -xJf \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner   && node --version   && npm --version", 190_500_000, node_files)
        .meta(t, &nop("ENV YARN_VERSION=1.22.19"), env(&["YARN_VERSION=1.22.19"]))
        .layer(t, "/bin/sh -c set -ex   && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && yarn --version", 5_340_000, |f| {
            f.file("opt/yarn-v1.22.19/bin/yarn.js", 0o755, b"#!/usr/bin/env node\n");
            f.link("usr/local/bin/yarn", "/opt/yarn-v1.22.19/bin/yarn");
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:4d192565a7220e135cab6c77fbc1c73211b69f3d9fb37e62857b2c6eb9363d51 in /usr/local/bin/ ", 388, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o755, NODE_ENTRYPOINT);
        })
        .meta(t, &nop("ENTRYPOINT [\"docker-entrypoint.sh\"]"), node_config)
        .meta(t, &nop("CMD [\"node\"]"), node_config)
}

fn node_alpine(alpine: &Image) -> Image {
    let t = "2023-12-19T12:41:30.547187325Z";
    alpine
        .clone()
        .meta(t, &nop("ENV NODE_VERSION=20.10.0"), env(&["NODE_VERSION=20.10.0"]))
        .layer(t, "/bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         curl     && ARCH= && alpineArch=\"$(apk --print-arch)\"       && case \"${alpineArch##*-}\" in         x86_64)           ARCH='x64'           ;;       esac   && node --version   && npm --version", 125_480_000, |f| {
            node_files(f);
            f.file("etc/passwd", 0o644, format!("{}node:x:1000:1000:Linux User,,,:/home/node:/bin/sh\n", super::bases::ALPINE_PASSWD).as_bytes());
            f.file("etc/group", 0o644, format!("{}node:x:1000:node\n", super::bases::ALPINE_GROUP).as_bytes());
            f.owned_dir("home/node", 0o755, 1000, 1000);
        })
        .meta(t, &nop("ENV YARN_VERSION=1.22.19"), env(&["YARN_VERSION=1.22.19"]))
        .layer(t, "/bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && yarn --version", 5_340_000, |f| {
            f.file("opt/yarn-v1.22.19/bin/yarn.js", 0o755, b"#!/usr/bin/env node\n");
            f.link("usr/local/bin/yarn", "/opt/yarn-v1.22.19/bin/yarn");
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:4d192565a7220e135cab6c77fbc1c73211b69f3d9fb37e62857b2c6eb9363d51 in /usr/local/bin/ ", 388, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o755, NODE_ENTRYPOINT);
        })
        .meta(t, &nop("ENTRYPOINT [\"docker-entrypoint.sh\"]"), node_config)
        .meta(t, &nop("CMD [\"node\"]"), node_config)
}

fn python(deps: &Image, version: &str, t: &str) -> Image {
    let minor = version.rsplit_once('.').map_or(version, |(m, _)| m);
    let version_env = format!("PYTHON_VERSION={version}");
    let exe = format!("usr/local/bin/python{minor}");
    let lib = format!("libpython{minor}.so.1.0");
    let site = format!("usr/local/lib/python{minor}/site-packages");
    let pip = format!("#!/usr/local/bin/python{minor}\nimport sys\nfrom pip._internal.cli.main import main\nsys.exit(main())\n");
    deps.clone()
        .meta(t, "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", env(&["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]))
        .meta(t, "ENV LANG=C.UTF-8", env(&["LANG=C.UTF-8"]))
        .layer(t, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit", 7_800_000, |f| {
            f.dir("usr/include/tk", 0o755);
        })
        .meta(t, "ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", env(&["GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D"]))
        .meta(t, &format!("ENV {version_env}"), env(&[&version_env]))
        .layer(t, "RUN /bin/sh -c set -eux; \twget -O python.tar.xz \"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz\"; \t./configure --enable-optimizations --enable-shared; \tmake -j \"$nproc\"; \tmake install; \tpython3 --version # buildkit", 97_000_000, |f| {
            f.exe(&exe, "python3", &[&lib, "libc.so.6"]);
            f.link("usr/local/bin/python3", &exe["usr/local/bin/".len()..]);
            f.dir(&site, 0o755);
        })
        .layer(t, "RUN /bin/sh -c set -eux; \tfor src in idle3 pydoc3 python3 python3-config; do \t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; \t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone # buildkit", 32, |f| {
            f.link("usr/local/bin/python", "python3");
            f.link("usr/local/bin/pydoc", "pydoc3");
        })
        .meta(t, "ENV PYTHON_PIP_VERSION=23.2.1", env(&["PYTHON_PIP_VERSION=23.2.1"]))
        .layer(t, "RUN /bin/sh -c set -eux; \twget -O get-pip.py \"$PYTHON_GET_PIP_URL\"; \tpython get-pip.py --disable-pip-version-check --no-cache-dir --no-compile \"pip==$PYTHON_PIP_VERSION\"; \tpip --version # buildkit", 12_000_000, |f| {
            f.file("usr/local/bin/pip", 0o755, pip.as_bytes());
            f.dir(&format!("{site}/pip"), 0o755);
        })
        .meta(t, "CMD [\"python3\"]", |c| c.cmd = strings(&["python3"]))
}

fn golang(scm: &Image) -> Image {
    let t = "2023-12-19T19:47:07.412254196Z";
    scm.clone()
        .layer(t, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tg++ \t\tgcc \t\tlibc6-dev \t\tmake \t\tpkg-config \t; \trm -rf /var/lib/apt/lists/* # buildkit", 233_000_000, |f| {
            f.exe("usr/bin/gcc", "gcc", &["libc.so.6"]).exe("usr/bin/make", "make", &["libc.so.6"]);
        })
        .meta(t, "ENV PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", env(&["PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]))
        .meta(t, "ENV GOLANG_VERSION=1.21.5", env(&["GOLANG_VERSION=1.21.5"]))
        .meta(t, "ENV GOTOOLCHAIN=local", env(&["GOTOOLCHAIN=local"]))
        .layer(t, "RUN /bin/sh -c set -eux; \tarch=\"$(dpkg --print-architecture)\"; arch=\"${arch##*-}\"; \turl='https://dl.google.com/go/go1.21.5.linux-amd64.tar.gz'; \twget -O go.tgz.asc \"$url.asc\"; \twget -O go.tgz \"$url\" --progress=dot:giga; \ttar -C /usr/local -xzf go.tgz; \trm go.tgz; \tgo version # buildkit", 374_000_000, |f| {
            f.exe("usr/local/go/bin/go", "go", &[]).exe("usr/local/go/bin/gofmt", "gofmt", &[]);
            f.file("usr/local/go/VERSION", 0o644, b"go1.21.5\ntime 2023-11-29T21:21:45Z\n");
        })
        .meta(t, "ENV GOPATH=/go", env(&["GOPATH=/go", "PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]))
        .layer(t, "RUN /bin/sh -c mkdir -p \"$GOPATH/src\" \"$GOPATH/bin\" && chmod -R 1777 \"$GOPATH\" # buildkit", 0, |f| {
            f.dir("go/src", 0o1777).dir("go/bin", 0o1777);
        })
        .meta(t, "WORKDIR /go", |c| c.working_dir = Some("/go".into()))
}

const NGINX_ENTRYPOINT: &[u8] = b"#!/bin/sh
# vim:sw=4:ts=4:et

set -e

entrypoint_log() {
    if [ -z \"${NGINX_ENTRYPOINT_QUIET_LOGS:-}\" ]; then
        echo \"$@\"
    fi
}

if [ \"$1\" = \"nginx\" ] || [ \"$1\" = \"nginx-debug\" ]; then
    entrypoint_log \"$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\"
    entrypoint_log \"$0: Looking for shell scripts in /docker-entrypoint.d/\"
    entrypoint_log \"$0: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\"
    /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
    entrypoint_log \"$0: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\"
    entrypoint_log \"$0: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\"
    entrypoint_log \"$0: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\"
    entrypoint_log \"$0: Configuration complete; ready for start up\"
fi

exec \"$@\"
";

const NGINX_DEFAULT_CONF: &[u8] = b"server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
";

const NGINX_INDEX: &[u8] = b"<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// nginx 1.25.3 on Debian's slim image (`latest`), or on Alpine (`1.25-alpine`).
fn nginx(base: &Image, alpine: bool) -> Image {
    let t = if alpine { "2023-12-19T13:32:04.640284291Z" } else { "2023-12-19T13:10:43.386216354Z" };
    let install = if alpine {
        "/bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apkArch=\"$(cat /etc/apk/arch)\"     && apk add --no-cache --virtual .nginx-rundeps $nginxPackages     && apk add --no-cache --virtual .gettext gettext     && apk add --no-cache tzdata     && apk add --no-cache curl ca-certificates     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d"
    } else {
        "/bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && apt-get install --no-install-recommends --no-install-suggests -y                         $nginxPackages                         gettext-base                         curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d"
    };
    let (libc, pcre) = if alpine { ("libc.musl-x86_64.so.1", "libpcre2-8.so.0") } else { ("libc.so.6", "libpcre2-8.so.0") };
    let passwd = if alpine {
        format!("{}nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n", bases::ALPINE_PASSWD)
    } else {
        format!("{}nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", crate::userland::host::PASSWD)
    };
    let (release, size) = if alpine { ("PKG_RELEASE=1", 38_200_000) } else { ("PKG_RELEASE=1~bookworm", 112_100_000) };
    let cmd = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["/docker-entrypoint.sh"]);
        c.exposed_ports = set_of(&["80/tcp"]);
        c.stop_signal = Some("SIGQUIT".into());
        c.cmd = strings(&["nginx", "-g", "daemon off;"]);
    };
    base.clone()
        .meta(t, &nop("LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>"), |c| {
            c.labels = Some([("maintainer".to_string(), "NGINX Docker Maintainers <docker-maint@nginx.com>".to_string())].into());
        })
        .meta(t, &nop("ENV NGINX_VERSION=1.25.3"), env(&["NGINX_VERSION=1.25.3"]))
        .meta(t, &nop("ENV NJS_VERSION=0.8.2"), env(&["NJS_VERSION=0.8.2"]))
        .meta(t, &nop(&format!("ENV {release}")), env(&[release]))
        .layer(t, install, size, |f| {
            f.exe("usr/sbin/nginx", "nginx", &[libc, pcre]);
            f.exe("usr/sbin/nginx-debug", "nginx", &[libc, pcre]);
            f.file("etc/nginx/nginx.conf", 0o644, b"\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    keepalive_timeout  65;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n");
            f.file("etc/nginx/conf.d/default.conf", 0o644, NGINX_DEFAULT_CONF);
            f.file("usr/share/nginx/html/index.html", 0o644, NGINX_INDEX);
            f.file("usr/share/nginx/html/50x.html", 0o644, b"<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n");
            f.link("var/log/nginx/access.log", "/dev/stdout").link("var/log/nginx/error.log", "/dev/stderr");
            f.dir("var/cache/nginx", 0o755).dir("docker-entrypoint.d", 0o755);
            f.file("etc/passwd", 0o644, passwd.as_bytes());
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:01e75c6dd0ce317d516928a17584d111cd082840c01e58be0afae1ea9b5f5da2 in / ", 1_620, |f| {
            f.file("docker-entrypoint.sh", 0o775, NGINX_ENTRYPOINT);
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:caec368f5a54f70a844a13005eb2255bed778809b3672d516e719ce2f4bce123 in /docker-entrypoint.d ", 2_125, |f| {
            f.file("docker-entrypoint.d/10-listen-on-ipv6-by-default.sh", 0o775, b"#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n\nME=$(basename \"$0\")\necho \"$ME: info: Getting the checksum of /etc/nginx/conf.d/default.conf\"\necho \"$ME: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\"\n");
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:3b1b9915b7dd898a0e32f7eb9715a35c9feab914022efff68ba990bc1ec7d73e in /docker-entrypoint.d ", 389, |f| {
            f.file("docker-entrypoint.d/15-local-resolvers.envsh", 0o775, b"#!/bin/sh\n# vim:sw=2:ts=2:sts=2:et\n\nset -eu\n\n[ \"${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}\" ] || return 0\n");
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:57846632accc89753f45cbc00cb9e6223d991e1d31297eec3395a7ca58eed6a6 in /docker-entrypoint.d ", 3_018, |f| {
            f.file("docker-entrypoint.d/20-envsubst-on-templates.sh", 0o775, b"#!/bin/sh\n\nset -e\n\n# templates in /etc/nginx/templates would be rendered into /etc/nginx/conf.d\nexit 0\n");
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:9e3b2b63db9f8fc7ff7a9f0f6a0e6ef8f2f0a2a0fb2a5c5b1e1e6a5b2b3b0e7a in /docker-entrypoint.d ", 4_619, |f| {
            f.file("docker-entrypoint.d/30-tune-worker-processes.sh", 0o775, b"#!/bin/sh\n# vim:sw=2:ts=2:sts=2:et\n\nset -eu\n\nexit 0\n");
        })
        .meta(t, &nop("ENTRYPOINT [\"/docker-entrypoint.sh\"]"), cmd)
        .meta(t, &nop("EXPOSE 80"), cmd)
        .meta(t, &nop("STOPSIGNAL SIGQUIT"), cmd)
        .meta(t, &nop("CMD [\"nginx\" \"-g\" \"daemon off;\"]"), cmd)
}

const DB_ENTRYPOINT: &str = "#!/bin/sh\nset -e\n\n# if the first argument looks like a flag, the server is meant\nif [ \"${1#-}\" != \"$1\" ]; then\n\tset -- SERVER \"$@\"\nfi\n\nexec \"$@\"\n";

fn entrypoint(server: &str) -> Vec<u8> {
    DB_ENTRYPOINT.replace("SERVER", server).into_bytes()
}

/// What both postgres builds end their config with.
fn postgres_config(c: &mut wharf_engine::image::oci::ContainerConfig) {
    c.entrypoint = strings(&["docker-entrypoint.sh"]);
    c.stop_signal = Some("SIGINT".into());
    c.exposed_ports = set_of(&["5432/tcp"]);
    c.volumes = set_of(&["/var/lib/postgresql/data"]);
    c.cmd = strings(&["postgres"]);
}

fn postgres(alpine: &Image) -> Image {
    let t = "2022-12-09T00:57:55.371346318Z";
    let cfg = postgres_config;
    alpine
        .clone()
        .layer(t, "/bin/sh -c set -eux; \taddgroup -g 70 -S postgres; \tadduser -u 70 -S -D -G postgres -H -h /var/lib/postgresql -s /bin/sh postgres; \tmkdir -p /var/lib/postgresql; \tchown -R postgres:postgres /var/lib/postgresql", 4_578, |f| {
            f.owned_dir("var/lib/postgresql", 0o755, 70, 70);
        })
        .meta(t, &nop("ENV LANG=en_US.utf8"), env(&["LANG=en_US.utf8"]))
        .layer(t, "/bin/sh -c mkdir /docker-entrypoint-initdb.d", 0, |f| {
            f.dir("docker-entrypoint-initdb.d", 0o755);
        })
        .meta(t, &nop("ENV PG_MAJOR=15"), env(&["PG_MAJOR=15"]))
        .meta(t, &nop("ENV PG_VERSION=15.1"), env(&["PG_VERSION=15.1"]))
        .layer(t, "/bin/sh -c set -eux; \t\twget -O postgresql.tar.bz2 \"https://ftp.postgresql.org/pub/source/v$PG_VERSION/postgresql-$PG_VERSION.tar.bz2\"; \t./configure --prefix=/usr/local --with-openssl --with-libxml --with-icu; \tmake -j \"$(nproc)\" world-bin; \tmake install-world-bin; \tpostgres --version", 232_700_000, |f| {
            f.exe("usr/local/bin/postgres", "postgres", &["libc.musl-x86_64.so.1"]);
            f.exe("usr/local/bin/psql", "psql", &["libc.musl-x86_64.so.1"]);
            f.exe("usr/local/bin/initdb", "initdb", &["libc.musl-x86_64.so.1"]);
            f.file("usr/local/share/postgresql/postgresql.conf.sample", 0o644, b"#listen_addresses = 'localhost'\n#port = 5432\n");
        })
        .layer(t, "/bin/sh -c sed -ri \"s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!\" /usr/local/share/postgresql/postgresql.conf.sample", 29_640, |f| {
            f.file("usr/local/share/postgresql/postgresql.conf.sample", 0o644, b"listen_addresses = '*'\n#port = 5432\n");
        })
        .layer(t, "/bin/sh -c mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql && chmod 2777 /var/run/postgresql", 0, |f| {
            f.owned_dir("var/run/postgresql", 0o2777, 70, 70);
        })
        .meta(t, &nop("ENV PGDATA=/var/lib/postgresql/data"), env(&["PGDATA=/var/lib/postgresql/data"]))
        .layer(t, "/bin/sh -c mkdir -p \"$PGDATA\" && chown -R postgres:postgres \"$PGDATA\" && chmod 777 \"$PGDATA\"", 0, |f| {
            f.owned_dir("var/lib/postgresql/data", 0o777, 70, 70);
        })
        .meta(t, &nop("VOLUME [/var/lib/postgresql/data]"), cfg)
        .layer(t, "/bin/sh -c #(nop) COPY file:0ad06d1b27c8e2d4bfb3bb7a9c0e4d4d9cfa4a0b81a2f4ad0e1e1fa3ab0e8ab0 in /usr/local/bin/ ", 12_346, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o775, &entrypoint("postgres"));
        })
        .meta(t, &nop("ENTRYPOINT [\"docker-entrypoint.sh\"]"), cfg)
        .meta(t, &nop("STOPSIGNAL SIGINT"), cfg)
        .meta(t, &nop("EXPOSE 5432"), cfg)
        .meta(t, &nop("CMD [\"postgres\"]"), cfg)
}

/// `postgres:16` (`latest`): the Debian build, apt's PostgreSQL under `/usr/lib/postgresql/16`.
fn postgres_debian(slim: &Image) -> Image {
    let t = "2023-12-12T01:57:38.271618203Z";
    let cfg = postgres_config;
    slim.clone()
        .layer(t, "RUN /bin/sh -c set -eux; \tgroupadd -r postgres --gid=999; \tuseradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \tmkdir -p /var/lib/postgresql; \tchown -R postgres:postgres /var/lib/postgresql # buildkit", 4_530, |f| {
            f.owned_dir("var/lib/postgresql", 0o755, 999, 999);
        })
        .layer(t, "RUN /bin/sh -c set -eux; \twget -O /usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch\"; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit", 4_110_000, |f| {
            f.exe("usr/local/bin/gosu", "gosu", &[]);
        })
        .meta(t, "ENV LANG=en_US.utf8", env(&["LANG=en_US.utf8"]))
        .layer(t, "RUN /bin/sh -c mkdir /docker-entrypoint-initdb.d # buildkit", 0, |f| {
            f.dir("docker-entrypoint-initdb.d", 0o755);
        })
        .meta(t, "ENV PG_MAJOR=16", env(&["PG_MAJOR=16"]))
        .meta(t, "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/16/bin", env(&["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/16/bin"]))
        .meta(t, "ENV PG_VERSION=16.1-1.pgdg120+1", env(&["PG_VERSION=16.1-1.pgdg120+1"]))
        .layer(t, "RUN /bin/sh -c set -ex; \t\texport PYTHONDONTWRITEBYTECODE=1; \t\tapt-get update; \tapt-get install -y --no-install-recommends \t\tpostgresql-common \t\t\"postgresql-$PG_MAJOR=$PG_VERSION\" \t; \t\trm -rf /var/lib/apt/lists/*; \t\tpostgres --version # buildkit", 296_600_000, |f| {
            f.exe("usr/lib/postgresql/16/bin/postgres", "postgres", &["libc.so.6"]);
            f.exe("usr/lib/postgresql/16/bin/psql", "psql", &["libc.so.6"]);
            f.exe("usr/lib/postgresql/16/bin/initdb", "initdb", &["libc.so.6"]);
            f.link("usr/bin/psql", "../lib/postgresql/16/bin/psql");
            f.file("usr/share/postgresql/postgresql.conf.sample", 0o644, b"#listen_addresses = 'localhost'\n#port = 5432\n");
        })
        .layer(t, "RUN /bin/sh -c set -eux; \tdpkg-divert --add --rename --divert \"/usr/share/postgresql/postgresql.conf.sample.dpkg\" \"/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample\"; \tsed -ri \"s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!\" /usr/share/postgresql/postgresql.conf.sample # buildkit", 54_560, |f| {
            f.file("usr/share/postgresql/postgresql.conf.sample", 0o644, b"listen_addresses = '*'\n#port = 5432\n");
        })
        .layer(t, "RUN /bin/sh -c mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql # buildkit", 0, |f| {
            f.owned_dir("var/run/postgresql", 0o3777, 999, 999);
        })
        .meta(t, "ENV PGDATA=/var/lib/postgresql/data", env(&["PGDATA=/var/lib/postgresql/data"]))
        .layer(t, "RUN /bin/sh -c mkdir -p \"$PGDATA\" && chown -R postgres:postgres \"$PGDATA\" && chmod 1777 \"$PGDATA\" # buildkit", 0, |f| {
            f.owned_dir("var/lib/postgresql/data", 0o1777, 999, 999);
        })
        .meta(t, "VOLUME [/var/lib/postgresql/data]", cfg)
        .layer(t, "COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit", 17_310, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o775, &entrypoint("postgres"));
        })
        .meta(t, "ENTRYPOINT [\"docker-entrypoint.sh\"]", cfg)
        .meta(t, "STOPSIGNAL SIGINT", cfg)
        .meta(t, "EXPOSE map[5432/tcp:{}]", cfg)
        .meta(t, "CMD [\"postgres\"]", cfg)
}

fn mysql(slim: &Image, major: &str, version: &str, t: &str) -> Image {
    let (major_env, version_env) = (format!("MYSQL_MAJOR={major}"), format!("MYSQL_VERSION={version}-1debian12"));
    let cfg = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["docker-entrypoint.sh"]);
        c.exposed_ports = set_of(&["3306/tcp", "33060/tcp"]);
        c.volumes = set_of(&["/var/lib/mysql"]);
        c.cmd = strings(&["mysqld"]);
    };
    slim.clone()
        .layer(t, "RUN /bin/sh -c set -eux; \tgroupadd --system --gid 999 mysql; \tuseradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql # buildkit", 1_720, |_| {})
        .meta(t, "ENV GOSU_VERSION=1.16", env(&["GOSU_VERSION=1.16"]))
        .layer(t, "RUN /bin/sh -c set -eux; \twget -O /usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$arch\"; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit", 4_110_000, |f| {
            f.exe("usr/local/bin/gosu", "gosu", &[]);
        })
        .meta(t, &format!("ENV {major_env}"), env(&[&major_env]))
        .meta(t, &format!("ENV {version_env}"), env(&[&version_env]))
        .layer(t, "RUN /bin/sh -c { \t\techo mysql-community-server mysql-community-server/data-dir select ''; \t} | debconf-set-selections \t&& apt-get update \t&& apt-get install -y \t\tmysql-community-client=\"${MYSQL_VERSION}\" \t\tmysql-community-server-core=\"${MYSQL_VERSION}\" \t&& rm -rf /var/lib/apt/lists/* \t&& rm -rf /var/lib/mysql && mkdir -p /var/lib/mysql /var/run/mysqld \t&& chown -R mysql:mysql /var/lib/mysql /var/run/mysqld \t&& chmod 1777 /var/run/mysqld /var/lib/mysql # buildkit", 496_300_000, |f| {
            f.exe("usr/sbin/mysqld", "mysqld", &["libc.so.6"]);
            f.exe("usr/bin/mysql", "mysql", &["libc.so.6"]);
            f.owned_dir("var/lib/mysql", 0o1777, 999, 999).owned_dir("var/run/mysqld", 0o1777, 999, 999);
            f.file("etc/mysql/my.cnf", 0o644, b"[mysqld]\nskip-host-cache\nskip-name-resolve\ndatadir = /var/lib/mysql\nsocket = /var/run/mysqld/mysqld.sock\n");
        })
        .meta(t, "VOLUME [/var/lib/mysql]", cfg)
        .layer(t, "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 15_380, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o775, &entrypoint("mysqld"));
        })
        .meta(t, "ENTRYPOINT [\"docker-entrypoint.sh\"]", cfg)
        .meta(t, "EXPOSE map[3306/tcp:{} 33060/tcp:{}]", cfg)
        .meta(t, "CMD [\"mysqld\"]", cfg)
}

fn mongo(ubuntu: &Image) -> Image {
    let t = "2023-12-13T03:10:05.816374583Z";
    let cfg = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["docker-entrypoint.sh"]);
        c.exposed_ports = set_of(&["27017/tcp"]);
        c.volumes = set_of(&["/data/configdb", "/data/db"]);
        c.cmd = strings(&["mongod"]);
    };
    ubuntu
        .clone()
        .layer(t, "RUN /bin/sh -c set -eux; \tgroupadd --gid 999 --system mongodb; \tuseradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb; \tmkdir -p /data/db /data/configdb; \tchown -R mongodb:mongodb /data/db /data/configdb # buildkit", 3_280, |f| {
            f.owned_dir("data/db", 0o755, 999, 999).owned_dir("data/configdb", 0o755, 999, 999);
        })
        .layer(t, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tjq \t\tnumactl \t\tprocps \t; \trm -rf /var/lib/apt/lists/* # buildkit", 8_070_000, |f| {
            f.exe("usr/bin/jq", "jq", &["libc.so.6"]);
        })
        .layer(t, "RUN /bin/sh -c set -ex; \twget -O /usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch\"; \tchmod +x /usr/local/bin/gosu; \tgosu --version # buildkit", 6_690_000, |f| {
            f.exe("usr/local/bin/gosu", "gosu", &[]);
        })
        .meta(t, "ENV MONGO_MAJOR=7.0", env(&["MONGO_MAJOR=7.0"]))
        .meta(t, "ENV MONGO_VERSION=7.0.4", env(&["MONGO_VERSION=7.0.4"]))
        .layer(t, "RUN /bin/sh -c set -x \t&& export DEBIAN_FRONTEND=noninteractive \t&& apt-get update \t&& apt-get install -y \t\t${MONGO_PACKAGE}=$MONGO_VERSION \t\t${MONGO_PACKAGE}-server=$MONGO_VERSION \t\t${MONGO_PACKAGE}-shell=$MONGO_VERSION \t\t${MONGO_PACKAGE}-mongos=$MONGO_VERSION \t\t${MONGO_PACKAGE}-tools=$MONGO_VERSION \t&& rm -rf /var/lib/apt/lists/* \t&& rm -rf /var/lib/mongodb \t&& mv /etc/mongod.conf /etc/mongod.conf.orig # buildkit", 661_500_000, |f| {
            f.exe("usr/bin/mongod", "mongod", &["libc.so.6"]);
            f.exe("usr/bin/mongosh", "mongosh", &[]);
            f.file("etc/mongod.conf.orig", 0o644, b"storage:\n  dbPath: /var/lib/mongodb\nnet:\n  port: 27017\n  bindIp: 127.0.0.1\n");
        })
        .meta(t, "VOLUME [/data/db /data/configdb]", cfg)
        .meta(t, "ENV HOME=/data/db", env(&["HOME=/data/db"]))
        .layer(t, "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 14_990, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o775, &entrypoint("mongod"));
        })
        .meta(t, "ENTRYPOINT [\"docker-entrypoint.sh\"]", cfg)
        .meta(t, "EXPOSE map[27017/tcp:{}]", cfg)
        .meta(t, "CMD [\"mongod\"]", cfg)
}

/// redis 7.2.3 on Alpine (`7-alpine`, with su-exec) or on Debian's slim image (`latest`, with
/// gosu), as the two official builds differ.
fn redis(base: &Image, alpine: bool) -> Image {
    let t = if alpine { "2023-11-01T16:52:49.167716223Z" } else { "2023-12-19T02:28:27.537203125Z" };
    let cfg = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["docker-entrypoint.sh"]);
        c.exposed_ports = set_of(&["6379/tcp"]);
        c.volumes = set_of(&["/data"]);
        c.working_dir = Some("/data".into());
        c.cmd = strings(&["redis-server"]);
    };
    let (img, build, size, libc, gid) = if alpine {
        let img = base
            .clone()
            .layer(t, "RUN /bin/sh -c addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis # buildkit", 4_610, |_| {})
            .layer(t, "RUN /bin/sh -c apk add --no-cache \t\t'su-exec>=0.2' \t\ttzdata # buildkit", 1_380_000, |f| {
                f.exe("sbin/su-exec", "su-exec", &[]);
                f.dir("usr/share/zoneinfo", 0o755);
            });
        (img, "RUN /bin/sh -c set -eux; \t\tapk add --no-cache --virtual .build-deps \t\tcoreutils \t\tdpkg-dev dpkg \t\tgcc \t\tlinux-headers \t\tmake \t\tmusl-dev \t\topenssl-dev \t; \t\twget -O redis.tar.gz \"$REDIS_DOWNLOAD_URL\"; \tmake -C /usr/src/redis -j \"$(nproc)\" all; \tmake -C /usr/src/redis install; \tredis-cli --version; \tredis-server --version # buildkit", 31_880_000, "libc.musl-x86_64.so.1", 1000)
    } else {
        let img = base
            .clone()
            .layer(t, "RUN /bin/sh -c groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis # buildkit", 4_160, |_| {})
            .layer(t, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit", 1_580_000, |f| {
                f.dir("usr/share/zoneinfo", 0o755);
            })
            .layer(t, "RUN /bin/sh -c set -eux; \twget -O /usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch\"; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit", 4_110_000, |f| {
                f.exe("usr/local/bin/gosu", "gosu", &[]);
            });
        (img, "RUN /bin/sh -c set -eux; \t\tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\twget \t\tdpkg-dev \t\tgcc \t\tlibc6-dev \t\tlibssl-dev \t\tmake \t; \t\twget -O redis.tar.gz \"$REDIS_DOWNLOAD_URL\"; \tmake -C /usr/src/redis -j \"$(nproc)\" all; \tmake -C /usr/src/redis install; \tredis-cli --version; \tredis-server --version # buildkit", 32_980_000, "libc.so.6", 999)
    };
    img.meta(t, "ENV REDIS_VERSION=7.2.3", env(&["REDIS_VERSION=7.2.3"]))
        .layer(t, build, size, |f| {
            f.exe("usr/local/bin/redis-server", "redis-server", &[libc]);
            f.exe("usr/local/bin/redis-cli", "redis-cli", &[libc]);
            f.link("usr/local/bin/redis-sentinel", "redis-server");
        })
        .layer(t, "RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit", 0, |f| {
            f.owned_dir("data", 0o755, 999, gid);
        })
        .meta(t, "VOLUME [/data]", cfg)
        .meta(t, "WORKDIR /data", cfg)
        .layer(t, "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 661, |f| {
            f.file("usr/local/bin/docker-entrypoint.sh", 0o775, b"#!/bin/sh\nset -e\n\n# first arg is `-f` or `--some-option`\n# or first arg is `something.conf`\nif [ \"${1#-}\" != \"$1\" ] || [ \"${1%.conf}\" != \"$1\" ]; then\n\tset -- redis-server \"$@\"\nfi\n\nexec \"$@\"\n");
        })
        .meta(t, "ENTRYPOINT [\"docker-entrypoint.sh\"]", cfg)
        .meta(t, "EXPOSE map[6379/tcp:{}]", cfg)
        .meta(t, "CMD [\"redis-server\"]", cfg)
}

/// `phpmyadmin` 5.2.1: Debian's PHP 8.2 with Apache (the `php:8.2-apache` layers), then
/// phpMyAdmin's files; Apache serves it ([`super::programs`]'s `apache2-foreground`).
fn phpmyadmin(slim: &Image) -> Image {
    let t = "2023-12-21T01:28:19.408917164Z";
    let cfg = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["/docker-entrypoint.sh"]);
        c.stop_signal = Some("SIGWINCH".into());
        c.exposed_ports = set_of(&["80/tcp"]);
        c.working_dir = Some("/var/www/html".into());
        c.cmd = strings(&["apache2-foreground"]);
    };
    slim.clone()
        .layer(t, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends apache2; \trm -rf /var/lib/apt/lists/*; \tsed -ri 's/^export ([^=]+)=(.*)$/: ${\\1:=\\2}\\nexport \\1/' /etc/apache2/envvars # buildkit", 40_600_000, |f| {
            f.dir("etc/apache2/sites-enabled", 0o755).dir("var/log/apache2", 0o755);
            f.link("var/log/apache2/access.log", "/dev/stdout").link("var/log/apache2/error.log", "/dev/stderr");
        })
        .meta(t, "ENV PHP_VERSION=8.2.13", env(&["PHP_VERSION=8.2.13"]))
        .layer(t, "RUN /bin/sh -c set -eux; \t./configure --with-apxs2 --with-mysqli=mysqlnd --with-pdo-mysql=mysqlnd; \tmake -j \"$(nproc)\"; \tmake install; \tphp --version # buildkit", 64_900_000, |f| {
            f.exe("usr/local/bin/php", "php", &["libc.so.6"]);
            f.exe("usr/local/bin/apache2-foreground", "apache2-foreground", &[]);
        })
        .meta(t, "STOPSIGNAL SIGWINCH", cfg)
        .meta(t, "WORKDIR /var/www/html", cfg)
        .meta(t, "EXPOSE map[80/tcp:{}]", cfg)
        .meta(t, "ENV PMA_VERSION=5.2.1", env(&["PMA_VERSION=5.2.1"]))
        .layer(t, "RUN /bin/sh -c set -ex; \tcurl -fsSL -o phpMyAdmin.tar.xz \"https://files.phpmyadmin.net/phpMyAdmin/${VERSION}/phpMyAdmin-${VERSION}-all-languages.tar.xz\"; \ttar -xf phpMyAdmin.tar.xz -C /var/www/html --strip-components=1; \tchown www-data:www-data -R /var/www/html # buildkit", 82_400_000, |f| {
            f.file("var/www/html/index.php", 0o644, b"<?php
// phpMyAdmin 5.2.1 (stand-in): apache2-foreground serves the login.
require_once ROOT_PATH . 'libraries/constants.php';
");
            f.file("etc/phpmyadmin/config.inc.php", 0o644, b"<?php
$cfg['Servers'][1]['host'] = getenv('PMA_HOST') ?: 'localhost';
$cfg['Servers'][1]['port'] = getenv('PMA_PORT') ?: '3306';
");
        })
        .layer(t, "COPY docker-entrypoint.sh /docker-entrypoint.sh # buildkit", 1_040, |f| {
            f.file("docker-entrypoint.sh", 0o755, &entrypoint("apache2-foreground"));
        })
        .meta(t, "ENTRYPOINT [\"/docker-entrypoint.sh\"]", cfg)
        .meta(t, "CMD [\"apache2-foreground\"]", cfg)
}

fn registry(alpine: &Image) -> Image {
    let t = "2023-10-02T18:05:31.618406387Z";
    let cfg = |c: &mut wharf_engine::image::oci::ContainerConfig| {
        c.entrypoint = strings(&["/entrypoint.sh"]);
        c.exposed_ports = set_of(&["5000/tcp"]);
        c.volumes = set_of(&["/var/lib/registry"]);
        c.cmd = strings(&["/etc/docker/registry/config.yml"]);
    };
    alpine
        .clone()
        .layer(t, "/bin/sh -c set -ex     && apk add --no-cache ca-certificates", 633_000, |f| {
            f.file("etc/ssl/certs/ca-certificates.crt", 0o644, b"# simulated certificate bundle\n");
        })
        .layer(t, "/bin/sh -c set -eux; \twget -O registry.tar.gz \"https://github.com/distribution/distribution/releases/download/v2.8.3/registry_2.8.3_linux_amd64.tar.gz\"; \ttar --extract --verbose --file registry.tar.gz --directory /bin/ registry; \tregistry --version", 17_360_000, |f| {
            f.exe("bin/registry", "registry", &[]);
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:4544cc1555469403ffdc0e6b5b4a8c3a5d5f8e3c8b5e6b6d1a5c3b2e0f1d2c3b in /etc/docker/registry/config.yml ", 295, |f| {
            f.file("etc/docker/registry/config.yml", 0o644, b"version: 0.1\nlog:\n  fields:\n    service: registry\nstorage:\n  cache:\n    blobdescriptor: inmemory\n  filesystem:\n    rootdirectory: /var/lib/registry\nhttp:\n  addr: :5000\n  headers:\n    X-Content-Type-Options: [nosniff]\nhealth:\n  storagedriver:\n    enabled: true\n    interval: 10s\n    threshold: 3\n");
        })
        .meta(t, &nop("VOLUME [/var/lib/registry]"), cfg)
        .meta(t, &nop("EXPOSE 5000"), cfg)
        .layer(t, "/bin/sh -c #(nop) COPY file:507caa54f88c1f3862e5876e09a108b2083630ba24c57ad124e356a2de861d62 in /entrypoint.sh ", 155, |f| {
            f.file("entrypoint.sh", 0o755, b"#!/bin/sh\n\nset -e\n\ncase \"$1\" in\n    *.yaml|*.yml) set -- registry serve \"$@\" ;;\n    serve|garbage-collect|help|-*) set -- registry \"$@\" ;;\nesac\n\nexec \"$@\"\n");
        })
        .meta(t, &nop("ENTRYPOINT [\"/entrypoint.sh\"]"), cfg)
        .meta(t, &nop("CMD [\"/etc/docker/registry/config.yml\"]"), cfg)
}

fn whalesay() -> Image {
    let t = "2015-05-25T22:04:23.303454458Z";
    let base = bases::ubuntu("2015-05-21T05:35:32.167474524Z", "14.04", "14.04.2 LTS, Trusty Tahr", "Ubuntu 14.04.2 LTS", "trusty");
    let trusty = super::build::Layer::new(base, 187_700_000, "2015-05-21T05:35:32.167474524Z", &add_file("ubuntu-trusty-core-cloudimg-amd64-root"));
    Image::scratch()
        .with_layer(&trusty)
        .meta("2015-05-21T05:35:35.396373312Z", &nop("CMD [\"/bin/bash\"]"), |c| {
            c.env = strings(&[DEBIAN_PATH]);
            c.cmd = strings(&["/bin/bash"]);
        })
        .layer(t, "/bin/sh -c apt-get -y update && apt-get install -y cowsay --no-install-recommends && rm -rf /var/lib/apt/lists/* && mv /usr/games/cowsay /usr/local/bin/cowsay", 58_900_000, |f| {
            f.exe("usr/local/bin/cowsay", "cowsay", &[]);
            f.dir("usr/share/cowsay/cows", 0o755);
        })
        .layer(t, "/bin/sh -c #(nop) COPY file:a3d9e0e19e9f7c2c6cd1b0fe0de1b05ebb70e9b2d5a9b5e1b3d0e4a0a6c3e2f1 in /usr/local/share/cows/docker.cow ", 742, |f| {
            f.file("usr/local/share/cows/docker.cow", 0o644, b"##\n## Docker Cow\n##\n$the_cow = <<EOC;\n    $thoughts\n     $thoughts\n      $thoughts     \n                    ##        .            \n              ## ## ##       ==            \n           ## ## ## ##      ===            \n       /\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\\___/ ===        \n  ~~~ {~~ ~~~~ ~~~ ~~~~ ~~ ~ /  ===- ~~~   \n       \\______ o          __/            \n        \\    \\        __/             \n          \\____\\______/   \nEOC\n");
        })
        .meta(t, &nop("ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), env(&["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]))
        .layer(t, "/bin/sh -c #(nop) COPY dir:8a5c9e1c0a2bb87f2b0a47b0e8d6b5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8 in /cowsay ", 4_190, |f| {
            f.file("cowsay/Entrypoint.sh", 0o755, b"#!/bin/bash\n/usr/local/bin/cowsay \"$@\"\n");
        })
}
