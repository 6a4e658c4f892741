# Module 1's first steps: a first container, images, and a container's own changes.
docker run hello-world
docker images
docker run busybox echo hello from a container
docker ps
docker ps -a
docker run --name first busybox sh -c 'echo note > /note.txt'
docker run --name second busybox cat /note.txt
echo $?
docker start -a first
docker diff first
docker commit -m "a note" first busybox-with-note
docker run --rm busybox-with-note cat /note.txt
docker history busybox-with-note
docker rm first second
docker ps -a --format '{{.Names}} {{.Status}}'
