# Compose's lifecycle: Ctrl-C during an attached `up` stops the project (exit 130), a second
# one kills what is still stopping; a rebuilt image or a changed service recreates its
# container, an unchanged one keeps running;
# containers of services gone from the file are orphans (a warning, or `--remove-orphans`);
# `stop` honours each service's stop_signal and stop_grace_period, and `-t`, in virtual time;
# `--abort-on-container-exit` ends `up` with the exit code of the first container to stop;
# `--wait` returns once every container runs, or is healthy when it has a healthcheck.
mkdir /root/shop && cd /root/shop
printf 'services:\n  web:\n    image: nginx\n    depends_on:\n      - queue\n  queue:\n    image: busybox\n    command: sh -c "echo waiting for a job; read job"\n    stdin_open: true\n    stop_grace_period: 5s\n' > compose.yaml
docker compose up
^C
echo exit $?
date +%T
docker compose ps -a --format '{{.Name}}: {{.Status}}'
docker compose up --no-log-prefix --attach queue
^C
^C
docker compose ps -a --format '{{.Name}}: {{.Status}}'
docker compose down
mkdir site && echo 'v1' > site/index.html
printf 'FROM busybox\nCOPY site/ /www/\nCMD ["sh", "-c", "cat /www/index.html; exec sleep 1000"]\n' > Dockerfile
printf 'services:\n  app:\n    build: .\n    stop_grace_period: 3s\n  sidecar:\n    image: busybox\n    command: sleep 1000\n    stop_signal: SIGKILL\n  old:\n    image: busybox\n    command: sleep 1000\n' > compose.yaml
docker compose config | grep -e '^  [a-z]' -e stop_
docker compose up -d 2>&1 | grep -e Container -e Network
docker compose up -d
docker inspect --format '{{.Name}} stops after {{.Config.StopTimeout}}s' shop-app-1
docker inspect --format '{{.Name}} stops with {{.Config.StopSignal}}' shop-sidecar-1
echo 'v2' > site/index.html
docker compose build 2>&1 | tail -1
docker compose up -d 2>&1 | cat
docker compose logs app
docker compose up -d --build 2>&1 | grep Container
sed -i 's/sleep 1000$/sleep 2000/' compose.yaml
sed -i '/^  old:/,$d' compose.yaml
cat compose.yaml
docker compose up -d
docker compose up -d --remove-orphans 2>&1 | cat
date +%T
docker compose stop
date +%T
docker compose start 2>&1 | cat
docker compose stop -t 1 2>&1 | cat
date +%T
docker compose up -d
docker compose down
mkdir /root/ci && cd /root/ci
printf 'services:\n  api:\n    image: nginx\n  tests:\n    image: busybox\n    command: sh -c "echo 2 tests, 1 failed; exit 1"\n    depends_on: [api]\n' > compose.yaml
docker compose up --abort-on-container-exit --attach tests
echo exit $?
docker compose down
printf 'services:\n  db:\n    image: busybox\n    command: sh -c "sleep 2; touch /ready; exec sleep 1000"\n    healthcheck:\n      test: ["CMD", "test", "-f", "/ready"]\n      interval: 1s\n  api:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n' > compose.yaml
docker compose up -d --wait 2>&1 | cat
docker compose ps --format '{{.Name}}: {{.Status}}'
docker compose down -t 0 --remove-orphans
