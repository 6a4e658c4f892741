# Module 1's experiment: a container's installed package lives in its writable layer.
docker run --name pinger ubuntu:22.04 sh -c 'ping -c 1 google.com; apt update; apt install iputils-ping --yes; command -v ping'
docker run --rm ubuntu:22.04 sh -c 'command -v ping || echo no ping here'
docker start -a pinger
docker diff pinger | grep ping
docker run --rm ubuntu:22.04 apt install iputils-ping --yes
docker run --rm debian:bookworm-slim sh -c 'apt-get update -y && apt-get install -y htop && dpkg -l htop'
docker run --rm alpine sh -c 'apk add curl && command -v curl'
docker run --rm alpine apk info
