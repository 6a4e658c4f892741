# The lifecycle: detached containers, logs, exec, pause, stop's grace period, --init, restart.
docker run -d --name ticker busybox sh -c 'for i in 1 2 3; do echo tick $i; sleep 1; done; sleep 1000'
sleep 5
docker logs ticker
docker logs --tail 1 ticker
docker exec ticker ps
docker top ticker
docker pause ticker
docker ps --format '{{.Names}}: {{.Status}}'
docker exec ticker true
docker unpause ticker
docker stop ticker
docker ps -a --format '{{.Names}}: {{.Status}}'
docker run -d --init --name polite busybox sleep 1000
docker stop polite
docker inspect -f '{{.State.ExitCode}} {{.HostConfig.Init}}' polite
docker run -d --name flaky --restart on-failure:3 busybox sh -c 'echo try; exit 1'
sleep 10
docker inspect -f '{{.RestartCount}} {{.State.Status}}' flaky
docker logs flaky
docker rm ticker
docker rm -f polite flaky
docker ps -aq
docker run -q --rm debian:bookworm-slim echo pulled without a word
