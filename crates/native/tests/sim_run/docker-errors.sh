# Errors as Docker words them, with its exit codes.
docker run busybox /nonexistent
echo $?
docker run busybox nosuchcommand
echo $?
docker run --pull never nosuchimage:1
echo $?
docker run nosuchimage
echo $?
docker pull alpine:nope
docker run -d --name running1 busybox sleep 1000
docker rm running1
docker run --name running1 busybox true
docker stop nosuchcontainer
docker logs nosuchcontainer
docker inspect nosuchthing
docker run --badflag busybox true
echo $?
docker exec running1 nosuch
echo $?
docker kill -s NOPE running1
docker rm -f running1
docker exec running1 true
docker frobnicate
