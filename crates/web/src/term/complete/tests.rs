//! Completion against a small table of a machine.

use super::*;

/// A machine with a few commands, files and docker objects.
struct Table;

impl Sources for Table {
    fn commands(&self) -> Vec<String> {
        ["cd", "cat", "chroot", "docker", "dockerd", "ls", "echo"].map(String::from).to_vec()
    }
    fn entries(&self, dir: &str) -> Vec<(String, bool)> {
        let list: &[(&str, bool)] = match dir {
            "" => &[("notes.txt", false), ("node app", true), (".profile", false), ("web", true)],
            "/" => &[("bin", true), ("boot", true), ("etc", true), ("usr", true)],
            "/etc/" => &[("hosts", false), ("hostname", false), ("os-release", false)],
            _ => &[],
        };
        list.iter().map(|(n, d)| (n.to_string(), *d)).collect()
    }
    fn objects(&self, kind: Object) -> Vec<String> {
        let list: &[&str] = match kind {
            Object::Container => &["web", "db", "worker"],
            Object::RunningContainer => &["web", "worker"],
            Object::StoppedContainer => &["db"],
            Object::PausedContainer => &[],
            Object::Image => &["busybox:latest", "nginx:1.25", "nginx:latest"],
            Object::Volume => &["data", "dbdata"],
            Object::Network => &["bridge", "backend", "host", "none"],
        };
        list.iter().map(|s| s.to_string()).collect()
    }
}

fn words_of(line: &str) -> Vec<String> {
    complete(line, &Table).matches.into_iter().map(|m| m.word).collect()
}

#[test]
fn the_first_word_completes_commands_and_builtins() {
    assert_eq!(words_of("ch"), ["chroot"]);
    assert_eq!(words_of("doc"), ["docker", "dockerd"]);
    assert_eq!(words_of("c"), ["cat", "cd", "chroot"]);
    // After a pipe, `;`, `&&`, an assignment or `sudo`, a command again.
    assert_eq!(words_of("echo x | ca"), ["cat"]);
    assert_eq!(words_of("ls; ec"), ["echo"]);
    assert_eq!(words_of("true && ch"), ["chroot"]);
    assert_eq!(words_of("FOO=1 ec"), ["echo"]);
    assert_eq!(words_of("sudo ch"), ["chroot"]);
}

#[test]
fn other_words_complete_paths_and_directories_end_in_a_slash() {
    let c = complete("cat /etc/host", &Table);
    assert_eq!(c.start, 4);
    assert_eq!(c.typed, "/etc/host");
    assert_eq!(c.matches.iter().map(|m| m.word.as_str()).collect::<Vec<_>>(), ["/etc/hostname", "/etc/hosts"]);
    assert_eq!(c.common_prefix(), "/etc/host");
    assert_eq!(c.shown(), ["hostname", "hosts"]);
    assert_eq!(complete("cd /b", &Table).matches, [Match { word: "/bin/".into(), dir: true }, Match { word: "/boot/".into(), dir: true }]);
    // Dot files only when asked for; a quoted or escaped blank belongs to the word.
    assert_eq!(words_of("cat "), ["node app/", "notes.txt", "web/"]);
    assert_eq!(words_of("cat ."), [".profile"]);
    assert_eq!(words_of("cat node\\ a"), ["node app/"]);
    assert_eq!(words_of("cat 'node a"), ["node app/"]);
    // A redirection's target is a file even in command position.
    assert_eq!(words_of("echo hi > no"), ["node app/", "notes.txt"]);
    assert_eq!(escape("node app/"), "node\\ app/");
}

#[test]
fn docker_completes_subcommands_flags_and_the_names_the_grammar_expects() {
    assert_eq!(words_of("docker ru"), ["run"]);
    assert_eq!(words_of("docker volume r"), ["rm"]);
    assert_eq!(words_of("docker run --rest"), ["--restart"]);
    assert_eq!(words_of("docker run -d ngi"), ["nginx:1.25", "nginx:latest"]);
    assert_eq!(words_of("docker rmi b"), ["busybox:latest"]);
    assert_eq!(words_of("docker stop w"), ["web", "worker"]);
    assert_eq!(words_of("docker start "), ["db"]);
    assert_eq!(words_of("docker rm web w"), ["web", "worker"], "rm takes many containers");
    assert_eq!(words_of("docker logs -f w"), ["web", "worker"]);
    assert_eq!(words_of("docker volume rm d"), ["data", "dbdata"]);
    assert_eq!(words_of("docker network connect b"), ["backend", "bridge"]);
    assert_eq!(words_of("docker network connect backend w"), ["web", "worker"]);
    // Flag values: networks, volumes (or a host path), containers; after `=` too.
    assert_eq!(words_of("docker run --network b"), ["backend", "bridge"]);
    assert_eq!(words_of("docker run --network=ba"), ["--network=backend"]);
    assert_eq!(words_of("docker run -v da"), ["data"]);
    assert_eq!(words_of("docker run -v /e"), ["/etc/"]);
    assert_eq!(words_of("docker run --volumes-from d"), ["db"]);
    // Nothing where a free value or the container's command goes.
    assert!(words_of("docker run --name w").is_empty());
    assert!(words_of("docker run busybox e").is_empty());
    // `docker inspect` takes any object; `--mount` completes its fields and their values.
    assert_eq!(words_of("docker inspect d"), ["data", "db", "dbdata"]);
    assert_eq!(words_of("docker run --mount ty"), ["type="]);
    assert_eq!(words_of("docker run --mount type=v"), ["type=volume"]);
    assert_eq!(words_of("docker run --mount type=volume,so"), ["type=volume,source="]);
    assert_eq!(words_of("docker run --mount type=volume,source=d"), ["type=volume,source=data", "type=volume,source=dbdata"]);
    assert_eq!(words_of("docker run --mount type=bind,src=/e"), ["type=bind,src=/etc/"]);
    assert_eq!(words_of("docker run --mount=type=tmpfs,tar"), ["--mount=type=tmpfs,target="]);
        // `docker build` takes a directory.
    assert_eq!(words_of("docker build w"), ["web/"]);
    // A listing shows a path's last component, but a name whole.
    assert_eq!(complete("docker run -v /e", &Table).shown(), ["etc/"]);
    assert_eq!(complete("docker run --network=b", &Table).shown(), ["--network=backend", "--network=bridge"]);
}

#[test]
fn columns_fill_top_to_bottom_and_fit_the_width() {
    let items: Vec<String> = ["alpha", "beta", "gamma", "delta", "epsilon"].map(String::from).to_vec();
    assert_eq!(columns(&items, 30), ["alpha    gamma    epsilon", "beta     delta"]);
    assert_eq!(columns(&items, 20), ["alpha    delta", "beta     epsilon", "gamma"]);
    assert_eq!(columns(&items, 80), ["alpha    beta     gamma    delta    epsilon"]);
    assert_eq!(columns(&items, 5).len(), 5, "one column when nothing fits beside");
}
