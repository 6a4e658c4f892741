# A private registry: run registry:2, push to localhost:5000, pull back, read its API.
docker run -d -p 5000:5000 --restart=always --name registry registry:2
docker pull busybox
docker tag busybox localhost:5000/my-busybox
docker push localhost:5000/my-busybox
docker image rm busybox localhost:5000/my-busybox
docker pull localhost:5000/my-busybox
docker run --rm localhost:5000/my-busybox echo pulled from my registry
curl -s localhost:5000/v2/_catalog
curl -s localhost:5000/v2/my-busybox/tags/list
curl -s localhost:5000/v2/nosuch/tags/list
curl -sI localhost:5000/v2/my-busybox/manifests/latest
docker exec registry find /var/lib/registry/docker/registry/v2/repositories -maxdepth 3
docker logs registry
docker pull localhost:5000/my-busybox:nosuch
docker tag localhost:5000/my-busybox localhost:5000/tools/box:1.0
docker push -q localhost:5000/tools/box:1.0
curl -s localhost:5000/v2/_catalog
docker container stop registry
docker pull localhost:5000/my-busybox
docker start registry
docker pull localhost:5000/my-busybox
docker container rm -f -v registry
docker run -d -p 5000:5000 --name registry registry:2
docker pull localhost:5000/my-busybox
