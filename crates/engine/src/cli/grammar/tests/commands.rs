//! One representative command line for every command of the catalogue (the inventory table
//! covers the forms the course uses; this covers the rest), and a check that no catalogued
//! command is left without one.

use std::collections::BTreeSet;

use super::{run, words};
use crate::cli::grammar::{parse, walk, Invocation};

/// A command line, its canonical command, one flag to check with its values (none when the
/// name is empty), and its arguments.
type Line = (&'static str, &'static str, (&'static str, &'static [&'static str]), &'static [&'static str]);

const LINES: &[Line] = &[
    ("docker attach --no-stdin --sig-proxy=false web", "container attach", ("sig-proxy", &["false"]), &["web"]),
    ("docker container attach --detach-keys ctrl-x web", "container attach", ("detach-keys", &["ctrl-x"]), &["web"]),
    ("docker commit -p=false -m fix web repo:tag", "container commit", ("message", &["fix"]), &["web", "repo:tag"]),
    ("docker container commit --change 'ENV A=1' web", "container commit", ("change", &["ENV A=1"]), &["web"]),
    ("docker cp -L web:/etc/hosts .", "container cp", ("follow-link", &["true"]), &["web:/etc/hosts", "."]),
    ("docker container cp -a ./f web:/tmp", "container cp", ("archive", &["true"]), &["./f", "web:/tmp"]),
    ("docker create --pull never alpine", "container create", ("pull", &["never"]), &["alpine"]),
    ("docker container create -it --name c alpine sh", "container create", ("name", &["c"]), &["alpine", "sh"]),
    ("docker diff web", "container diff", ("", &[]), &["web"]),
    ("docker container diff web", "container diff", ("", &[]), &["web"]),
    ("docker exec -d -w /tmp -e A=1 web touch x", "container exec", ("workdir", &["/tmp"]), &["web", "touch", "x"]),
    ("docker container exec --privileged web id", "container exec", ("privileged", &["true"]), &["web", "id"]),
    ("docker export web", "container export", ("", &[]), &["web"]),
    ("docker container inspect -s -f '{{.Name}}' web", "container inspect", ("size", &["true"]), &["web"]),
    ("docker kill --signal=HUP web", "container kill", ("signal", &["HUP"]), &["web"]),
    ("docker logs --since 10m --until 1m -t --details -n 5 web", "container logs", ("tail", &["5"]), &["web"]),
    ("docker container logs --tail=all web", "container logs", ("tail", &["all"]), &["web"]),
    ("docker pause a b", "container pause", ("", &[]), &["a", "b"]),
    ("docker port web 80", "container port", ("", &[]), &["web", "80"]),
    ("docker container prune --filter until=24h", "container prune", ("filter", &["until=24h"]), &[]),
    ("docker rename old new", "container rename", ("", &[]), &["old", "new"]),
    ("docker container rename old new", "container rename", ("", &[]), &["old", "new"]),
    ("docker restart -t 0 web", "container restart", ("time", &["0"]), &["web"]),
    ("docker container restart --time=3 a b", "container restart", ("time", &["3"]), &["a", "b"]),
    ("docker rm -l link", "container rm", ("link", &["true"]), &["link"]),
    ("docker run --read-only --tmpfs /run:rw,size=64m -w /app -u 1000:1000 --pids-limit 100 alpine", "container run", ("pids-limit", &["100"]), &["alpine"]),
    ("docker run --ulimit nofile=1024 --stop-signal SIGINT --stop-timeout 5 --env-file ./env alpine", "container run", ("ulimit", &["nofile=1024"]), &["alpine"]),
    ("docker run --health-cmd 'curl -f localhost' --health-interval 5s --health-retries 3 --health-timeout 2s --health-start-period 1m nginx", "container run", ("health-retries", &["3"]), &["nginx"]),
    ("docker run --device /dev/fuse --gpus all --platform linux/arm64 --pull always alpine", "container run", ("pull", &["always"]), &["alpine"]),
    ("docker run --log-driver json-file --log-opt max-size=10m --cgroupns private --ipc host --uts host alpine", "container run", ("log-opt", &["max-size=10m"]), &["alpine"]),
    ("docker run --net-alias db --network-alias database --link web:w alpine", "container run", ("network-alias", &["db", "database"]), &["alpine"]),
    ("docker start -ai web", "container start", ("interactive", &["true"]), &["web"]),
    ("docker stats -a --no-trunc --format '{{.Name}}'", "container stats", ("all", &["true"]), &[]),
    ("docker stop --time 1 web", "container stop", ("time", &["1"]), &["web"]),
    ("docker top web", "container top", ("", &[]), &["web"]),
    ("docker unpause web", "container unpause", ("", &[]), &["web"]),
    ("docker update --memory 512m --cpus 1.5 --restart always web", "container update", ("restart", &["always"]), &["web"]),
    ("docker container update --pids-limit -1 -c 512 web", "container update", ("pids-limit", &["-1"]), &["web"]),
    ("docker wait a b", "container wait", ("", &[]), &["a", "b"]),
    ("docker container wait a", "container wait", ("", &[]), &["a"]),
    ("docker ps -n 3 -s --no-trunc --format '{{.ID}}'", "container ls", ("last", &["3"]), &[]),
    ("docker container ls -l", "container ls", ("latest", &["true"]), &[]),
    ("docker build -q --pull --iidfile id.txt --network host --add-host h:1.2.3.4 --cache-from a,b .", "image build", ("cache-from", &["a", "b"]), &["."]),
    ("docker build --platform linux/amd64 --target stage2 -f docker/Dockerfile --label a=b --no-cache -t app:1 -t app:latest .", "image build", ("tag", &["app:1", "app:latest"]), &["."]),
    ("docker build -m 1g --memory-swap -1 --shm-size 64m -c 2 --cpu-period 1 --cpu-quota 1 --cpuset-cpus 0 --cpuset-mems 0 --cgroup-parent p --isolation default --compress --security-opt a .", "image build", ("cpu-shares", &["2"]), &["."]),
    ("docker image build --disable-content-trust=false --rm=false --force-rm --ulimit nofile=1024 .", "image build", ("disable-content-trust", &["false"]), &["."]),
    ("docker builder build --build-arg V=1 .", "image build", ("build-arg", &["V=1"]), &["."]),
    ("docker builder prune -a -f --filter until=24h --keep-storage 1g", "builder prune", ("keep-storage", &["1g"]), &[]),
    ("docker history -q -H=false --format '{{.ID}}' alpine", "image history", ("human", &["false"]), &["alpine"]),
    ("docker import -c 'CMD sh' -m msg rootfs.tar repo:tag", "image import", ("message", &["msg"]), &["rootfs.tar", "repo:tag"]),
    ("docker image import --platform linux/amd64 - repo", "image import", ("platform", &["linux/amd64"]), &["-", "repo"]),
    ("docker images --digests --no-trunc --format '{{.ID}}' alpine", "image ls", ("digests", &["true"]), &["alpine"]),
    ("docker image inspect -f '{{.Id}}' alpine", "image inspect", ("format", &["{{.Id}}"]), &["alpine"]),
    ("docker load -q", "image load", ("quiet", &["true"]), &[]),
    ("docker image prune --filter until=1h", "image prune", ("filter", &["until=1h"]), &[]),
    ("docker pull -a -q --platform linux/arm64 alpine", "image pull", ("all-tags", &["true"]), &["alpine"]),
    ("docker push -a -q repo", "image push", ("quiet", &["true"]), &["repo"]),
    ("docker rmi --no-prune x", "image rm", ("no-prune", &["true"]), &["x"]),
    ("docker save -o a.tar a b", "image save", ("output", &["a.tar"]), &["a", "b"]),
    ("docker tag a b", "image tag", ("", &[]), &["a", "b"]),
    ("docker search --limit 5 --no-trunc -f is-official=true --format '{{.Name}}' nginx", "search", ("limit", &["5"]), &["nginx"]),
    ("docker container remove -v web", "container rm", ("volumes", &["true"]), &["web"]),
    ("docker context create --description d --docker host=tcp://myserver:2376 --from default ctx", "context create", ("docker", &["host=tcp://myserver:2376"]), &["ctx"]),
    ("docker context export ctx ctx.tar", "context export", ("", &[]), &["ctx", "ctx.tar"]),
    ("docker context import ctx ctx.tar", "context import", ("", &[]), &["ctx", "ctx.tar"]),
    ("docker context inspect -f '{{.Name}}' default", "context inspect", ("format", &["{{.Name}}"]), &["default"]),
    ("docker context ls -q --format json", "context ls", ("quiet", &["true"]), &[]),
    ("docker context rm -f ctx", "context rm", ("force", &["true"]), &["ctx"]),
    ("docker context show", "context show", ("", &[]), &[]),
    ("docker context update --description new ctx", "context update", ("description", &["new"]), &["ctx"]),
    ("docker context use default", "context use", ("", &[]), &["default"]),
    ("docker manifest annotate --os linux --arch arm64 --variant v8 --os-features a,b list img", "manifest annotate", ("os-features", &["a", "b"]), &["list", "img"]),
    ("docker manifest create -a --insecure list img1 img2", "manifest create", ("amend", &["true"]), &["list", "img1", "img2"]),
    ("docker manifest inspect -v list", "manifest inspect", ("verbose", &["true"]), &["list"]),
    ("docker manifest push -p --insecure list", "manifest push", ("purge", &["true"]), &["list"]),
    ("docker manifest rm list", "manifest rm", ("", &[]), &["list"]),
    ("docker plugin create --compress my/plugin ./data", "plugin create", ("compress", &["true"]), &["my/plugin", "./data"]),
    ("docker plugin enable --timeout 5 p", "plugin enable", ("timeout", &["5"]), &["p"]),
    ("docker plugin inspect -f '{{.Id}}' p", "plugin inspect", ("format", &["{{.Id}}"]), &["p"]),
    ("docker plugin push p", "plugin push", ("", &[]), &["p"]),
    ("docker plugin set p DEBUG=1", "plugin set", ("", &[]), &["p", "DEBUG=1"]),
    ("docker plugin upgrade --grant-all-permissions --skip-remote-check p remote/p:2", "plugin upgrade", ("skip-remote-check", &["true"]), &["p", "remote/p:2"]),
    ("docker trust signer remove -f jeff registry.example.com/admin/demo", "trust signer remove", ("force", &["true"]), &["jeff", "registry.example.com/admin/demo"]),
    ("docker swarm ca --rotate -q --cert-expiry 48h", "swarm ca", ("cert-expiry", &["48h"]), &[]),
    ("docker swarm init --listen-addr 0.0.0.0:2377 --autolock --task-history-limit 10 --default-addr-pool 10.10.0.0/16", "swarm init", ("task-history-limit", &["10"]), &[]),
    ("docker swarm unlock", "swarm unlock", ("", &[]), &[]),
    ("docker swarm unlock-key --rotate", "swarm unlock-key", ("rotate", &["true"]), &[]),
    ("docker swarm update --autolock=true --dispatcher-heartbeat 10s", "swarm update", ("dispatcher-heartbeat", &["10s"]), &[]),
    ("docker node ps --no-trunc -f desired-state=running self", "node ps", ("filter", &["desired-state=running"]), &["self"]),
    ("docker node update --availability drain --label-add zone=a worker1", "node update", ("label-add", &["zone=a"]), &["worker1"]),
    ("docker service rm web", "service rm", ("", &[]), &["web"]),
    ("docker service rollback -d web", "service rollback", ("detach", &["true"]), &["web"]),
    ("docker service ps -q --no-resolve web", "service ps", ("no-resolve", &["true"]), &["web"]),
    ("docker stack config -c a.yml -c b.yml", "stack config", ("compose-file", &["a.yml", "b.yml"]), &[]),
    ("docker stack ps --no-trunc app", "stack ps", ("no-trunc", &["true"]), &["app"]),
    ("docker stack services -q app", "stack services", ("quiet", &["true"]), &["app"]),
    ("docker stack up -c app.yml app", "stack deploy", ("compose-file", &["app.yml"]), &["app"]),
    ("docker secret create -l a=b db_password ./pw.txt", "secret create", ("label", &["a=b"]), &["db_password", "./pw.txt"]),
    ("docker secret inspect --pretty db_password", "secret inspect", ("pretty", &["true"]), &["db_password"]),
    ("docker secret ls -q", "secret ls", ("quiet", &["true"]), &[]),
    ("docker secret rm db_password", "secret rm", ("", &[]), &["db_password"]),
    ("docker config create -l a=b site ./nginx.conf", "config create", ("label", &["a=b"]), &["site", "./nginx.conf"]),
    ("docker config inspect -f '{{.ID}}' site", "config inspect", ("format", &["{{.ID}}"]), &["site"]),
    ("docker config ls --filter name=site", "config ls", ("filter", &["name=site"]), &[]),
    ("docker config rm site", "config rm", ("", &[]), &["site"]),
    ("docker volume create --label a=b -o type=tmpfs -o device=tmpfs v", "volume create", ("opt", &["type=tmpfs", "device=tmpfs"]), &["v"]),
    ("docker volume inspect -f '{{.Mountpoint}}' v", "volume inspect", ("format", &["{{.Mountpoint}}"]), &["v"]),
    ("docker volume ls -q -f dangling=true --format '{{.Name}}'", "volume ls", ("quiet", &["true"]), &[]),
    ("docker volume prune -f --filter label=a", "volume prune", ("force", &["true"]), &[]),
    ("docker volume rm -f a b", "volume rm", ("force", &["true"]), &["a", "b"]),
    ("docker volume remove a", "volume rm", ("", &[]), &["a"]),
    ("docker network connect --link web:w n c", "network connect", ("link", &["web:w"]), &["n", "c"]),
    ("docker network create --attachable --ingress --scope swarm --config-only --config-from c --ipam-driver default --ipam-opt a=b --aux-address h=10.0.0.9 n", "network create", ("aux-address", &["h=10.0.0.9"]), &["n"]),
    ("docker network disconnect -f n c", "network disconnect", ("force", &["true"]), &["n", "c"]),
    ("docker network inspect -v -f '{{.Id}}' n", "network inspect", ("verbose", &["true"]), &["n"]),
    ("docker network ls -q -f driver=bridge --format '{{.Name}}'", "network ls", ("filter", &["driver=bridge"]), &[]),
    ("docker network prune -f --filter until=1h", "network prune", ("force", &["true"]), &[]),
    ("docker network rm a b", "network rm", ("", &[]), &["a", "b"]),
    ("docker system df -v --format '{{.Type}}'", "system df", ("verbose", &["true"]), &[]),
    ("docker system events --until 1m --format '{{json .}}'", "system events", ("until", &["1m"]), &[]),
    ("docker system info -f '{{.ServerVersion}}'", "system info", ("format", &["{{.ServerVersion}}"]), &[]),
    ("docker system prune --filter label=a", "system prune", ("filter", &["label=a"]), &[]),
    ("docker inspect --type image -s alpine", "inspect", ("type", &["image"]), &["alpine"]),
    ("docker login --password-stdin -u me", "login", ("password-stdin", &["true"]), &[]),
    ("docker logout localhost:5000", "logout", ("", &[]), &["localhost:5000"]),
    ("docker version -f '{{.Server.Version}}'", "version", ("format", &["{{.Server.Version}}"]), &[]),
    ("docker compose --project-directory ./app --profile dev --env-file .env --ansi never --progress plain --parallel 2 --dry-run --compatibility config --services", "compose config", ("services", &["true"]), &[]),
    ("docker compose config -q -o out.yml --format json --images --profiles --volumes --no-interpolate", "compose config", ("format", &["json"]), &[]),
    ("docker compose build --build-arg A=1 --pull --push -q web", "compose build", ("build-arg", &["A=1"]), &["web"]),
    ("docker compose down -v --rmi all --remove-orphans -t 3", "compose down", ("rmi", &["all"]), &[]),
    ("docker compose exec -T -u root -w /app -e A=1 --index 2 --privileged -d web sh -c 'ls -l'", "compose exec", ("no-TTY", &["true"]), &["web", "sh", "-c", "ls -l"]),
    ("docker compose logs --no-color --no-log-prefix --since 1m --until 10s -t -n 10 web", "compose logs", ("tail", &["10"]), &["web"]),
    ("docker compose ls -a -q --format json --filter name=x", "compose ls", ("all", &["true"]), &[]),
    ("docker compose ps -a -q --services --status running --format json --filter status=running", "compose ps", ("status", &["running"]), &[]),
    ("docker compose pull -q --ignore-buildable --ignore-pull-failures --include-deps web", "compose pull", ("quiet", &["true"]), &["web"]),
    ("docker compose restart --no-deps -t 1 web", "compose restart", ("no-deps", &["true"]), &["web"]),
    ("docker compose rm -f -s -v web", "compose rm", ("stop", &["true"]), &["web"]),
    ("docker compose run --build -d --entrypoint sh -e A=1 -l a=b --name one -T --no-deps -p 80:80 --quiet-pull --remove-orphans --service-ports --use-aliases -u root -v ./x:/x -w /x --cap-add ALL --cap-drop NET_RAW -i web", "compose run", ("publish", &["80:80"]), &["web"]),
    ("docker compose start web", "compose start", ("", &[]), &["web"]),
    ("docker compose stop -t 2 web", "compose stop", ("timeout", &["2"]), &["web"]),
    ("docker compose top web", "compose top", ("", &[]), &["web"]),
    ("docker compose up --abort-on-container-exit --always-recreate-deps --attach web --attach-dependencies --exit-code-from web --force-recreate --no-attach db --no-build --no-color --no-deps --no-log-prefix --no-recreate --no-start --pull always --quiet-pull --remove-orphans -V -t 5 --timestamps --wait --wait-timeout 60", "compose up", ("exit-code-from", &["web"]), &[]),
    ("docker compose version --short -f json", "compose version", ("short", &["true"]), &[]),
];

#[test]
fn every_command_parses() {
    for (line, cmd, (flag, values), args) in LINES {
        let p = run(line);
        assert_eq!(p.command.join(" "), *cmd, "{line}");
        if !flag.is_empty() {
            assert_eq!(p.values(flag), *values, "{line}");
        }
        assert_eq!(p.args, *args, "{line}");
    }
}

/// Every catalogued command path has a command line here or in the inventory table.
#[test]
fn every_catalogued_command_has_a_line() {
    let mut seen = BTreeSet::new();
    let all_lines = LINES.iter().map(|l| l.0).chain(super::inventory::lines());
    for line in all_lines {
        if let Ok(Invocation::Run(p)) = parse(&words(line)) {
            seen.insert(p.path);
        }
    }
    for (path, cmd) in walk() {
        // Commands the 1.41 daemon does not support (`checkpoint`, `volume update`) never run;
        // tests/errors.rs checks they are refused.
        let words: Vec<&str> = path.split(' ').skip(1).collect();
        let unsupported = (1..=words.len()).any(|n| {
            crate::cli::grammar::find(&words[..n]).is_some_and(|(c, _)| c.experimental || crate::cli::grammar::api_less(crate::cli::grammar::DAEMON_API, c.api))
        });
        if !cmd.is_group() && !unsupported {
            assert!(seen.contains(&path), "no command line parses as {path}");
        }
    }
}
