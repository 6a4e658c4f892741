# The builder's less common corners: which parse error is reported, --rm=false, bind and
# ssh mounts, .dockerignore rules, COPY wildcards, ADD of a local tar, SHELL, STOPSIGNAL,
# MAINTAINER, ONBUILD, lower-case keywords and ENTRYPOINT with CMD.
mkdir -p /root/feat && cd /root/feat
docker pull -q busybox
# The first bad instruction is reported, even with an unknown one further down.
printf 'FROM busybox\nRUN echo ok\nCOPY --form=build /a /b\nRUN echo more\nRUNN echo typo\n' > Dockerfile
docker build .
echo $?
printf 'FROM busybox\nRUNN echo typo\nENV a=b c\n' > Dockerfile
docker build .
# --rm=false keeps each step's container: RUN's exited, the others created.
printf 'FROM busybox\nENV A=1\nRUN echo hi > /f\n' > Dockerfile
docker build --rm=false -t keep .
docker ps -a --format '{{.Image}} {{.Status}} {{.Command}}'
docker rm $(docker ps -aq)
# Bind mounts: the context (read-only; rw writes are thrown away), a source in it, a stage.
printf 'v1\n' > data.txt
mkdir -p sub && printf 'inner\n' > sub/x.txt
printf 'FROM busybox AS tools\nRUN echo from-stage > /tool.txt\nFROM busybox\nRUN --mount=type=bind,target=/ctx cat /ctx/data.txt && touch /ctx/new || echo read-only\nRUN --mount=type=bind,source=sub,target=/s cat /s/x.txt\nRUN --mount=type=bind,from=tools,source=/tool.txt,target=/t.txt cat /t.txt\nRUN --mount=type=bind,target=/ctx,rw touch /ctx/new && ls /ctx\nRUN test ! -e /ctx -a ! -e /s -a ! -e /t.txt && echo no mount point left\n' > Dockerfile
docker build -t bind .
printf 'FROM busybox\nRUN --mount=type=bind,target=/ctx cat /ctx/data.txt > /copy\n' > Dockerfile
docker build -q -t bind . > /dev/null
touch data.txt
docker build -t bind . | grep -E 'RUN|cache|Running'
printf 'v2\n' > data.txt
docker build -t bind . | grep -E 'RUN|cache|Running'
# ssh: skipped without --ssh unless required; with it, a socket named by SSH_AUTH_SOCK.
printf 'FROM busybox\nRUN --mount=type=ssh echo $SSH_AUTH_SOCK && ls /run/buildkit || echo no agent\nRUN --mount=type=ssh,id=gh,required=true true\n' > Dockerfile
docker build .
echo $?
docker build --ssh default .
export SSH_AUTH_SOCK=/tmp/agent.sock
printf 'FROM busybox\nRUN --mount=type=ssh ls -l $SSH_AUTH_SOCK\nRUN --mount=type=ssh,id=gh,target=/root/gh.sock,required=true ls -l /root/gh.sock\n' > Dockerfile
docker build --ssh default --ssh gh=/tmp/agent.sock -t ssh .
# .dockerignore: ** patterns, ! exceptions, the last match wins, a leading / is ignored.
mkdir -p src/a/b logs docs
printf 'a\n' > src/a/one.js && printf 'b\n' > src/a/b/two.js && printf 'c\n' > src/keep.md
printf 'x\n' > logs/x.log && printf 'y\n' > logs/important.log && printf 'r\n' > README.md
printf 'd\n' > docs/notes.md && printf 'p\n' > package.json && printf 'l\n' > package-lock.json
printf '**/*.md\n!README.md\nlogs/\n!logs/important.log\n/docs\nsub\n*.txt\n!src/**/two.js\nsrc/a/b\n' > .dockerignore
printf 'FROM busybox\nCOPY . /ctx/\nRUN find /ctx -type f | sort\n' > Dockerfile
docker build -t ignore . | grep '^/ctx'
# COPY with wildcards and several sources into a directory.
printf 'FROM busybox\nCOPY package*.json src/a/*.js /app/\nCOPY README.md logs/important.log /app/more/\nRUN ls -R /app\n' > Dockerfile
docker build -t wild . | grep -v -E '^(Sending|Step| --->|Removing|Successfully)'
printf 'FROM busybox\nCOPY package*.json /app\n' > Dockerfile
docker build -t wild .
# COPY --parents keeps each source's path (after a /./ pivot); --exclude leaves files out.
printf 'FROM busybox\nCOPY --parents src/a/one.js package.json /p/\nCOPY --parents src/./a /q/\nCOPY --exclude=*.json --exclude=src . /e/\nRUN find /p /q /e -type f | sort\n' > Dockerfile
docker build -t parents . | grep -E '^/'
# ADD unpacks a local tar; COPY copies it as it is.
printf 'FROM busybox\nRUN mkdir /t && echo tarred > /t/in.txt\n' > Dockerfile.src
docker build -q -f Dockerfile.src -t tarsrc . > /dev/null
docker create --name mk tarsrc > /dev/null
docker export -o fs.tar mk
docker rm mk
printf 'FROM scratch\nADD fs.tar /\nCOPY fs.tar /copied/\nCMD ["/bin/cat", "/t/in.txt"]\n' > Dockerfile
docker build -q -t tar . > /dev/null
docker run --rm tar
docker run --rm tar ls /copied
# Lower-case keywords, MAINTAINER, SHELL, STOPSIGNAL, ONBUILD, ENTRYPOINT with CMD.
printf 'from busybox\nmaintainer Jane <jane@example.com>\nshell ["/bin/sh", "-e", "-c"]\nrun echo shell=$0\nstopsignal SIGQUIT\nonbuild run echo triggered > /trig\nonbuild COPY README.md /r.md\nentrypoint ["echo", "ep"]\ncmd ["c1"]\n' > Dockerfile
docker build -t base .
docker inspect --format '{{.Author}}|{{.Config.StopSignal}}|{{json .Config.OnBuild}}|{{json .Config.Shell}}' base
docker run --rm base
docker run --rm base x y
docker history --format '{{.CreatedBy}}' base | head -8
printf 'FROM base\nRUN cat /trig /r.md\n' > Dockerfile
docker build -t child .
docker inspect --format '{{json .Config.OnBuild}} {{.Config.StopSignal}}' child
printf 'FROM busybox\nENTRYPOINT echo shell-form\nCMD ["ignored"]\n' > Dockerfile
docker build -q -t ep1 . > /dev/null && docker run --rm ep1 extra
docker inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' ep1
printf 'FROM busybox\nCMD ["a"]\nENTRYPOINT ["echo"]\n' > Dockerfile
docker build -q -t ep2 . > /dev/null && docker run --rm ep2
docker inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' ep2
printf 'FROM ep2\nENTRYPOINT ["echo", "new"]\n' > Dockerfile
docker build -q -t ep3 . > /dev/null && docker run --rm ep3
docker inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' ep3
printf 'FROM busybox\nENTRYPOINT ["echo", "e"]\nCMD x y\n' > Dockerfile
docker build -q -t ep4 . > /dev/null && docker run --rm ep4
