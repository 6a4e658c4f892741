# Cleaning up, and the daemon describing itself: rmi, prune, system df (and -v), update, version, events.
docker pull busybox
docker tag busybox mybox:1
docker rmi busybox
docker run --name user1 mybox:1 true
docker rmi mybox:1
docker container prune -f
docker rmi mybox:1
docker images
docker pull alpine > /dev/null
printf 'FROM alpine\nRUN echo a > /a\n' > Dockerfile
docker build -q -t t1 . > /dev/null 2>&1
docker build -q --no-cache -t t1 . > /dev/null 2>&1
docker images -a
docker image prune -f
docker system df
docker run -d --name svc alpine sleep 1000
docker update --restart unless-stopped svc
docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' svc
docker version --format '{{.Server.Version}} {{.Server.APIVersion}}'
docker info --format '{{.ServerVersion}}'
docker events --since 0 --until "$(date +%s)" --format '{{.Type}} {{.Action}}'
docker run --name writer -v notes:/notes alpine sh -c 'echo saved > /notes/today'
docker system df
docker system df -v
