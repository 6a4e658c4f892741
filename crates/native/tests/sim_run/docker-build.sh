# The classic builder: a first build, the cache, a failing step, .dockerignore, stages, stdin.
mkdir -p /root/app && cd /root/app
printf 'hello from the image\n' > hello.txt
printf 'secret\n' > secret.txt
printf 'secret.txt\n' > .dockerignore
printf 'FROM busybox\nENV GREETING=hello\nWORKDIR /app\nCOPY . .\nRUN echo built > built.txt\nCMD ["cat", "/app/hello.txt"]\n' > Dockerfile
docker build -t hello:1 .
docker run --rm hello:1
docker run --rm hello:1 ls /app
docker build -t hello:1 .
printf 'changed\n' > hello.txt
docker build -q -t hello:2 .
docker history hello:2
printf 'FROM busybox AS build\nRUN echo artifact > /out.txt\nFROM alpine\nCOPY --from=build /out.txt /\nCMD ["cat", "/out.txt"]\n' > Dockerfile.multi
docker build -f Dockerfile.multi -t multi .
docker run --rm multi
printf 'FROM busybox\nRUN exit 3\n' | docker build -t broken -
echo $?
docker images
