# docker import -c: Dockerfile instructions applied to the imported image's config.
docker pull busybox > /dev/null
docker run --name box busybox sh -c 'echo kept > /kept.txt'
docker export -o /root/box.tar box
docker import -c 'CMD ["cat", "/kept.txt"]' --change 'ENV A=b' -c 'WORKDIR /tmp' -c 'EXPOSE 53/udp' /root/box.tar flat:1
docker run --rm flat:1
docker run --rm flat:1 sh -c 'echo A=$A in $(pwd)'
docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Env}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}}' flat:1
docker history flat:1
docker import -c 'FROM scratch' /root/box.tar bad
docker images bad
