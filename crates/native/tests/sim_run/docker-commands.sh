# The rest of the docker CLI: rename, restart, wait, kill -s, logs -t/--since, exec options,
# start -a/-i, attach, ps filters and sizes, image inspect, images/history options, search,
# login/logout/push to Docker Hub, system prune, and run's resource and security flags.
docker run -d --name web nginx
docker rename web web2
docker restart web2
docker ps -l
docker ps -n 1 -s
docker ps --no-trunc --filter name=web2 --format '{{.ID}} {{.Command}}'
docker wait $(docker run -d busybox sh -c 'exit 3')
docker kill -s HUP web2
docker logs -t --since 10m web2 2>&1 | tail -3
docker exec -d web2 touch /tmp/made-by-exec
docker exec -u 1000 -w /tmp -e GREETING=hello web2 sh -c 'id; pwd; echo $GREETING; ls made-by-exec'
docker create --name once busybox echo hello from a created container
docker start -a once
docker start -ai once
docker run -d --name counter busybox sh -c 'sleep 2; echo counted; exit 4'
docker attach counter
echo $?
docker attach nosuch
docker image inspect -f '{{.Config.Cmd}} {{.Config.Entrypoint}}' busybox nginx
docker images --digests
docker images --filter reference='busy*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
docker history --no-trunc busybox
docker search redis
docker tag busybox alice/box:1.0
docker push alice/box:1.0
docker login -u alice -p secret
docker push alice/box:1.0
docker logout
docker logout
docker run --stop-timeout 3 -l tier=demo --read-only --cap-drop ALL --security-opt no-new-privileges --pids-limit 10 --cpus 0.5 --memory 64m --hostname h1 --entrypoint sh busybox -c 'hostname; touch /x'
docker system prune -f
docker rm -f web2
docker ps -a
