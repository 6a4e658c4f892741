//! `docker build` end to end: the engine's classic builder over a daemon on the simulated
//! kernel, with a small base image made of the simulator's `sh` and coreutils.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use std::rc::Rc;

use wharf_engine::build::exec::{build, sending_context_line, BuildContext, BuildError, BuildOptions, DockerIgnore};
use wharf_engine::daemon::{Daemon, DaemonRef};
use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsRead, FsWrite};
use wharf_engine::image::db::LayerRecord;
use wharf_engine::image::layer::create_from_tree;
use wharf_engine::image::oci::chain_ids;
use wharf_engine::image::reference::Reference;
use wharf_sim_kernel::executor::RunOutcome;
use wharf_sim_kernel::kernel::SimKernel;
use wharf_sim_kernel::program::executable;
use wharf_sim_kernel::sim::Sim;

const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
const GROUP: &str = "root:x:0:\napp:x:1000:\nstaff:x:50:\nnogroup:x:65534:\n";
const TOOLS: &[&str] = &["sh", "echo", "cat", "ls", "mkdir", "touch", "true", "false", "env", "id", "pwd", "test", "rm", "stat", "wc"];

struct World {
    sim: Sim,
    daemon: DaemonRef,
}

fn mkdirs(fs: &mut MemFs, path: &str, mode: u32) {
    let mut acc = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        acc = if acc.is_empty() { part.to_string() } else { format!("{acc}/{part}") };
        if fs.lstat(&acc).unwrap().is_none() {
            fs.mkdir(&acc, &Attrs { mode, uid: 0, gid: 0, mtime: 1_700_000_000 }).unwrap();
        }
    }
}

fn write(fs: &mut MemFs, path: &str, data: &[u8], mode: u32) {
    let (dir, _) = wharf_engine::fs::path::split(path);
    mkdirs(fs, dir, 0o755);
    fs.write_file(path, &Attrs { mode, uid: 0, gid: 0, mtime: 1_700_000_000 }, &mut &data[..]).unwrap();
}

/// A busybox-like base: `/bin` with the simulator's programs, `/etc/passwd` and `/etc/group`.
fn base_tree() -> MemFs {
    let mut fs = MemFs::new();
    for d in ["bin", "etc", "root", "home", "tmp"] {
        mkdirs(&mut fs, d, 0o755);
    }
    for t in TOOLS {
        write(&mut fs, &format!("bin/{t}"), &executable(t, 512), 0o755);
    }
    write(&mut fs, "etc/passwd", PASSWD.as_bytes(), 0o644);
    write(&mut fs, "etc/group", GROUP.as_bytes(), 0o644);
    fs
}

fn world() -> World {
    let sim = Sim::boot(MemFs::new(), 1, wharf_sim_kernel::userland::programs());
    let daemon = Daemon::shared(Box::new(SimKernel::new(sim.machine().clone())));
    let mut tar = Vec::new();
    create_from_tree(&base_tree(), &mut tar).unwrap();
    let diff = Digest::of(&tar);
    let config = format!(
        r#"{{"architecture":"amd64","config":{{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]}},"created":"2025-12-31T00:00:00Z","history":[{{"created":"2025-12-31T00:00:00Z","comment":"Imported from -"}}],"os":"linux","rootfs":{{"type":"layers","diff_ids":["{diff}"]}}}}"#
    );
    {
        let mut d = daemon.borrow_mut();
        d.kernel().unpack_layer(&diff, None, &mut &tar[..]).unwrap();
        let mut db = d.images();
        db.content().put(None, &tar).unwrap();
        let size = tar.len() as u64;
        let id = db.create(config.as_bytes(), vec![LayerRecord { diff_id: diff, blob: diff, blob_size: size, compressed: false, size: 4096 }]).unwrap();
        db.tag(&Reference::parse("busybox").unwrap().with_default_tag(), &id, wharf_engine::api::GoTime::from_unix(1_767_225_600)).unwrap();
    }
    World { sim, daemon }
}

/// The context tar the client sends: `files`, minus what `.dockerignore` excludes.
fn context(files: &[(&str, &str)], dockerfile: &str) -> BuildContext {
    let ignore = files.iter().find(|(p, _)| *p == ".dockerignore").map(|(_, t)| DockerIgnore::parse(t).with_build_files(dockerfile)).unwrap_or_default();
    let mut tree = MemFs::new();
    for (path, data) in files {
        if !ignore.excludes(path) {
            write(&mut tree, path, data.as_bytes(), 0o644);
        }
    }
    let mut tar = Vec::new();
    create_from_tree(&tree, &mut tar).unwrap();
    BuildContext::from_tar(&tar).unwrap()
}

impl World {
    fn build(&mut self, files: &[(&str, &str)], options: BuildOptions) -> (Result<Digest, BuildError>, String) {
        let ctx = context(files, options.dockerfile.as_deref().unwrap_or("Dockerfile"));
        let out = Rc::new(RefCell::new(String::new()));
        let result = Rc::new(RefCell::new(None));
        let (daemon, o, r) = (self.daemon.clone(), out.clone(), result.clone());
        self.sim
            .start(&["dockerd"], move |_p| {
                Box::pin(async move {
                    let res = build(daemon, ctx, options, &mut |s| o.borrow_mut().push_str(s)).await;
                    *r.borrow_mut() = Some(res);
                    0
                })
            })
            .unwrap();
        assert_eq!(self.sim.run(50_000_000), RunOutcome::AllDone);
        let res = result.borrow_mut().take().expect("build finished");
        let text = out.borrow().clone();
        (res, text)
    }

    fn tagged(&self, name: &str) -> Option<Digest> {
        self.daemon.borrow_mut().images().resolve(name).ok()
    }

    fn config(&self, id: &Digest) -> wharf_engine::api::ContainerConfig {
        self.daemon.borrow_mut().images().config(id).unwrap().config.unwrap()
    }

    /// Reads a file of image `id`'s filesystem, with its owner.
    fn read(&self, id: &Digest, path: &str) -> Option<(String, u32, u32, u32)> {
        let mut d = self.daemon.borrow_mut();
        let diffs: Vec<Digest> = d.images().get(id).unwrap().layers.iter().map(|l| l.diff_id).collect();
        let top = chain_ids(&diffs).last().copied();
        let k = d.kernel();
        k.create_rootfs("probe", top.as_ref()).unwrap();
        let mut got = None;
        k.with_rootfs("probe", &mut |fs| {
            if let Some(m) = fs.lstat(path)? {
                let mut s = String::new();
                if m.kind == wharf_engine::fs::FileKind::File {
                    fs.open(path)?.read_to_string(&mut s).unwrap();
                }
                got = Some((s, m.uid, m.gid, m.mode));
            }
            Ok(())
        })
        .unwrap();
        k.remove_rootfs("probe").unwrap();
        got
    }
}

