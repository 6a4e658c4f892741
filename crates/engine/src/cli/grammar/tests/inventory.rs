//! One row per command-line form of `shared/spec/seed-inventory.md` §2 (container lifecycle,
//! images and builds, volumes, networks, system, trust, plugins, compose, swarm, other), with
//! what docker CLI 28.2 makes of it against a 20.10 daemon (no buildx, no scout plugin).
//! Placeholders of the seeds (`[IMAGE NAME]`, `$(docker ps -aq)`) are replaced by plausible
//! words; shell redirections are left to the shell.
//!
//! Rows the seeds mark *(sic)* expect docker's error, as the simulator must answer it.

use super::{fail, run};
use crate::cli::grammar::{parse, Invocation};

/// What a row must produce.
enum Expect {
    /// Runs `cmd` (canonical path) with exactly these flag values and arguments.
    Run(&'static str, &'static [(&'static str, &'static [&'static str])], &'static [&'static str]),
    /// Fails with this exit code and message.
    Fails(i32, &'static str),
    /// Prints the help of this command path.
    Help(&'static str),
}
use Expect::*;

/// The table: inventory ids, command line, expectation.
const ROWS: &[(&str, &str, Expect)] = &[
    // 2.1 Container lifecycle.
    ("C01", r#"docker run docker/whalesay cowsay "Hey Team! 👋""#, Run("container run", &[], &["docker/whalesay", "cowsay", "Hey Team! 👋"])),
    ("C01.a C01.f C01.g", "docker run --interactive --tty alpine", Run("container run", &[("interactive", &["true"]), ("tty", &["true"])], &["alpine"])),
    ("C01 C01.a", "docker container run alpine", Run("container run", &[], &["alpine"])),
    ("C01.b", "docker run postgres:15.1-alpine", Run("container run", &[], &["postgres:15.1-alpine"])),
    ("C01.c", "docker run sha256:9924dfd9350407b3df01d1a0e1033b1e543523ce7d5d5e2c83a724480ebe8f00", Run("container run", &[], &["sha256:9924dfd9350407b3df01d1a0e1033b1e543523ce7d5d5e2c83a724480ebe8f00"])),
    ("C01.d", "docker run gcr.io/google.com/cloudsdktool/google-cloud-cli:415.0.0 gcloud version", Run("container run", &[], &["gcr.io/google.com/cloudsdktool/google-cloud-cli:415.0.0", "gcloud", "version"])),
    ("C01.e", "docker run -it my-image --name my-container", Run("container run", &[("interactive", &["true"]), ("tty", &["true"])], &["my-image", "--name", "my-container"])),
    ("C01.e", "docker run postgres:15.1-alpine -c 'config_file=/etc/postgresql/postgresql.conf'", Run("container run", &[], &["postgres:15.1-alpine", "-c", "config_file=/etc/postgresql/postgresql.conf"])),
    ("C01.f", "docker run -i stedolan/jq '.key_1 + .key_2'", Run("container run", &[("interactive", &["true"])], &["stedolan/jq", ".key_1 + .key_2"])),
    ("C01.f C01.i", "docker run -i --rm busybox:1.36.0 base64", Run("container run", &[("interactive", &["true"]), ("rm", &["true"])], &["busybox:1.36.0", "base64"])),
    ("C01.g C01.t", "docker run -ti -v /var/run/docker.sock:/var/run/docker.sock docker:26.0.1-cli", Run("container run", &[("interactive", &["true"]), ("tty", &["true"]), ("volume", &["/var/run/docker.sock:/var/run/docker.sock"])], &["docker:26.0.1-cli"])),
    ("C01.h", "docker run -dit alpine", Run("container run", &[("detach", &["true"]), ("interactive", &["true"]), ("tty", &["true"])], &["alpine"])),
    ("C01.h C01.ac C01.j", "docker run --network=my-net -itd --name=container3 busybox", Run("container run", &[("detach", &["true"]), ("interactive", &["true"]), ("name", &["container3"]), ("network", &["my-net"]), ("tty", &["true"])], &["busybox"])),
    ("C01.h", "docker run --detach nginx", Run("container run", &[("detach", &["true"])], &["nginx"])),
    ("C01.i", "docker run -it --rm ubuntu:22.04", Run("container run", &[("interactive", &["true"]), ("rm", &["true"]), ("tty", &["true"])], &["ubuntu:22.04"])),
    ("C01.i", "docker run --rm=false alpine", Run("container run", &[("rm", &["false"])], &["alpine"])),
    ("C01.j", "docker run --name my-ubuntu-container ubuntu", Run("container run", &[("name", &["my-ubuntu-container"])], &["ubuntu"])),
    ("C01.k", r#"docker run -e POSTGRES_PASSWORD=foobarbaz -e "discovery.type=single-node" --env DATA_PATH=/data/num.txt postgres"#, Run("container run", &[("env", &["POSTGRES_PASSWORD=foobarbaz", "discovery.type=single-node", "DATA_PATH=/data/num.txt"])], &["postgres"])),
    ("C01.l C01.p", "docker run -p 5432:5432 --publish 3003:3004 -p 9200:9200 postgres", Run("container run", &[("publish", &["5432:5432", "3003:3004", "9200:9200"])], &["postgres"])),
    ("C01.m C01.n", "docker run -p 127.0.0.1:8080:80 -p '[::1]:8080:80' nginx", Run("container run", &[("publish", &["127.0.0.1:8080:80", "[::1]:8080:80"])], &["nginx"])),
    ("C01.o", "docker run --publish 8082:80/tcp --publish 8082:80/udp nginx", Run("container run", &[("publish", &["8082:80/tcp", "8082:80/udp"])], &["nginx"])),
    ("C01.q", "docker container run -P -d --name web nginx", Run("container run", &[("detach", &["true"]), ("name", &["web"]), ("publish-all", &["true"])], &["nginx"])),
    ("C01.r", "docker run --expose 80 nginx", Run("container run", &[("expose", &["80"])], &["nginx"])),
    ("C01.s", "docker run -v pgdata:/var/lib/postgresql/data -v=neo4jdata:/data --volume html-volume:/usr/share/nginx/html/ x", Run("container run", &[("volume", &["pgdata:/var/lib/postgresql/data", "neo4jdata:/data", "html-volume:/usr/share/nginx/html/"])], &["x"])),
    ("C01.u", "docker run -v /app/node_modules -v /home/user/app:/app node", Run("container run", &[("volume", &["/app/node_modules", "/home/user/app:/app"])], &["node"])),
    ("C01.v", "docker run --mount source=my-volume,destination=/my-data/ alpine", Run("container run", &[("mount", &["source=my-volume,destination=/my-data/"])], &["alpine"])),
    ("C01.w", "docker run --mount type=volume,src=incrementor-data,target=/data alpine", Run("container run", &[("mount", &["type=volume,src=incrementor-data,target=/data"])], &["alpine"])),
    ("C01.x", r#"docker run --mount type=bind,source="/home/user/dist",target=/usr/share/nginx/html nginx"#, Run("container run", &[("mount", &["type=bind,source=/home/user/dist,target=/usr/share/nginx/html"])], &["nginx"])),
    ("C01.y", "docker run --mount type=volume,source=html-volume,target=/usr/share/nginx/html,readonly nginx", Run("container run", &[("mount", &["type=volume,source=html-volume,target=/usr/share/nginx/html,readonly"])], &["nginx"])),
    ("C01.z", "docker run --mount type=tmpfs,target=/app/cache,tmpfs-size=500m alpine", Run("container run", &[("mount", &["type=tmpfs,target=/app/cache,tmpfs-size=500m"])], &["alpine"])),
    ("C01.aa", "docker run --mount type=volume,source=v,target=/d,volume-nocopy alpine", Run("container run", &[("mount", &["type=volume,source=v,target=/d,volume-nocopy"])], &["alpine"])),
    ("C01.ab", "docker run --rm --volumes-from data_container nginx", Run("container run", &[("rm", &["true"]), ("volumes-from", &["data_container"])], &["nginx"])),
    ("C01.ac", "docker run --network my-network --network=app-net x", Run("container run", &[("network", &["my-network", "app-net"])], &["x"])),
    ("C01.ad", "docker container run -it --name ping-mysql --network bridge centos", Run("container run", &[("interactive", &["true"]), ("name", &["ping-mysql"]), ("network", &["bridge"]), ("tty", &["true"])], &["centos"])),
    ("C01.ae", "docker run --rm --network host nginx", Run("container run", &[("network", &["host"]), ("rm", &["true"])], &["nginx"])),
    ("C01.af", "docker run --rm --network none", Fails(1, "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information")),
    ("C01.ag", "docker run --rm -it --network container:redis example/redis-cli -h 127.0.0.1", Run("container run", &[("interactive", &["true"]), ("network", &["container:redis"]), ("rm", &["true"]), ("tty", &["true"])], &["example/redis-cli", "-h", "127.0.0.1"])),
    ("C01.ah", "docker run --network name=gwnet,gw-priority=1 --network anet1 --name myctr myimage", Run("container run", &[("name", &["myctr"]), ("network", &["name=gwnet,gw-priority=1", "anet1"])], &["myimage"])),
    ("C01.ai", "docker container run -d --name network-test02 --ip 10.1.4.102 --ip6 2001:db8::33 --network br03 nginx", Run("container run", &[("detach", &["true"]), ("ip", &["10.1.4.102"]), ("ip6", &["2001:db8::33"]), ("name", &["network-test02"]), ("network", &["br03"])], &["nginx"])),
    ("C01.aj", "docker run --hostname web -h web2 alpine", Run("container run", &[("hostname", &["web", "web2"])], &["alpine"])),
    ("C01.ak C01.al C01.am C01.an C01.ao", "docker run --dns=127.0.0.1 --dns-search example.com --dns-opt ndots:2 --dns-option timeout:3 --add-host db:10.0.0.5 --mac-address 92:d0:c6:0a:29:33 alpine", Run("container run", &[("add-host", &["db:10.0.0.5"]), ("dns", &["127.0.0.1"]), ("dns-option", &["ndots:2", "timeout:3"]), ("dns-search", &["example.com"]), ("mac-address", &["92:d0:c6:0a:29:33"])], &["alpine"])),
    ("C01.ap", "docker run --init --rm --publish 3003:3004 node-app:1", Run("container run", &[("init", &["true"]), ("publish", &["3003:3004"]), ("rm", &["true"])], &["node-app:1"])),
    ("C01.aq", "docker run -it --name docker-host --rm --privileged ubuntu:jammy", Run("container run", &[("interactive", &["true"]), ("name", &["docker-host"]), ("privileged", &["true"]), ("rm", &["true"]), ("tty", &["true"])], &["ubuntu:jammy"])),
    ("C01.ar", "docker run --restart=always -d redis", Run("container run", &[("detach", &["true"]), ("restart", &["always"])], &["redis"])),
    ("C01.ar", "docker run --restart on-failure:3 redis", Run("container run", &[("restart", &["on-failure:3"])], &["redis"])),
    ("C01.as", "docker run --entrypoint /bin/sh alpine -c 'echo hi'", Run("container run", &[("entrypoint", &["/bin/sh"])], &["alpine", "-c", "echo hi"])),
    ("C01.at", "docker run --security-opt seccomp=./seccomp/profiles/chmod/default.json alpine chmod 777 /etc", Run("container run", &[("security-opt", &["seccomp=./seccomp/profiles/chmod/default.json"])], &["alpine", "chmod", "777", "/etc"])),
    ("C01.au C01.av", "docker run --cap-add=NET_ADMIN --cap-add audit_control --cap-drop=mknod alpine", Run("container run", &[("cap-add", &["NET_ADMIN", "audit_control"]), ("cap-drop", &["mknod"])], &["alpine"])),
    ("C01.aw C01.ax C01.ay", r#"docker run --cpus=".5" --memory=512M --memory-swap=1G -m 256m alpine"#, Run("container run", &[("cpus", &[".5"]), ("memory", &["512M", "256m"]), ("memory-swap", &["1G"])], &["alpine"])),
    ("C01.az C01.ba C01.bb C01.au C01.ae", "docker run --rm --net host --pid host --userns host --cap-add audit_control -e DOCKER_CONTENT_TRUST=1 -v /etc:/etc:ro --label docker_bench_security docker/docker-bench-security", Run("container run", &[("cap-add", &["audit_control"]), ("env", &["DOCKER_CONTENT_TRUST=1"]), ("label", &["docker_bench_security"]), ("network", &["host"]), ("pid", &["host"]), ("rm", &["true"]), ("userns", &["host"]), ("volume", &["/etc:/etc:ro"])], &["docker/docker-bench-security"])),
    ("C02 C02.a C02.b", "docker create -v /app/data --name data_container alpine", Run("container create", &[("name", &["data_container"]), ("volume", &["/app/data"])], &["alpine"])),
    ("C02", "docker container create nginx", Run("container create", &[], &["nginx"])),
    ("C03", "docker start my-ubuntu-container", Run("container start", &[], &["my-ubuntu-container"])),
    ("C03.a", "docker container start -a web", Run("container start", &[("attach", &["true"])], &["web"])),
    ("C03.b", "docker container start --interactive --attach ping-mysql", Run("container start", &[("attach", &["true"]), ("interactive", &["true"])], &["ping-mysql"])),
    ("C04", "docker stop my-container", Run("container stop", &[], &["my-container"])),
    ("C04", "docker container stop -t 5 registry other", Run("container stop", &[("time", &["5"])], &["registry", "other"])),
    ("C05", "docker kill my-alpine", Run("container kill", &[], &["my-alpine"])),
    ("C05", "docker container kill -s SIGTERM web", Run("container kill", &[("signal", &["SIGTERM"])], &["web"])),
    ("C06 C06.c", "docker rm web db cache", Run("container rm", &[], &["web", "db", "cache"])),
    ("C06.a", "docker container rm -f web", Run("container rm", &[("force", &["true"])], &["web"])),
    ("C06.a", "docker rm --force web", Run("container rm", &[("force", &["true"])], &["web"])),
    ("C06.b", "docker container rm -v registry", Run("container rm", &[("volumes", &["true"])], &["registry"])),
    // cobra parses the root's flags before its RunE can say `remove` is no command.
    ("C06", "docker remove --force my-mysql", Fails(125, "")),
    ("C06", "docker remove my-mysql", Fails(1, "docker: unknown command: docker remove\n\nRun 'docker --help' for more information")),
    ("C07", "docker ps", Run("container ls", &[], &[])),
    ("C07", "docker container ls", Run("container ls", &[], &[])),
    ("C07 C07.a", "docker container ps -a", Run("container ls", &[("all", &["true"])], &[])),
    ("C07.a", "docker ps --all", Run("container ls", &[("all", &["true"])], &[])),
    ("C07.b C07.c", "docker container ls -a -q -f status=exited", Run("container ls", &[("all", &["true"]), ("filter", &["status=exited"]), ("quiet", &["true"])], &[])),
    ("C07.b", "docker ps -aq", Run("container ls", &[("all", &["true"]), ("quiet", &["true"])], &[])),
    ("C07.c", "docker container ls -a --filter status=running", Run("container ls", &[("all", &["true"]), ("filter", &["status=running"])], &[])),
    ("C08", r#"docker exec my-mysql mysql -u root -p my-secret-pw -e "SHOW DATABASES;""#, Run("container exec", &[], &["my-mysql", "mysql", "-u", "root", "-p", "my-secret-pw", "-e", "SHOW DATABASES;"])),
    ("C08.a", "docker exec -it my-mysql bash", Run("container exec", &[("interactive", &["true"]), ("tty", &["true"])], &["my-mysql", "bash"])),
    ("C08.a", "docker container exec -it nginx ls /usr/share/nginx/html/", Run("container exec", &[("interactive", &["true"]), ("tty", &["true"])], &["nginx", "ls", "/usr/share/nginx/html/"])),
    ("C08.b", "docker container exec --user 0 -it test-non-priv-user /bin/bash", Run("container exec", &[("interactive", &["true"]), ("tty", &["true"]), ("user", &["0"])], &["test-non-priv-user", "/bin/bash"])),
    ("C09", "docker attach my-alpine", Run("container attach", &[], &["my-alpine"])),
    ("C09.a", "docker container attach --name web", Fails(125, "unknown flag: --name\n\nUsage:  docker container attach [OPTIONS] CONTAINER\n\nRun 'docker container attach --help' for more information")),
    ("C10", "docker container logs weather-app", Run("container logs", &[], &["weather-app"])),
    ("C10.a", "docker container logs -f web", Run("container logs", &[("follow", &["true"])], &["web"])),
    ("C11", "docker inspect web", Run("inspect", &[], &["web"])),
    ("C11", "docker container inspect my-ubuntu-container", Run("container inspect", &[], &["my-ubuntu-container"])),
    ("C11.a", r#"docker inspect --format "{{json .State.Health }}" mysql"#, Run("inspect", &[("format", &["{{json .State.Health }}"])], &["mysql"])),
    ("C11.b", "docker inspect --format='{{.Id}} {{.Parent}}' 0123456789ab", Run("inspect", &[("format", &["{{.Id}} {{.Parent}}"])], &["0123456789ab"])),
    ("C11.c", "docker inspect container weather-app2", Run("inspect", &[], &["container", "weather-app2"])),
    ("C12", "docker top web aux", Run("container top", &[], &["web", "aux"])),
    ("C12", "docker container top web -o pid,comm", Run("container top", &[], &["web", "-o", "pid,comm"])),
    ("C13", "docker container stats web", Run("container stats", &[], &["web"])),
    ("C13", "docker stats --no-stream", Run("container stats", &[("no-stream", &["true"])], &[])),
    ("C14", "docker container port web", Run("container port", &[], &["web"])),
    ("C14", "docker port web 80/tcp", Run("container port", &[], &["web", "80/tcp"])),
    ("C15", "docker container pause web", Run("container pause", &[], &["web"])),
    ("C16", "docker container unpause web", Run("container unpause", &[], &["web"])),
    ("C17 C17.b", r#"docker commit -c 'CMD["redis-server"]' 0123456789ab"#, Run("container commit", &[("change", &["CMD[\"redis-server\"]"])], &["0123456789ab"])),
    ("C17.a", r#"docker container commit -a "author" web my-image"#, Run("container commit", &[("author", &["author"])], &["web", "my-image"])),
    ("C18 C18.a", "docker export -o dockercontainer.tar my-alpine", Run("container export", &[("output", &["dockercontainer.tar"])], &["my-alpine"])),
    ("C18.a", "docker container export --output rootfs.tar web", Run("container export", &[("output", &["rootfs.tar"])], &["web"])),
    ("C19", "docker container prune", Run("container prune", &[], &[])),
    ("C19.a", "docker container prune -f", Run("container prune", &[("force", &["true"])], &[])),
    ("C20", "docker container connect br02 nginx-network-test01", Fails(1, "docker: unknown command: docker container connect\n\nUsage:  docker container\n\nRun 'docker container --help' for more information")),
    // 2.2 Images and builds.
    ("C21", "docker pull ubuntu:latest", Run("image pull", &[], &["ubuntu:latest"])),
    ("C21", "docker image pull nginx:1.25", Run("image pull", &[], &["nginx:1.25"])),
    ("C21.a", "docker pull registry.example.com/user/image@sha256:d149ab53f8718e987c3a3024bb8aa0e2caadf6c0328f1d9d850b2a2a67f2819a", Run("image pull", &[], &["registry.example.com/user/image@sha256:d149ab53f8718e987c3a3024bb8aa0e2caadf6c0328f1d9d850b2a2a67f2819a"])),
    ("C21.b", "docker pull localhost:5000/gfg-image", Run("image pull", &[], &["localhost:5000/gfg-image"])),
    ("C22 C22.b", "docker push my-username/my-image", Run("image push", &[], &["my-username/my-image"])),
    ("C22 C22.a", "docker image push localhost:5000/gfg-image", Run("image push", &[], &["localhost:5000/gfg-image"])),
    ("C23", "docker images", Run("image ls", &[], &[])),
    ("C23", "docker image ls", Run("image ls", &[], &[])),
    ("C23.a C23.b", "docker images --filter since=0123456789ab -q", Run("image ls", &[("filter", &["since=0123456789ab"]), ("quiet", &["true"])], &[])),
    ("C23.c", "docker images -aq", Run("image ls", &[("all", &["true"]), ("quiet", &["true"])], &[])),
    ("C24 C24.b", "docker rmi my-image other-image 0123456789ab", Run("image rm", &[], &["my-image", "other-image", "0123456789ab"])),
    ("C24", "docker image rm my-image", Run("image rm", &[], &["my-image"])),
    ("C24 C24.a", "docker image rmi -f my-image 0123456789ab", Run("image rm", &[("force", &["true"])], &["my-image", "0123456789ab"])),
    ("C24.a", "docker rmi --force my-image", Run("image rm", &[("force", &["true"])], &["my-image"])),
    ("C25", "docker image tag my-username/my-image another-username/another-image:v1", Run("image tag", &[], &["my-username/my-image", "another-username/another-image:v1"])),
    ("C25", "docker tag ubuntu:latest localhost:5000/gfg-image", Run("image tag", &[], &["ubuntu:latest", "localhost:5000/gfg-image"])),
    ("C26", "docker history node:20", Run("image history", &[], &["node:20"])),
    ("C26", "docker image history --no-trunc alpine", Run("image history", &[("no-trunc", &["true"])], &["alpine"])),
    ("C27", "docker image inspect anis016/weather-app:1.1", Run("image inspect", &[], &["anis016/weather-app:1.1"])),
    ("C28 C28.a", "docker image save my-image", Run("image save", &[], &["my-image"])),
    ("C28.b", "docker image save my-image -o my-image.tar", Run("image save", &[("output", &["my-image.tar"])], &["my-image"])),
    ("C28.c", "docker save --output my-image.tar my-image", Run("image save", &[("output", &["my-image.tar"])], &["my-image"])),
    ("C29 C29.a", "docker image load", Run("image load", &[], &[])),
    ("C29", "docker load -i my-image.tar", Run("image load", &[("input", &["my-image.tar"])], &[])),
    ("C29.b", "docker image save -i my-image.tar", Fails(125, "unknown shorthand flag: 'i' in -i\n\nUsage:  docker image save [OPTIONS] IMAGE [IMAGE...]\n\nRun 'docker image save --help' for more information")),
    ("C29.c", "docker image save --input my-image.tar", Fails(125, "unknown flag: --input\n\nUsage:  docker image save [OPTIONS] IMAGE [IMAGE...]\n\nRun 'docker image save --help' for more information")),
    ("C29.c", "docker image load --input my-image.tar", Run("image load", &[("input", &["my-image.tar"])], &[])),
    ("C30", "docker image prune", Run("image prune", &[], &[])),
    ("C30", "docker image prune -a -f", Run("image prune", &[("all", &["true"]), ("force", &["true"])], &[])),
    ("C31 C31.a", "docker build .", Run("image build", &[], &["."])),
    ("C31.a C31.b C31.c", "docker build -t my-image -f docker/Dockerfile .", Run("image build", &[("file", &["docker/Dockerfile"]), ("tag", &["my-image"])], &["."])),
    ("C31.b", "docker build . -t my-node-app:1 --tag my-node-app:latest", Run("image build", &[("tag", &["my-node-app:1", "my-node-app:latest"])], &["."])),
    ("C31.c", "docker image build -t anis016/weather-app:1.0 -f Dockerfile.test .", Run("image build", &[("file", &["Dockerfile.test"]), ("tag", &["anis016/weather-app:1.0"])], &["."])),
    ("C31.d C31.e C31.l", "docker build --no-cache -f Dockerfile --target stage2 .", Run("image build", &[("file", &["Dockerfile"]), ("no-cache", &["true"]), ("target", &["stage2"])], &["."])),
    ("C31.f C31.h", "docker image build -t anis016/weather-app:multi-stage-build --rm --build-arg VERSION=1.6 --build-arg SRC_DIR=/var/code .", Run("image build", &[("build-arg", &["VERSION=1.6", "SRC_DIR=/var/code"]), ("rm", &["true"]), ("tag", &["anis016/weather-app:multi-stage-build"])], &["."])),
    ("C31.g C31.i C31.j", "docker build --label maintainer=me --force-rm --ulimit nofile=1024:1024 .", Run("image build", &[("force-rm", &["true"]), ("label", &["maintainer=me"]), ("ulimit", &["nofile=1024:1024"])], &["."])),
    ("C31.k", "docker build --tag my-ubuntu-image -", Run("image build", &[("tag", &["my-ubuntu-image"])], &["-"])),
    ("C31.m", "docker image build --env VERSION=1.6 .", Fails(125, "unknown flag: --env\n\nUsage:  docker image build [OPTIONS] PATH | URL | -\n\nRun 'docker image build --help' for more information")),
    ("C32", "docker search python", Run("search", &[], &["python"])),
    // 2.3 Volumes.
    ("C33", "docker volume create my-volume", Run("volume create", &[], &["my-volume"])),
    ("C33", "docker volume create", Run("volume create", &[], &[])),
    ("C33.a", "docker volume create -d local portainer_data", Run("volume create", &[("driver", &["local"])], &["portainer_data"])),
    ("C34", "docker volume ls", Run("volume ls", &[], &[])),
    ("C35", "docker volume inspect my-vol", Run("volume inspect", &[], &["my-vol"])),
    ("C36", "docker volume rm incrementor-data", Run("volume rm", &[], &["incrementor-data"])),
    ("C37", "docker volume prune", Run("volume prune", &[], &[])),
    ("C38", "docker volume --help", Help("docker volume")),
    ("C38", "docker volume help", Fails(1, "docker: unknown command: docker volume help\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information")),
    // 2.4 Networks.
    ("C39", "docker network create my-network", Run("network create", &[], &["my-network"])),
    ("C39.a", "docker network create -d bridge my-net", Run("network create", &[("driver", &["bridge"])], &["my-net"])),
    ("C39.a", "docker network create --driver=bridge app-net", Run("network create", &[("driver", &["bridge"])], &["app-net"])),
    ("C39.b", "docker network create -d overlay my_overlay", Run("network create", &[("driver", &["overlay"])], &["my_overlay"])),
    ("C39.c C39.d C39.e C39.f", "docker network create --driver bridge --subnet 10.1.0.0/24 --gateway 10.1.0.1 --ip-range=10.1.4.0/24 --label=host4network br03", Run("network create", &[("driver", &["bridge"]), ("gateway", &["10.1.0.1"]), ("ip-range", &["10.1.4.0/24"]), ("label", &["host4network"]), ("subnet", &["10.1.0.0/24"])], &["br03"])),
    ("C39.g", "docker network create --driver bridge --internal localhost", Run("network create", &[("driver", &["bridge"]), ("internal", &["true"])], &["localhost"])),
    ("C39.h", "docker network create --ipv6 v6net", Run("network create", &[("ipv6", &["true"])], &["v6net"])),
    ("C39.i", "docker network create --ipv6 --ipv4=false v6net", Fails(1, "\"--ipv4\" requires API version 1.48, but the Docker daemon API version is 1.41")),
    ("C39.j", "docker network create -d overlay --opt encrypted encrypted_overlay", Run("network create", &[("driver", &["overlay"]), ("opt", &["encrypted"])], &["encrypted_overlay"])),
    ("C40", "docker network ls", Run("network ls", &[], &[])),
    ("C40.a", "docker network ls --no-trunc", Run("network ls", &[("no-trunc", &["true"])], &[])),
    ("C41", "docker network inspect encrypted_overlay", Run("network inspect", &[], &["encrypted_overlay"])),
    ("C42", "docker network rm encrypted_overlay", Run("network rm", &[], &["encrypted_overlay"])),
    ("C43", "docker network prune", Run("network prune", &[], &[])),
    ("C44", "docker network connect anet2 myctr", Run("network connect", &[], &["anet2", "myctr"])),
    ("C44.a C44.b", "docker network connect --alias db,database --ip 10.1.4.9 --ip6 2001:db8::9 localhost ping-mysql", Run("network connect", &[("alias", &["db", "database"]), ("ip", &["10.1.4.9"]), ("ip6", &["2001:db8::9"])], &["localhost", "ping-mysql"])),
    ("C44.c", "docker network connect --driver-opt gw-priority=1 anet2 myctr", Run("network connect", &[("driver-opt", &["gw-priority=1"])], &["anet2", "myctr"])),
    ("C45", "docker network disconnect br03 web", Run("network disconnect", &[], &["br03", "web"])),
    // 2.5 System and daemon.
    ("C46", "docker info", Run("system info", &[], &[])),
    ("C47", "docker system events", Run("system events", &[], &[])),
    ("C47.a C47.b", "docker system events --filter type=container --since '1h'", Run("system events", &[("filter", &["type=container"]), ("since", &["1h"])], &[])),
    ("C47.c", "docker events --filter type=container --filter event=attach --filter event=die --filter event=stop", Run("system events", &[("filter", &["type=container", "event=attach", "event=die", "event=stop"])], &[])),
    ("C48", "docker sytem prune", Fails(1, "docker: unknown command: docker sytem\n\nRun 'docker --help' for more information")),
    ("C48", "docker system prune -a --volumes -f", Run("system prune", &[("all", &["true"]), ("force", &["true"]), ("volumes", &["true"])], &[])),
    // 2.6 Content trust and scanning (scout is a Docker Desktop plugin wharf does not have).
    ("C49", "docker trust key generate jeff", Run("trust key generate", &[], &["jeff"])),
    ("C50 C50.a", "docker trust key load key.pem --name jeff", Run("trust key load", &[("name", &["jeff"])], &["key.pem"])),
    ("C51 C51.a", "docker trust signer add --key cert.pem jeff registry.example.com/admin/demo", Run("trust signer add", &[("key", &["cert.pem"])], &["jeff", "registry.example.com/admin/demo"])),
    ("C52", "docker trust sign registry.example.com/admin/demo:1", Run("trust sign", &[], &["registry.example.com/admin/demo:1"])),
    ("C53 C53.a", "docker trust inspect --pretty registry.example.com/admin/demo:1", Run("trust inspect", &[("pretty", &["true"])], &["registry.example.com/admin/demo:1"])),
    ("C54", "docker trust revoke registry.example.com/admin/demo:1", Run("trust revoke", &[], &["registry.example.com/admin/demo:1"])),
    ("C56", "docker scout quickview my-image", Fails(1, "docker: unknown command: docker scout\n\nRun 'docker --help' for more information")),
    ("C57", "docker scout cves my-image", Fails(1, "docker: unknown command: docker scout\n\nRun 'docker --help' for more information")),
    // 2.7 Plugins.
    ("C58 C58.a", "docker plugin install store/splunk/docker-logging-plugin:2.0.0 --alias splunk-logging-plugin", Run("plugin install", &[("alias", &["splunk-logging-plugin"])], &["store/splunk/docker-logging-plugin:2.0.0"])),
    ("C58.b", "docker plugin install rexray/dobs DOBS_REGION=nyc3 DOBS_TOKEN=t DOBS_CONVERTUNDERSCORES=true", Run("plugin install", &[], &["rexray/dobs", "DOBS_REGION=nyc3", "DOBS_TOKEN=t", "DOBS_CONVERTUNDERSCORES=true"])),
    ("C59", "docker plugin ls", Run("plugin ls", &[], &[])),
    ("C60", "docker plugin disable splunk-logging-plugin", Run("plugin disable", &[], &["splunk-logging-plugin"])),
    ("C61", "docker plugin rm splunk-logging-plugin", Run("plugin rm", &[], &["splunk-logging-plugin"])),
    // 2.8 Compose.
    ("C62", "docker compose up", Run("compose up", &[], &[])),
    ("C62.a C62.d", "docker compose -f docker-compose-dev.yml -f docker-compose-debug.yml up --build", Run("compose up", &[("build", &["true"]), ("file", &["docker-compose-dev.yml", "docker-compose-debug.yml"])], &[])),
    ("C62.b", "docker compose up -d", Run("compose up", &[("detach", &["true"])], &[])),
    ("C62.c", "docker compose up --scale web=10", Run("compose up", &[("scale", &["web=10"])], &[])),
    ("C63", "docker compose down", Run("compose down", &[], &[])),
    ("C64", "docker compose ps", Run("compose ps", &[], &[])),
    ("C64.a", "docker compose -f /path/to/docker-compose.yml ps", Run("compose ps", &[("file", &["/path/to/docker-compose.yml"])], &[])),
    ("C65", "docker compose logs", Run("compose logs", &[], &[])),
    ("C65.a", "docker compose logs -f web", Run("compose logs", &[("follow", &["true"])], &["web"])),
    ("C66", "docker compose build", Run("compose build", &[], &[])),
    ("C66.a C66.b", "docker compose build --no-cache web", Run("compose build", &[("no-cache", &["true"])], &["web"])),
    ("C67 C67.b", "docker compose -f docker-compose-a.yml -f docker-compose-b.yml run my-service", Run("compose run", &[("file", &["docker-compose-a.yml", "docker-compose-b.yml"])], &["my-service"])),
    ("C67.a", "docker compose -f docker-compose-dev.yml -f docker-compose-test.yml run --rm api-node npm test", Run("compose run", &[("file", &["docker-compose-dev.yml", "docker-compose-test.yml"]), ("rm", &["true"])], &["api-node", "npm", "test"])),
    ("C68", "docker compose ls", Run("compose ls", &[], &[])),
    ("C69", "docker compose stop", Run("compose stop", &[], &[])),
    ("C70", "docker compose start", Run("compose start", &[], &[])),
    ("C71", "docker compose restart", Run("compose restart", &[], &[])),
    // 2.9 Swarm, node, service, stack: parsed on any node; the daemon refuses them out of a swarm.
    ("C72 C72.a", "docker swarm init --advertise-addr 192.168.56.91", Run("swarm init", &[("advertise-addr", &["192.168.56.91"])], &[])),
    ("C73 C73.a C73.b", "docker swarm join --token SWMTKN-1-1utt46ae4j6sqegedkuav1nvnaqeghssgr8x8n311266aihsoa-52wo9zkqgxqskjnfwmkl95gm9 192.168.56.91:2377", Run("swarm join", &[("token", &["SWMTKN-1-1utt46ae4j6sqegedkuav1nvnaqeghssgr8x8n311266aihsoa-52wo9zkqgxqskjnfwmkl95gm9"])], &["192.168.56.91:2377"])),
    ("C74", "docker swarm join-token worker", Run("swarm join-token", &[], &["worker"])),
    ("C75 C75.a", "docker swarm leave --force", Run("swarm leave", &[("force", &["true"])], &[])),
    ("C76", "docker node ls", Run("node ls", &[], &[])),
    ("C77", "docker node inspect worker1", Run("node inspect", &[], &["worker1"])),
    ("C78", "docker node promote worker1", Run("node promote", &[], &["worker1"])),
    ("C79", "docker node demote worker1", Run("node demote", &[], &["worker1"])),
    ("C80 C80.a", "docker node rm -f worker1", Run("node rm", &[("force", &["true"])], &["worker1"])),
    ("C81 C81.a C81.b C81.c C81.d", "docker service create -d --name nginx_service -p 8080:80 --replicas 3 nginx:latest", Run("service create", &[("detach", &["true"]), ("name", &["nginx_service"]), ("publish", &["8080:80"]), ("replicas", &["3"])], &["nginx:latest"])),
    ("C81.e", "docker service create --network test1 --network test2 nginx", Run("service create", &[("network", &["test1", "test2"])], &["nginx"])),
    ("C81.f C81.g C81.h", "docker service create --name portainer -p 9000:9000 --constraint 'node.role == manager' --mount type=volume,src=portainer_data,dst=/data --mount type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock portainer/portainer -H unix:///var/run/docker.sock", Run("service create", &[("constraint", &["node.role == manager"]), ("mount", &["type=volume,src=portainer_data,dst=/data", "type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock"]), ("name", &["portainer"]), ("publish", &["9000:9000"])], &["portainer/portainer", "-H", "unix:///var/run/docker.sock"])),
    ("C82", "docker service ls", Run("service ls", &[], &[])),
    ("C83", "docker service ps nginx_service", Run("service ps", &[], &["nginx_service"])),
    ("C84", "docker service inspect nginx_service", Run("service inspect", &[], &["nginx_service"])),
    ("C85 C85.a", "docker service logs -f nginx_service", Run("service logs", &[("follow", &["true"])], &["nginx_service"])),
    ("C86", "docker service scale nginx_service=4", Run("service scale", &[], &["nginx_service=4"])),
    ("C87 C87.a", "docker service update --network-add my_overlay nginx_service", Run("service update", &[("network-add", &["my_overlay"])], &["nginx_service"])),
    ("C87.b", "docker service update --network-rm my_overlay nginx_service", Run("service update", &[("network-rm", &["my_overlay"])], &["nginx_service"])),
    ("C87.c", "docker service update --help", Help("docker service update")),
    ("C88", "docker stack deploy prometheus", Run("stack deploy", &[], &["prometheus"])),
    ("C88.a", "docker stack deploy --compose-file docker-compose.yml prometheus", Run("stack deploy", &[("compose-file", &["docker-compose.yml"])], &["prometheus"])),
    ("C88.b", "docker stack deploy -c docker-compose.yml prometheus", Run("stack deploy", &[("compose-file", &["docker-compose.yml"])], &["prometheus"])),
    ("C89", "docker stack ls", Run("stack ls", &[], &[])),
    ("C90", "docker stack rm prometheus", Run("stack rm", &[], &["prometheus"])),
    // 2.10 Other.
    // Without the buildx plugin. (With flags, cobra's root parses them first: `docker buildx
    // build --platform x .` is `unknown flag: --platform`, exit 125, as in docker.)
    ("C92", "docker buildx build .", Fails(1, "docker: unknown command: docker buildx\n\nRun 'docker --help' for more information")),
    ("C92", "docker buildx build --platform linux/amd64,linux/arm64 .", Fails(125, "unknown flag: --platform\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information")),
    ("C93", "docker login -u me -p secret localhost:5000", Run("login", &[("password", &["secret"]), ("username", &["me"])], &["localhost:5000"])),
    ("C94", "docker run --help", Help("docker run")),
];

/// Inventory rows not covered above, and why.
const OUT_OF_SCOPE: &[(&str, &str)] = &[
    ("C55", "DOCKER_CONTENT_TRUST is an environment variable, read in phase 2"),
    ("C91", "docker-machine is another program"),
];

/// Every §2 row id (2.1–2.10).
const INVENTORY_IDS: &str = "C01 C01.a C01.b C01.c C01.d C01.e C01.f C01.g C01.h C01.i C01.j C01.k C01.l C01.m \
C01.n C01.o C01.p C01.q C01.r C01.s C01.t C01.u C01.v C01.w C01.x C01.y C01.z C01.aa C01.ab C01.ac C01.ad C01.ae \
C01.af C01.ag C01.ah C01.ai C01.aj C01.ak C01.al C01.am C01.an C01.ao C01.ap C01.aq C01.ar C01.as C01.at C01.au \
C01.av C01.aw C01.ax C01.ay C01.az C01.ba C01.bb C02 C02.a C02.b C03 C03.a C03.b C04 C05 C06 C06.a C06.b C06.c C07 \
C07.a C07.b C07.c C08 C08.a C08.b C09 C09.a C10 C10.a C11 C11.a C11.b C11.c C12 C13 C14 C15 C16 C17 C17.a C17.b \
C18 C18.a C19 C19.a C20 C21 C21.a C21.b C22 C22.a C22.b C23 C23.a C23.b C23.c C24 C24.a C24.b C25 C26 C27 C28 \
C28.a C28.b C28.c C29 C29.a C29.b C29.c C30 C31 C31.a C31.b C31.c C31.d C31.e C31.f C31.g C31.h C31.i C31.j C31.k \
C31.l C31.m C32 C33 C33.a C34 C35 C36 C37 C38 C39 C39.a C39.b C39.c C39.d C39.e C39.f C39.g C39.h C39.i C39.j C40 \
C40.a C41 C42 C43 C44 C44.a C44.b C44.c C45 C46 C47 C47.a C47.b C47.c C48 C49 C50 C50.a C51 C51.a C52 C53 C53.a \
C54 C55 C56 C57 C58 C58.a C58.b C59 C60 C61 C62 C62.a C62.b C62.c C62.d C63 C64 \
C64.a C65 C65.a C66 C66.a C66.b C67 C67.a C67.b C68 C69 C70 C71 C72 C72.a C73 C73.a C73.b C74 C75 C75.a C76 C77 \
C78 C79 C80 C80.a C81 C81.a C81.b C81.c C81.d C81.e C81.f C81.g C81.h C82 C83 C84 C85 C85.a C86 C87 C87.a C87.b \
C87.c C88 C88.a C88.b C89 C90 C91 C92 C93 C94";

/// The command lines of the table.
pub(super) fn lines() -> impl Iterator<Item = &'static str> {
    ROWS.iter().map(|(_, line, _)| *line)
}

#[test]
fn every_inventory_row_is_in_the_table() {
    for id in INVENTORY_IDS.split_whitespace() {
        let covered = ROWS.iter().any(|(ids, _, _)| ids.split_whitespace().any(|i| i == id))
            || OUT_OF_SCOPE.iter().any(|(i, _)| *i == id);
        assert!(covered, "inventory row {id} has no test");
    }
}

#[test]
fn inventory_rows_parse_as_docker_does() {
    for (ids, line, expect) in ROWS {
        match expect {
            Run(cmd, flags, args) => {
                let p = run(line);
                assert_eq!(p.command.join(" "), *cmd, "{ids}: {line}");
                let got: Vec<(&str, Vec<&str>)> =
                    p.flags.iter().map(|(k, v)| (*k, v.iter().map(String::as_str).collect())).collect();
                let want: Vec<(&str, Vec<&str>)> = flags.iter().map(|(k, v)| (*k, v.to_vec())).collect();
                assert_eq!(got, want, "{ids}: {line}");
                assert_eq!(p.args, *args, "{ids}: {line}");
            }
            Fails(code, message) => {
                let e = fail(line);
                assert_eq!(e.exit_code(), *code, "{ids}: {line}");
                if !message.is_empty() {
                    assert_eq!(e.message, *message, "{ids}: {line}");
                }
            }
            Help(path) => match parse(&super::words(line)) {
                Ok(Invocation::Help { path: p, stderr: false, .. }) => assert_eq!(p, *path, "{ids}: {line}"),
                other => panic!("{ids}: {line}: expected help, got {other:?}"),
            },
        }
    }
}
