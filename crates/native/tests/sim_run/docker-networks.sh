# Module 5's networks: the default bridge, a user-defined network with names, published
# ports, and the none network.
docker network ls
docker run -d --name web -p 8080:80 nginx
docker ps --format '{{.Names}}\t{{.Ports}}'
docker port web
curl -s localhost:8080 | head -4
curl -sI localhost:8080/nope
docker logs web 2>/dev/null | tail -2
ping -c 1 172.17.0.2
hostname -i
docker run -d --name web2 -p 8080:80 nginx
echo $?
docker ps -a --filter name=web2 --format '{{.Names}}: {{.Status}}'
docker run --rm busybox ping -c 1 google.com
docker network create app-net
docker network create app-net
docker run -d --name db --network app-net --network-alias database redis:7-alpine
docker run --rm --network app-net busybox ping -c 1 db
docker run --rm --network app-net busybox nslookup database
docker run --rm busybox ping -c 1 db
docker run --rm --network app-net alpine cat /etc/resolv.conf
docker run --rm busybox sh -c 'cat /etc/hosts; hostname -i'
docker network connect app-net web
docker run --rm --network app-net busybox wget -qO- http://web/ | grep title
docker network inspect app-net --format '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}'
docker network inspect app-net
docker inspect db --format '{{range $name, $ep := .NetworkSettings.Networks}}{{$name}}: {{$ep.IPAddress}}/{{$ep.IPPrefixLen}} gw {{$ep.Gateway}} aliases {{$ep.Aliases}}{{end}}'
docker inspect web --format '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}} {{json .NetworkSettings.Ports}}'
docker network rm app-net
docker network disconnect app-net web
docker run --rm --network none busybox ip addr
docker run --rm --network app-net busybox ip route
docker run -d -p 80 --name rnd nginx
docker port rnd 80
docker run -d -P --name all nginx
docker port all
docker diff web
docker run --rm --network container:db busybox sh -c 'hostname -i; ip addr | grep inet'
docker stop web rnd
curl localhost:8080
docker start web2
curl -s localhost:8080 | grep title
docker rm -f db web web2 rnd all
docker network rm app-net
docker network create --subnet 10.10.0.0/24 --internal backend
docker run --rm --network backend busybox ping -c 1 google.com
docker run --rm --network nope busybox true
docker network rm bridge
docker network prune -f
docker network ls