/// The output with container and image IDs replaced by `<id>`.
fn masked(out: &str) -> String {
    let mut s = String::new();
    for line in out.lines() {
        let words: Vec<String> = line
            .split(' ')
            .map(|w| if w.len() == 12 && w.chars().all(|c| c.is_ascii_hexdigit()) { "<id>".to_string() } else { w.to_string() })
            .collect();
        s.push_str(&words.join(" "));
        s.push('\n');
    }
    s
}

fn opts(tags: &[&str]) -> BuildOptions {
    BuildOptions { tags: tags.iter().map(|t| t.to_string()).collect(), ..BuildOptions::default() }
}

const PROBE: &str = r#"FROM busybox:latest
ENV GREETING=hello APP_HOME=/app
WORKDIR /app
COPY hello.txt ./
COPY sub/ ./sub/
RUN echo "built at build time" > /app/built.txt && cat /app/built.txt
RUN mkdir -p /data && echo "$GREETING" > /data/greet
LABEL org.example.probe=native
EXPOSE 8080
USER root
CMD ["cat", "/app/hello.txt"]
"#;

fn probe_files(hello: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![("Dockerfile", PROBE), ("hello.txt", hello), ("sub/a.txt", "a\n"), ("sub/b.txt", "bb\n")]
}

#[test]
fn a_build_prints_the_classic_builder_lines_and_tags_the_image() {
    let mut w = world();
    let (res, out) = w.build(&probe_files("hello there\n"), opts(&["probe-build:legacy"]));
    let id = res.unwrap();
    let expected = "Step 1/11 : FROM busybox:latest
 ---> <id>
Step 2/11 : ENV GREETING=hello APP_HOME=/app
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 3/11 : WORKDIR /app
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 4/11 : COPY hello.txt ./
 ---> <id>
Step 5/11 : COPY sub/ ./sub/
 ---> <id>
Step 6/11 : RUN echo \"built at build time\" > /app/built.txt && cat /app/built.txt
 ---> Running in <id>
built at build time
Removing intermediate container <id>
 ---> <id>
Step 7/11 : RUN mkdir -p /data && echo \"$GREETING\" > /data/greet
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 8/11 : LABEL org.example.probe=native
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 9/11 : EXPOSE 8080
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 10/11 : USER root
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Step 11/11 : CMD [\"cat\", \"/app/hello.txt\"]
 ---> Running in <id>
Removing intermediate container <id>
 ---> <id>
Successfully built <id>
Successfully tagged probe-build:legacy
";
    assert_eq!(masked(&out), expected);
    assert!(out.contains(&format!("Successfully built {}\n", id.short())));
    assert_eq!(w.tagged("probe-build:legacy"), Some(id));
    let cfg = w.config(&id);
    assert_eq!(cfg.cmd, Some(vec!["cat".to_string(), "/app/hello.txt".to_string()]));
    assert_eq!(cfg.working_dir, "/app");
    assert_eq!(cfg.env.as_ref().unwrap()[1..], ["GREETING=hello".to_string(), "APP_HOME=/app".to_string()]);
    assert!(cfg.exposed_ports.contains_key("8080/tcp"));
    assert_eq!(w.read(&id, "data/greet").unwrap().0, "hello\n");
    let bytes = w.daemon.borrow_mut().images().config_bytes(&id).unwrap();
    let json = String::from_utf8(bytes).unwrap();
    assert!(json.starts_with(r#"{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"root","#), "{json}");
    assert!(json.contains(r##""Cmd":["/bin/sh","-c","#(nop) ","CMD [\"cat\" \"/app/hello.txt\"]"]"##), "{json}");
    assert!(json.contains(r#""docker_version":"20.10.24+dfsg1","history":[{"created":"2025-12-31T00:00:00Z","comment":"Imported from -"},{"created":""#), "{json}");
    assert_eq!(w.read(&id, "app/sub/b.txt").unwrap().0, "bb\n");
    assert_eq!(w.read(&id, "app/hello.txt").unwrap().0, "hello there\n");

    // `docker history`: one row per step, metadata steps 0B and `#(nop)`, down to the base.
    let rows = w.daemon.borrow_mut().images().history(&id).unwrap();
    let now = w.daemon.borrow_mut().kernel().now();
    let table = wharf_engine::cli::render::history::render(&rows, &Default::default(), now + 90_000_000_000).unwrap();
    println!("{table}");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 12, "{table}");
    assert!(lines[0].starts_with("IMAGE          CREATED              CREATED BY                                      SIZE      COMMENT"), "{table}");
    assert!(lines[1].contains("/bin/sh -c #(nop)  CMD [\"cat\" \"/app/hello.tx…   0B"), "{table}");
    assert!(lines[7].contains("/bin/sh -c #(nop) COPY dir:"), "{table}");
    assert!(lines[9].contains("/bin/sh -c #(nop) WORKDIR /app                  0B"), "{table}");
    assert!(lines[10].contains("/bin/sh -c #(nop)  ENV GREETING=hello APP_HO…   0B"), "{table}");
    assert!(lines[11].ends_with("Imported from -"), "{table}");
    assert!(!lines.iter().any(|l| l.starts_with("<missing>")), "{table}");
    assert_eq!(sending_context_line(2048), "Sending build context to Docker daemon  2.048kB\r\r\n");
}

#[test]
fn a_rebuild_uses_the_cache_and_a_changed_file_misses_from_its_copy_on() {
    let mut w = world();
    let (first, _) = w.build(&probe_files("hello there\n"), opts(&["p"]));
    let (second, out) = w.build(&probe_files("hello there\n"), opts(&["p"]));
    assert_eq!(first.unwrap(), second.unwrap());
    assert_eq!(out.matches(" ---> Using cache\n").count(), 10, "{out}");
    assert!(!out.contains("Running in"), "{out}");

    let (third, out) = w.build(&probe_files("changed\n"), opts(&["p"]));
    let m = masked(&out);
    assert_eq!(m.matches(" ---> Using cache\n").count(), 2, "{out}");
    assert!(m.contains("Step 4/11 : COPY hello.txt ./\n ---> <id>\nStep 5/11"), "{out}");
    assert_eq!(w.read(&third.unwrap(), "app/hello.txt").unwrap().0, "changed\n");

    let (_, out) = w.build(&probe_files("changed\n"), BuildOptions { no_cache: true, ..opts(&["p"]) });
    assert!(!out.contains("Using cache"), "{out}");
}

#[test]
fn multi_stage_builds_up_to_the_target_and_copies_from_stages() {
    let mut w = world();
    let dockerfile = "ARG BASE=busybox
FROM $BASE AS build
RUN mkdir /out && echo artifact > /out/app
FROM busybox AS test
RUN echo testing
FROM busybox
COPY --from=build /out/app /usr/local/bin/app
COPY --from=0 /out /copied/
COPY --from=busybox /etc/group /g
CMD cat /usr/local/bin/app
";
    let files = [("Dockerfile", dockerfile)];
    let (res, out) = w.build(&files, BuildOptions { target: Some("build".into()), ..opts(&["t:build"]) });
    res.unwrap();
    assert!(out.starts_with("Step 1/3 : ARG BASE=busybox\nStep 2/3 : FROM $BASE AS build\n"), "the count stops at the target: {out}");
    assert!(!out.contains("testing"), "{out}");

    let (res, out) = w.build(&files, opts(&["t:final"]));
    let id = res.unwrap();
    assert!(out.contains("Step 5/10 : RUN echo testing\n"), "every stage up to the last runs: {out}");
    assert!(out.contains("Step 3/10 : RUN mkdir /out && echo artifact > /out/app\n ---> Using cache\n"), "{out}");
    assert_eq!(w.read(&id, "usr/local/bin/app").unwrap().0, "artifact\n");
    assert_eq!(w.read(&id, "copied/app").unwrap().0, "artifact\n");
    assert_eq!(w.read(&id, "g").unwrap().0, GROUP);
    assert_eq!(w.config(&id).cmd, Some(vec!["/bin/sh".into(), "-c".into(), "cat /usr/local/bin/app".into()]));

    let (res, _) = w.build(&files, BuildOptions { target: Some("nope".into()), ..opts(&[]) });
    assert_eq!(res.unwrap_err().to_string(), "failed to reach build target nope in Dockerfile");
}

#[test]
fn entrypoint_and_cmd_combine_like_docker() {
    let mut w = world();
    type Case<'a> = (&'a str, Option<&'a [&'a str]>, Option<&'a [&'a str]>);
    let cases: &[Case] = &[
        ("FROM busybox\nENTRYPOINT [\"echo\"]\n", Some(&["echo"]), None),
        ("FROM busybox\nCMD [\"a\"]\nENTRYPOINT echo hi\n", Some(&["/bin/sh", "-c", "echo hi"]), Some(&["a"])),
        ("FROM busybox\nENTRYPOINT [\"echo\"]\nCMD [\"x\"]\n", Some(&["echo"]), Some(&["x"])),
        ("FROM busybox\nSHELL [\"/bin/sh\", \"-e\", \"-c\"]\nCMD echo $HOME\n", None, Some(&["/bin/sh", "-e", "-c", "echo $HOME"])),
    ];
    for (dockerfile, ep, cmd) in cases {
        let (res, out) = w.build(&[("Dockerfile", dockerfile)], opts(&[]));
        let cfg = w.config(&res.unwrap_or_else(|e| panic!("{dockerfile}: {e}\n{out}")));
        let v = |x: &Option<&[&str]>| x.map(|s| s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(cfg.entrypoint, v(ep), "{dockerfile}");
        assert_eq!(cfg.cmd, v(cmd), "{dockerfile}");
    }
}

#[test]
fn a_failing_run_stops_the_build_with_dockers_message_and_tags_nothing() {
    let mut w = world();
    let (res, out) = w.build(&[("Dockerfile", "FROM busybox\nRUN echo before\nRUN exit 3\nRUN echo never\n")], opts(&["broken"]));
    let err = res.unwrap_err();
    assert_eq!(err.to_string(), "The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    assert_eq!(err.exit_code(), 3);
    assert!(masked(&out).ends_with("Step 3/4 : RUN exit 3\n ---> Running in <id>\n"), "{out}");
    assert_eq!(w.tagged("broken"), None);

    let (res, out) = w.build(&[("Dockerfile", "FROM scratch\nRUN echo hi\n")], opts(&[]));
    assert!(out.starts_with("Step 1/2 : FROM scratch\n ---> \n"), "{out}");
    assert_eq!(
        res.unwrap_err().to_string(),
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown"
    );
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nRUN true\n")], opts(&[]));
    let id = res.unwrap();
    let img = w.daemon.borrow_mut().images().config(&id).unwrap();
    assert!(img.history[1].empty_layer && img.diff_ids().len() == 1, "a RUN that changes nothing makes no layer");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nVOLUME \"\"\n")], opts(&[]));
    let err = res.unwrap_err();
    assert_eq!((err.to_string().as_str(), err.span().map(|s| s.start)), ("VOLUME specified can not be an empty string", Some(2)));
    let (res, out) = w.build(&[("build/Dockerfile.dev", "FROM busybox\nCMD [\"dev\"]\n")], BuildOptions { dockerfile: Some("build/Dockerfile.dev".into()), ..opts(&[]) });
    assert_eq!(w.config(&res.unwrap_or_else(|e| panic!("{e}\n{out}"))).cmd, Some(vec!["dev".to_string()]));
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\n")], BuildOptions { dockerfile: Some("nope".into()), ..opts(&[]) });
    assert_eq!(res.unwrap_err().to_string(), "Cannot locate specified Dockerfile: nope");
    let (res, _) = w.build(&[("Dockerfile", "")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "the Dockerfile (Dockerfile) cannot be empty");
    let (res, _) = w.build(&[("Dockerfile", "# nothing\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "dockerfile parse error on line 1: file with no instructions");
    let (res, _) = w.build(&[("Dockerfile", "FROM nosuch\n")], opts(&[]));
    // A missing base is pulled; with no registry reachable the pull's error ends the build.
    assert_eq!(res.unwrap_err().to_string(), "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nCOPY missing.txt /\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nUSER ghost\nRUN true\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "linux spec user: unable to find user ghost: no matching entries in passwd file");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nCOPY --chown=ghost Dockerfile /\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "unable to convert uid/gid chown string to host mapping: can't find uid for user ghost: no such user: ghost");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nADD https://example.com/x /\n")], opts(&[]));
    assert!(res.unwrap_err().to_string().contains("not supported offline"));
}

#[test]
fn copy_chown_wildcards_dockerignore_and_add_of_a_tar() {
    let mut w = world();
    let mut inner = MemFs::new();
    write(&mut inner, "pkg/readme", b"from the tar\n", 0o644);
    let mut tar = Vec::new();
    create_from_tree(&inner, &mut tar).unwrap();
    // Tar bytes are not UTF-8-safe in the helper; put the archive in the context directly.
    let dockerfile = "FROM busybox\nCOPY --chown=app:staff conf/ /etc/app/\nCOPY *.txt /texts/\nADD bundle.tar /opt/\nCOPY . /all/\nRUN cat /texts/keep.txt\n";
    let files = [("Dockerfile", dockerfile), (".dockerignore", "secret.txt\n**/*.bak\nDockerfile\n.dockerignore\n"), ("conf/a.conf", "a=1\n"), ("conf/old.bak", "x"), ("keep.txt", "kept\n"), ("secret.txt", "no\n")];
    let mut ctx_tree = MemFs::new();
    let ignore = DockerIgnore::parse(files[1].1).with_build_files("Dockerfile");
    for (p, d) in files {
        if !ignore.excludes(p) {
            write(&mut ctx_tree, p, d.as_bytes(), 0o644);
        }
    }
    write(&mut ctx_tree, "bundle.tar", &tar, 0o644);
    let mut ctx_tar = Vec::new();
    create_from_tree(&ctx_tree, &mut ctx_tar).unwrap();
    let ctx = BuildContext::from_tar(&ctx_tar).unwrap();
    let (result, out) = w.build_context(ctx, BuildOptions::default());
    let id = result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&id, "etc/app/a.conf").unwrap(), ("a=1\n".to_string(), 1000, 50, 0o644));
    assert_eq!(w.read(&id, "etc/app/old.bak"), None, ".dockerignore'd");
    assert_eq!(w.read(&id, "texts/keep.txt").unwrap().0, "kept\n");
    assert_eq!(w.read(&id, "texts/secret.txt"), None);
    assert_eq!(w.read(&id, "opt/pkg/readme").unwrap().0, "from the tar\n");
    assert!(out.contains("kept\n"));
    assert_eq!(w.read(&id, "all/keep.txt").unwrap().0, "kept\n");
    assert_eq!(w.read(&id, "all/Dockerfile"), None, "the daemon drops ignored build files after reading them");
    assert_eq!(w.read(&id, "all/.dockerignore"), None);
}

#[test]
fn onbuild_triggers_run_in_child_builds_and_unused_args_are_reported() {
    let mut w = world();
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nONBUILD RUN echo triggered > /t\n")], opts(&["parent"]));
    let parent = res.unwrap();
    assert_eq!(w.config(&parent).on_build, Some(vec!["RUN echo triggered > /t".to_string()]));

    let args = BTreeMap::from([("USED".to_string(), Some("yes".to_string())), ("UNUSED".to_string(), Some("x".to_string()))]);
    let (res, out) = w.build(&[("Dockerfile", "FROM parent\nARG USED\nRUN echo $USED > /used\n")], BuildOptions { build_args: args, ..opts(&["child"]) });
    let child = res.unwrap();
    let m = masked(&out);
    assert!(m.starts_with("Step 1/3 : FROM parent\n# Executing 1 build trigger\n ---> Running in <id>\nRemoving intermediate container <id>\n ---> <id>\n"), "{out}");
    assert!(m.ends_with("[Warning] One or more build-args [UNUSED] were not consumed\nSuccessfully built <id>\nSuccessfully tagged child:latest\n"), "{out}");
    assert_eq!(w.read(&child, "t").unwrap().0, "triggered\n");
    assert_eq!(w.read(&child, "used").unwrap().0, "yes\n");
    assert_eq!(w.config(&child).on_build, None, "triggers are consumed");
    let history = w.daemon.borrow_mut().images().history(&child).unwrap();
    assert_eq!(history[0].created_by, "|1 USED=yes /bin/sh -c echo $USED > /used");
}


#[test]
fn metadata_instructions_are_recorded_like_the_classic_builder() {
    let mut w = world();
    let dockerfile = "FROM busybox
MAINTAINER Jane <jane@example.com>
ARG VERSION=1.2
LABEL version=$VERSION \\
      \"name\"=\"a b\"
VOLUME /data /logs
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=5m --timeout=3s CMD wget -q localhost || exit 1
SHELL [\"/bin/sh\", \"-ec\"]
ONBUILD COPY . /src
EXPOSE 80 53/udp
";
    let (res, out) = w.build(&[("Dockerfile", dockerfile)], BuildOptions { labels: BTreeMap::from([("extra".to_string(), "yes".to_string())]), ..opts(&[]) });
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("Step 11/11 : LABEL \"extra\"='yes'\n"), "{out}");
    let img = w.daemon.borrow_mut().images().config(&id).unwrap();
    let created_by: Vec<&str> = img.history.iter().skip(1).map(|h| h.created_by.as_str()).collect();
    assert_eq!(
        created_by,
        [
            "/bin/sh -c #(nop)  MAINTAINER Jane <jane@example.com>",
            "/bin/sh -c #(nop)  ARG VERSION=1.2",
            "/bin/sh -c #(nop)  LABEL version=1.2 name=a b",
            "/bin/sh -c #(nop)  VOLUME [/data /logs]",
            "/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT",
            "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q localhost || exit 1\"] \"5m0s\" \"3s\" \"0s\" '\\x00'}",
            "/bin/sh -c #(nop)  SHELL [/bin/sh -ec]",
            "/bin/sh -c #(nop)  ONBUILD COPY . /src",
            "/bin/sh -c #(nop)  EXPOSE 80 53/udp",
            "/bin/sh -c #(nop)  LABEL extra=yes",
        ]
    );
    assert!(img.history.iter().skip(1).all(|h| h.empty_layer && h.author == "Jane <jane@example.com>"));
    let cfg = img.config.unwrap();
    assert_eq!(cfg.labels.unwrap(), BTreeMap::from([("version".into(), "1.2".into()), ("name".into(), "a b".into()), ("extra".into(), "yes".into())]));
    assert_eq!(cfg.stop_signal, "SIGQUIT");
    assert_eq!(cfg.shell, ["/bin/sh", "-ec"]);
    assert_eq!(cfg.healthcheck.unwrap().interval, 300_000_000_000);
    assert!(cfg.exposed_ports.contains_key("53/udp") && cfg.exposed_ports.contains_key("80/tcp"));
    assert_eq!(cfg.volumes.unwrap().len(), 2);
    assert_eq!(cfg.env.unwrap().len(), 1, "ARG values do not persist");
}

/// The builder's own lines (no RUN output), IDs masked.
fn builder_lines(out: &str) -> Vec<String> {
    let own = ["Step ", " ---> ", "Removing intermediate container ", "Successfully ", "Sending build context "];
    masked(out).lines().filter(|l| own.iter().any(|p| l.starts_with(p))).map(String::from).collect()
}

/// The captures of dockerd 20.10's classic builder (`tests/fixtures/build/`), replayed: the same
/// Dockerfile prints the same lines, first clean, then from the cache.
#[test]
fn the_reference_captures_replay_line_for_line() {
    let dockerfile = PROBE.replace("&& cat /app/built.txt", "&& ls -la /app");
    let files = [("Dockerfile", dockerfile.as_str()), ("hello.txt", "hello world"), ("sub/a.txt", "a\n"), ("sub/b.txt", "bb\n")];
    let mut w = world();
    for (capture, name) in [(include_str!("../fixtures/build/legacy-clean-output.txt"), "clean"), (include_str!("../fixtures/build/legacy-cached-output.txt"), "cached")] {
        let ctx = context(&files, "Dockerfile");
        let (res, out) = w.build(&files, opts(&["probe-build:legacy"]));
        res.unwrap();
        let sent = sending_context_line(ctx.size()).replace('\r', "");
        let ours: Vec<String> = builder_lines(&format!("{sent}{out}"));
        let theirs: Vec<String> = builder_lines(&capture.replace('\r', "")).into_iter().map(|l| if l.starts_with("Sending") { builder_lines(&sent)[0].clone() } else { l }).collect();
        assert_eq!(ours, theirs, "{name}");
    }
}

/// The context tar with every file's modification time set to `mtime`.
fn context_at(files: &[(&str, &str)], mtime: i64) -> BuildContext {
    let mut tree = MemFs::new();
    for (path, data) in files {
        let (dir, _) = wharf_engine::fs::path::split(path);
        mkdirs(&mut tree, dir, 0o755);
        tree.write_file(path, &Attrs { mode: 0o644, uid: 0, gid: 0, mtime }, &mut data.as_bytes()).unwrap();
    }
    let mut tar = Vec::new();
    create_from_tree(&tree, &mut tar).unwrap();
    BuildContext::from_tar(&tar).unwrap()
}

impl World {
    fn build_context(&mut self, ctx: BuildContext, options: BuildOptions) -> (Result<Digest, BuildError>, String) {
        let out = Rc::new(RefCell::new(String::new()));
        let result = Rc::new(RefCell::new(None));
        let (daemon, o, r) = (self.daemon.clone(), out.clone(), result.clone());
        self.sim
            .start(&["dockerd"], move |_p| {
                Box::pin(async move {
                    *r.borrow_mut() = Some(build(daemon, ctx, options, &mut |s| o.borrow_mut().push_str(s)).await);
                    0
                })
            })
            .unwrap();
        assert_eq!(self.sim.run(50_000_000), RunOutcome::AllDone);
        let res = result.borrow_mut().take().expect("build finished");
        let text = out.borrow().clone();
        (res, text)
    }

    /// Every path in image `id`'s filesystem.
    fn paths(&self, id: &Digest) -> Vec<String> {
        let mut d = self.daemon.borrow_mut();
        let diffs: Vec<Digest> = d.images().get(id).unwrap().layers.iter().map(|l| l.diff_id).collect();
        let top = chain_ids(&diffs).last().copied();
        let k = d.kernel();
        k.create_rootfs("walk", top.as_ref()).unwrap();
        let mut all = Vec::new();
        k.with_rootfs("walk", &mut |fs| {
            let mut stack = vec![String::new()];
            while let Some(dir) = stack.pop() {
                for name in fs.read_dir(&dir)? {
                    let p = if dir.is_empty() { name } else { format!("{dir}/{name}") };
                    if fs.lstat(&p)?.is_some_and(|m| m.kind == wharf_engine::fs::FileKind::Dir) {
                        stack.push(p.clone());
                    }
                    all.push(p);
                }
            }
            Ok(())
        })
        .unwrap();
        k.remove_rootfs("walk").unwrap();
        all.sort();
        all
    }

    /// Every layer tar of image `id`, concatenated (to search for bytes that must not be there).
    fn layer_bytes(&self, id: &Digest) -> Vec<u8> {
        let mut d = self.daemon.borrow_mut();
        let layers = d.images().get(id).unwrap().layers.clone();
        let mut all = Vec::new();
        for l in layers {
            all.extend(d.images().content().get(&l.blob).unwrap());
        }
        all
    }
}

/// The course's cache lessons (M10): an unchanged rebuild hits every step; touching a file
/// (a new mtime, the same bytes) still hits; changing its content reruns from the first COPY
/// that includes it.
#[test]
fn the_cache_ignores_mtimes_and_reruns_from_the_copy_of_a_changed_file() {
    let mut w = world();
    let dockerfile = "FROM busybox\nWORKDIR /app\nCOPY . .\nRUN cat main.txt > /copy.txt\nCMD [\"cat\", \"/copy.txt\"]\n";
    let files = |main: &'static str| vec![("Dockerfile", dockerfile), ("main.txt", main)];
    let (first, out) = w.build_context(context_at(&files("v1\n"), 1_700_000_000), opts(&["lesson"]));
    let first = first.unwrap_or_else(|e| panic!("{e}\n{out}"));

    let (again, out) = w.build_context(context_at(&files("v1\n"), 1_700_000_000), opts(&["lesson"]));
    assert_eq!(again.unwrap(), first);
    assert_eq!(out.matches(" ---> Using cache\n").count(), 4, "every step after FROM: {out}");

    let (touched, out) = w.build_context(context_at(&files("v1\n"), 1_800_000_000), opts(&["lesson"]));
    assert_eq!(touched.unwrap(), first, "a new mtime alone keeps the cache: {out}");
    assert_eq!(out.matches(" ---> Using cache\n").count(), 4, "{out}");

    let (changed, out) = w.build_context(context_at(&files("v2\n"), 1_800_000_000), opts(&["lesson"]));
    let changed = changed.unwrap();
    assert_ne!(changed, first);
    let m = masked(&out);
    assert!(m.contains("Step 2/5 : WORKDIR /app\n ---> Using cache\n"), "{out}");
    assert!(m.contains("Step 3/5 : COPY . .\n ---> <id>\nStep 4/5 : RUN cat main.txt > /copy.txt\n ---> Running in <id>\n"), "from the COPY on, steps run: {out}");
    assert_eq!(m.matches(" ---> Using cache\n").count(), 1, "{out}");
    assert_eq!(w.read(&changed, "copy.txt").unwrap().0, "v2\n");
}

/// The course's ordering lesson (M10, DF42/DF43): copying the whole context before installing
/// dependencies reruns the install on every source edit; copying `package.json` first keeps
/// the install step cached when only the source changes.
#[test]
fn copying_package_json_first_keeps_the_dependency_step_cached() {
    const INSTALL: &str = "RUN cat package.json > /deps.txt && echo installed\n";
    let whole_first = format!("FROM busybox\nWORKDIR /app\nCOPY . .\n{INSTALL}CMD [\"cat\", \"index.js\"]\n");
    let manifest_first = format!("FROM busybox\nWORKDIR /app\nCOPY package.json .\n{INSTALL}COPY . .\nCMD [\"cat\", \"index.js\"]\n");
    for (dockerfile, install_cached_after_edit) in [(whole_first, false), (manifest_first, true)] {
        let mut w = world();
        let files = |src: &'static str| vec![("Dockerfile", dockerfile.as_str()), ("package.json", "{\"dependencies\":{}}\n"), ("index.js", src)];
        let (res, out) = w.build(&files("console.log(1)\n"), opts(&["order"]));
        res.unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(out.matches("\ninstalled\n").count(), 1, "{out}");
        let (res, out) = w.build(&files("console.log(2)\n"), opts(&["order"]));
        let id = res.unwrap();
        let reran = out.contains("\ninstalled\n");
        assert_eq!(!reran, install_cached_after_edit, "{dockerfile}\n{out}");
        assert!(masked(&out).contains(&format!("Step 4/{} : {}", dockerfile.lines().count(), INSTALL.trim_end())), "{out}");
        assert_eq!(w.read(&id, "app/index.js").unwrap().0, "console.log(2)\n");
        assert_eq!(w.read(&id, "deps.txt").unwrap().0, "{\"dependencies\":{}}\n");
    }
}

/// `RUN --mount=type=cache`: the directory outlives the step and the build, is shared by every
/// step naming the same `id` (default: the target), never lands in a layer, and is not part of
/// the cache key.
#[test]
fn a_cache_mount_persists_across_builds_and_stays_out_of_the_image() {
    let mut w = world();
    let dockerfile = |n: &str| {
        format!(
            "FROM busybox\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.npm echo {n} >> /root/.npm/log && cat /root/.npm/log > /seen-{n}\nRUN --mount=type=cache,id=/root/.npm,target=/elsewhere cat /elsewhere/log > /shared\n"
        )
    };
    let first_df = dockerfile("one");
    let (res, out) = w.build(&[("Dockerfile", &first_df)], opts(&["cached"]));
    let first = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&first, "seen-one").unwrap().0, "one\n");
    assert_eq!(w.read(&first, "shared").unwrap().0, "one\n", "the same id is the same directory");
    let paths = w.paths(&first);
    assert!(!paths.iter().any(|p| p.starts_with("root/.npm") || p.starts_with("elsewhere")), "no mount point or cache file in the image: {paths:?}");

    let second_df = dockerfile("two");
    let (res, out) = w.build(&[("Dockerfile", &second_df)], opts(&["cached"]));
    let second = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&second, "seen-two").unwrap().0, "one\ntwo\n", "the cache kept the first build's file");

    // Same command, different mount flags: the step is a cache hit (mounts are not in the key).
    let (res, out) = w.build(&[("Dockerfile", &second_df.replace("type=cache,target=/root/.npm", "type=cache,target=/root/.npm,sharing=locked"))], opts(&["cached"]));
    assert_eq!(res.unwrap(), second);
    assert_eq!(out.matches(" ---> Using cache\n").count(), 3, "{out}");
    let history = w.daemon.borrow_mut().images().history(&second).unwrap();
    assert_eq!(history[1].created_by, "/bin/sh -c echo two >> /root/.npm/log && cat /root/.npm/log > /seen-two");
}

/// `RUN --mount=type=secret`: the bytes from `--secret id=...` are readable at
/// `/run/secrets/ID` (or `target=`) during the step only; no layer, config or history holds
/// them. A missing secret is skipped unless `required`.
#[test]
fn a_secret_mount_is_readable_in_the_step_and_nowhere_in_the_image() {
    let mut w = world();
    const SECRET: &str = "s3cr3t-token-value";
    let dockerfile = "FROM busybox
RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /token-size && ls -l /run/secrets/token > /token-ls
RUN --mount=type=secret,id=token,target=/etc/app/token,mode=0444 cat /etc/app/token | wc -c > /target-size
RUN --mount=type=secret,id=absent test ! -e /run/secrets/absent && echo skipped > /absent
";
    let secrets = BTreeMap::from([("token".to_string(), SECRET.as_bytes().to_vec())]);
    let (res, out) = w.build(&[("Dockerfile", dockerfile)], BuildOptions { secrets: secrets.clone(), ..opts(&["with-secret"]) });
    let id = res.unwrap_or_else(|e| panic!("{e:?}\n{out}"));
    assert_eq!(w.read(&id, "token-size").unwrap().0.trim(), SECRET.len().to_string());
    assert!(w.read(&id, "token-ls").unwrap().0.starts_with("-r--------"), "{:?}", w.read(&id, "token-ls"));
    assert_eq!(w.read(&id, "target-size").unwrap().0.trim(), SECRET.len().to_string());
    assert_eq!(w.read(&id, "absent").unwrap().0, "skipped\n");
    let paths = w.paths(&id);
    assert!(!paths.iter().any(|p| p.starts_with("run/secrets") || p.starts_with("etc/app")), "no mount point in the image: {paths:?}");
    let layers = w.layer_bytes(&id);
    assert!(!layers.windows(SECRET.len()).any(|win| win == SECRET.as_bytes()), "the secret is in a layer");
    let config = w.daemon.borrow_mut().images().config_bytes(&id).unwrap();
    assert!(!String::from_utf8(config).unwrap().contains(SECRET));
    assert!(!out.contains(SECRET));

    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nRUN --mount=type=secret,id=nope,required=true true\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "secret nope: not found");
}

