# Images and containers as files: save and load, export and import.
docker pull busybox > /dev/null
docker save busybox
docker save -o /root/busybox.tar busybox
ls -l /root/busybox.tar | cut -d' ' -f5
docker rmi busybox > /dev/null
docker load -i /root/busybox.tar
docker run --rm busybox echo loaded and running
docker run --name box busybox sh -c 'echo kept > /kept.txt'
docker export box > /root/box.tar
docker import /root/box.tar flat:1
docker history flat:1
docker run --rm flat:1 cat /kept.txt
cat /root/box.tar | docker import - flat:2
docker load < /nonexistent
docker load -i /nonexistent
