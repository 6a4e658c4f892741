# Ports, UDP and the finer mount and network flags: host port ranges and ports picked from
# them, 127.0.0.1 with a random port, UDP published and forwarded, tmpfs size and mode, a
# volume without the image's content or with driver options, -p with the host and container
# network modes, a host port a host process holds, --ip-range/--aux-address/--ip, and docker0
# there from dockerd's start.
ip link
docker run -d --name web -p 8080-8082:80-82 nginx
docker port web
curl -s localhost:8080 | grep title
docker run -d --name pick1 -p 9000-9001:80 nginx
docker run -d --name pick2 -p 9000-9001:80 nginx
docker run -d --name pick3 -p 9000-9001:80 nginx
echo $?
docker ps -a --filter name=pick --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
docker inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}' pick2
curl -s localhost:9001 | grep title
docker run -d --name local -p 127.0.0.1::80 nginx
docker port local 80
curl -s 127.0.0.1:32768 | grep title
docker run --rm -p 8080-8082:80-81 nginx
docker run --rm -p 70000:80 nginx
docker run --rm -p 8080:80/sctpx nginx
docker run -d --name spread --expose 7000-7002 -P busybox sleep 1000
docker port spread
docker run -d --name udp -p 5353:53/udp busybox nc -u -l -p 53
docker port udp
docker port udp 53/udp
docker port udp 53
echo hello over udp | nc -u -w1 localhost 5353
docker run --rm --network container:udp busybox sh -c 'echo from a neighbour | nc -u -w1 127.0.0.1 53'
docker logs udp
curl -sS localhost:5353
docker ps --filter name=udp --format '{{.Names}} {{.Ports}}'
docker run --rm --tmpfs /run:rw,size=64m,mode=1777 busybox sh -c 'df /run; mount | grep /run; ls -ld /run'
docker run --rm --mount type=tmpfs,destination=/scratch,tmpfs-size=1m,tmpfs-mode=0700 busybox sh -c 'df /scratch; grep /scratch /proc/mounts; ls -ld /scratch'
docker run --rm --mount type=tmpfs,destination=/x,tmpfs-mode=8 busybox true
docker run -d --name keeper --tmpfs /cache busybox sleep 1000
docker exec keeper sh -c 'echo soon gone > /cache/f; ls /cache'
docker restart -t 1 keeper
docker exec keeper ls -A /cache
docker inspect -f '{{json .HostConfig.Tmpfs}}' keeper
docker run --rm -v html:/usr/share/nginx/html nginx ls /usr/share/nginx/html
docker run --rm --mount type=volume,src=bare,dst=/usr/share/nginx/html,volume-nocopy nginx ls -A /usr/share/nginx/html
docker run --rm --mount type=volume,src=emptyetc,dst=/etc,volume-nocopy busybox ls /etc
docker run --rm --mount type=volume,src=html,dst=/site,readonly busybox sh -c 'ls /site; touch /site/x'
docker run --rm --mount type=volume,src=scratchvol,dst=/data,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=10m busybox sh -c 'grep /data /proc/mounts; echo x > /data/f'
docker volume inspect -f '{{json .Options}}' scratchvol
docker run --rm -v scratchvol:/data busybox ls -A /data
docker volume create -o foo=bar badopt
docker run --rm --mount type=bind,src=/tmp,dst=/x,volume-nocopy busybox true
docker run --rm --network host -p 80:80 busybox hostname
docker run -d --name hostweb --network host nginx
docker run -d --name clash -p 80:80 nginx
docker ps -a --filter name=clash --format '{{.Names}} {{.Status}}'
docker rm -f hostweb
docker start clash
curl -s localhost | grep title
docker run --rm --network container:web -p 81:81 busybox true
echo $?
docker run --rm --network container:web --hostname other busybox true
echo $?
docker network create --subnet 10.5.0.0/16 --ip-range 10.5.1.0/24 --gateway 10.5.0.1 --aux-address router=10.5.1.0 ranged
docker network inspect -f '{{json .IPAM.Config}}' ranged
docker run -d --name fixed --network ranged --ip 10.5.1.1 busybox sleep 1000
docker run --rm --network ranged busybox hostname -i
docker run --rm --network ranged --ip 10.5.0.50 busybox hostname -i
docker run --rm --network ranged --ip 10.5.1.1 busybox true
docker run --rm --network ranged --ip 10.6.0.50 busybox true
docker network connect --ip 10.5.1.9 ranged web
docker inspect -f '{{.NetworkSettings.Networks.ranged.IPAddress}}' web
docker create --name pinned --ip 172.17.0.50 busybox true
docker start pinned
docker network create plain
docker network connect --ip 172.18.0.9 plain pinned
docker network create --subnet 10.8.0.0/16 subnetonly
docker network inspect -f '{{json .IPAM.Config}}' subnetonly
docker network create --subnet 10.8.0.0/16 --ip-range 10.9.0.0/24 stray
echo $?
docker network create --ip-range 10.9.0.0/24 stray
docker network create --subnet 10.9.0.0/16 --aux-address gw=10.7.0.1 stray
ip link
docker rm -f web pick1 pick2 pick3 local spread udp keeper fixed pinned clash
docker network rm ranged plain subnetonly