/// `RUN --mount=type=bind`: the context (or a `source` in it, or another stage's files) at
/// `target`, read-only unless `rw`, whose writes then go nowhere; no trace in the layer; and
/// the bound files' content is part of the step's cache key.
#[test]
fn a_bind_mount_shows_context_or_stage_files_for_one_step() {
    let mut w = world();
    let dockerfile = "FROM busybox AS tools
RUN echo from-stage > /tool.txt
FROM busybox
WORKDIR /app
RUN --mount=type=bind,target=/ctx cat /ctx/data.txt > /from-ctx
RUN --mount=type=bind,source=sub,target=sub cat sub/x.txt > /from-sub
RUN --mount=type=bind,from=tools,source=/tool.txt,target=/t.txt cat /t.txt > /from-stage
RUN --mount=type=bind,target=/ctx touch /ctx/new 2>/dev/null || echo read-only > /ro
RUN --mount=type=bind,target=/ctx,rw touch /ctx/new && ls /ctx > /rw-ls
RUN --mount=type=bind,target=/ctx ls /ctx > /after-ls
";
    let files = [("Dockerfile", dockerfile), ("data.txt", "v1\n"), ("sub/x.txt", "inner\n")];
    let (res, out) = w.build(&files, opts(&["bind"]));
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&id, "from-ctx").unwrap().0, "v1\n");
    assert_eq!(w.read(&id, "from-sub").unwrap().0, "inner\n");
    assert_eq!(w.read(&id, "from-stage").unwrap().0, "from-stage\n");
    assert_eq!(w.read(&id, "ro").unwrap().0, "read-only\n");
    assert!(w.read(&id, "rw-ls").unwrap().0.contains("new\n"));
    assert!(!w.read(&id, "after-ls").unwrap().0.contains("new"), "an rw bind's writes are thrown away");
    let paths = w.paths(&id);
    assert!(!paths.iter().any(|p| p == "ctx" || p.starts_with("ctx/") || p == "t.txt" || p.starts_with("app/sub")), "no mount point in the image: {paths:?}");

    // Unchanged: every step cached. A bound file's content changes: that step reruns.
    let (_, out) = w.build(&files, opts(&["bind"]));
    assert!(!out.contains("Running in"), "{out}");
    let files2 = [("Dockerfile", dockerfile), ("data.txt", "v2\n"), ("sub/x.txt", "inner\n")];
    let (res, out) = w.build(&files2, opts(&["bind"]));
    let id = res.unwrap();
    assert_eq!(w.read(&id, "from-ctx").unwrap().0, "v2\n");
    assert!(out.contains("Step 5/10 : RUN --mount=type=bind,target=/ctx cat /ctx/data.txt > /from-ctx\n ---> Running in"), "{out}");

    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nRUN --mount=type=bind,source=nope,target=/n true\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "failed to compute cache key: failed to calculate checksum of ref: \"/nope\": not found");
}

/// `RUN --mount=type=ssh`: with `--ssh ID` a socket at `/run/buildkit/ssh_agent.0` (or the
/// `target`) named by `SSH_AUTH_SOCK`; without it the mount is skipped, or with
/// `required=true` the step fails with BuildKit's message.
#[test]
fn an_ssh_mount_needs_the_forwarded_agent_only_when_required() {
    let mut w = world();
    let dockerfile = "FROM busybox
RUN --mount=type=ssh ls -l $SSH_AUTH_SOCK > /default 2>&1; echo $SSH_AUTH_SOCK > /sock
RUN --mount=type=ssh,id=gh,target=/root/gh.sock,required=true ls -l /root/gh.sock > /gh
";
    let ssh = ["default".to_string(), "gh".to_string()].into_iter().collect();
    let (res, out) = w.build(&[("Dockerfile", dockerfile)], BuildOptions { ssh, ..opts(&["ssh"]) });
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(w.read(&id, "default").unwrap().0.starts_with("srw-------"), "{:?}", w.read(&id, "default"));
    assert_eq!(w.read(&id, "sock").unwrap().0, "/run/buildkit/ssh_agent.0\n");
    assert!(w.read(&id, "gh").unwrap().0.starts_with("srw-------"));
    assert!(!w.paths(&id).iter().any(|p| p.starts_with("run/buildkit") || p == "root/gh.sock"));

    let (res, _) = w.build(&[("Dockerfile", dockerfile)], BuildOptions { no_cache: true, ..opts(&[]) });
    assert_eq!(res.unwrap_err().to_string(), "no SSH key \"gh\" forwarded from the client");
    let (res, out) = w.build(&[("Dockerfile", "FROM busybox\nRUN --mount=type=ssh test ! -e $SSH_AUTH_SOCK\n")], opts(&[]));
    res.unwrap_or_else(|e| panic!("an optional ssh mount is skipped: {e}\n{out}"));
}

/// `--rm=false` keeps every step's container, as dockerd's classic builder does: a RUN's
/// exited 0, a `#(nop)` step's and WORKDIR's created, each from the step's parent image; and
/// prints no `Removing intermediate container` line.
#[test]
fn rm_false_keeps_the_intermediate_containers() {
    let mut w = world();
    let files = [("Dockerfile", "FROM busybox\nENV A=1\nWORKDIR /w\nRUN echo hi > f\n")];
    let (res, out) = w.build(&files, BuildOptions { keep_containers: true, ..opts(&["keep"]) });
    res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(!out.contains("Removing intermediate container"), "{out}");
    let kept: Vec<(String, String, i32, Vec<String>)> = w.daemon.borrow().containers().map(|c| (c.id[..12].to_string(), format!("{:?}", c.state.status), c.state.exit_code, c.argv())).collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    for (id, ..) in &kept {
        assert!(out.contains(&format!(" ---> Running in {id}\n")), "{out}");
    }
    let run = kept.iter().find(|k| k.3.last().is_some_and(|a| a == "echo hi > f")).expect("the RUN's container");
    assert_eq!((run.1.as_str(), run.2), ("Exited", 0));
    assert_eq!(kept.iter().filter(|k| k.1 == "Created").count(), 2, "{kept:?}");
    let run_id = w.daemon.borrow().containers().find(|c| c.id.starts_with(&run.0)).unwrap().id.clone();
    assert_eq!(w.daemon.borrow_mut().container_changes(&run_id).unwrap().iter().map(|c| c.path.clone()).collect::<Vec<_>>(), ["/w", "/w/f"]);

    // The default removes them; --force-rm wins over --rm=false.
    let (_, out) = w.build(&files, BuildOptions { no_cache: true, ..opts(&[]) });
    assert_eq!(out.matches("Removing intermediate container").count(), 3, "{out}");
    let (_, out) = w.build(&files, BuildOptions { no_cache: true, keep_containers: true, force_rm: true, ..opts(&[]) });
    assert_eq!(out.matches("Removing intermediate container").count(), 3, "{out}");
    assert_eq!(w.daemon.borrow().containers().count(), 3);
}

/// RUN gets `HOME` from the user's passwd entry, as runc sets it, so `~` is the user's home.
#[test]
fn run_sets_home_from_the_users_passwd_entry() {
    let mut w = world();
    let (res, out) = w.build(&[("Dockerfile", "FROM busybox\nRUN echo ~ > /root-home\nUSER app\nRUN echo \"home=$HOME\"\n")], opts(&[]));
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&id, "root-home").unwrap().0, "/root\n");
    assert!(out.contains("\nhome=/home/app\n"), "{out}");
}

/// Heredocs (M12): `COPY <<EOF /path` writes the body to a file; `RUN <<EOF` runs the body as
/// a script; `RUN cmd <<EOF` feeds it to the command through the shell.
#[test]
fn heredocs_write_files_and_run_scripts() {
    let mut w = world();
    let dockerfile = "FROM busybox
WORKDIR /src
COPY <<EOF ./main.go
package main
func main() {}
EOF
RUN <<EOT
mkdir -p /out
echo script > /out/a
EOT
RUN cat <<-EOF > /out/b
\tindented $HOME
\tEOF
";
    let (res, out) = w.build(&[("Dockerfile", dockerfile)], opts(&[]));
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&id, "src/main.go").unwrap(), ("package main\nfunc main() {}\n".to_string(), 0, 0, 0o644));
    assert_eq!(w.read(&id, "out/a").unwrap().0, "script\n");
    assert_eq!(w.read(&id, "out/b").unwrap().0, "indented /root\n");
}

/// A failed RUN's container stays, exited with the command's code, as dockerd's legacy builder
/// leaves it for `docker ps -a`; `--force-rm` removes it too.
#[test]
fn a_failed_runs_container_is_kept_unless_force_rm() {
    let mut w = world();
    let files = [("Dockerfile", "FROM busybox\nRUN echo partial > /p && exit 3\n")];
    let (res, out) = w.build(&files, opts(&["broken"]));
    assert_eq!(res.unwrap_err().exit_code(), 3);
    let kept: Vec<(String, String, i32, Vec<String>)> = w.daemon.borrow().containers().map(|c| (c.id.clone(), c.config.image.clone(), c.state.exit_code, c.argv())).collect();
    assert_eq!(kept.len(), 1, "{out}");
    let (id, image, code, argv) = &kept[0];
    assert!(out.contains(&format!(" ---> Running in {}\n", &id[..12])), "{out}");
    assert_eq!(*code, 3);
    assert_eq!(argv, &["/bin/sh", "-c", "echo partial > /p && exit 3"]);
    assert_eq!(image, &w.tagged("busybox").unwrap().to_string(), "the step's parent image");
    assert_eq!(w.daemon.borrow_mut().container_changes(id).unwrap().iter().map(|c| c.path.clone()).collect::<Vec<_>>(), ["/p"], "its filesystem is kept too");

    let (res, _) = w.build(&files, BuildOptions { force_rm: true, ..opts(&["broken"]) });
    assert!(res.is_err());
    assert_eq!(w.daemon.borrow().containers().count(), 1, "--force-rm leaves no new container");
}

/// `--pull` asks the registry for the base image even when it is here: with none reachable
/// the build fails, as Docker's does, where a plain build uses the local image.
#[test]
fn pull_asks_the_registry_even_for_a_local_base() {
    let mut w = world();
    let files = [("Dockerfile", "FROM busybox\nCMD [\"true\"]\n")];
    let (res, out) = w.build(&files, opts(&[]));
    res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    let (res, _) = w.build(&files, BuildOptions { pull: true, ..opts(&[]) });
    assert_eq!(res.unwrap_err().to_string(), "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
}

/// BuildKit's COPY flags the course's Dockerfiles use: `--parents` keeps each source's path
/// (after a `/./` pivot), `--exclude` leaves matching files out; ADD `--checksum` only for
/// remote sources.
#[test]
fn copy_parents_and_exclude_and_add_checksum() {
    let mut w = world();
    let dockerfile = "FROM busybox
COPY --parents src/app/x.js a.txt /p/
COPY --parents src/./app/lib /q/
COPY --exclude=*.md --exclude=lib . /e/
";
    let files = [("Dockerfile", dockerfile), ("src/app/x.js", "1\n"), ("src/app/lib/y.js", "2\n"), ("a.txt", "a\n"), ("README.md", "r\n"), ("lib/z", "z\n")];
    let (res, out) = w.build(&files, opts(&["par"]));
    let id = res.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(w.read(&id, "p/src/app/x.js").unwrap().0, "1\n");
    assert_eq!(w.read(&id, "p/a.txt").unwrap().0, "a\n");
    assert_eq!(w.read(&id, "q/app/lib/y.js").unwrap().0, "2\n");
    let paths = w.paths(&id);
    assert!(paths.iter().any(|p| p == "e/a.txt") && paths.iter().any(|p| p == "e/src/app/x.js"), "{paths:?}");
    assert!(!paths.iter().any(|p| p == "e/README.md" || p.starts_with("e/lib")), "{paths:?}");

    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nADD --checksum=sha256:0000 a.txt /c\n"), ("a.txt", "a\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "checksum requires HTTP(S) or Git sources");
    let (res, _) = w.build(&[("Dockerfile", "FROM busybox\nADD --checksum=sha256:0000 a.txt b.txt /c/\n"), ("a.txt", "a\n"), ("b.txt", "b\n")], opts(&[]));
    assert_eq!(res.unwrap_err().to_string(), "checksum can't be specified for multiple sources");
}
