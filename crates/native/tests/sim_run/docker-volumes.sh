# Volumes and mounts: named volumes outlive containers, binds show changes both ways, :ro,
# anonymous volumes and rm -v, a volume in use, prune, --mount errors, tmpfs.
docker volume create probevol
docker volume ls
docker volume inspect probevol
docker run --name writer -v probevol:/data busybox sh -c 'echo hello > /data/greeting; ls /data'
docker rm writer
docker run --rm -v probevol:/data busybox cat /data/greeting
docker run -d --name holder -v probevol:/vol busybox sleep 1000
docker volume rm probevol
docker inspect -f '{{json .Mounts}}' holder
docker ps --filter volume=probevol --format '{{.Names}}'
docker rm -f holder
mkdir -p /srv/site
echo from-host > /srv/site/index.html
docker run --rm -v /srv/site:/usr/share/nginx/html busybox sh -c 'cat /usr/share/nginx/html/index.html; echo from-container > /usr/share/nginx/html/new.txt'
cat /srv/site/new.txt
docker run --rm -v /srv/site:/site:ro busybox sh -c 'ls /site; touch /site/x'
docker run --rm -v /srv/made/here:/made busybox ls -ld /made
ls -d /srv/made/here
docker run --name anon -v /scratch busybox sh -c 'echo temp > /scratch/t'
docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}' anon
docker volume ls -q | wc -l
docker rm -v anon
docker volume ls -q | wc -l
docker run --rm -v /gone busybox true
docker volume ls -q | wc -l
docker run --rm -v 'bad!:/x' busybox true
docker run --rm --mount type=bind,source=/nope,target=/x busybox true
docker run --rm --mount type=bind,source=/srv/site busybox true
docker run --rm --mount type=volume,src=mountvol,dst=/m,readonly busybox sh -c 'ls -a /m; touch /m/f'
docker run --rm --mount type=tmpfs,destination=/t busybox sh -c 'echo x > /t/f; cat /t/f'
docker run --rm --tmpfs /run/cache busybox sh -c 'echo y > /run/cache/f; cat /run/cache/f'
docker run --name data -v shared:/shared busybox sh -c 'echo one > /shared/f'
docker run --rm --volumes-from data busybox cat /shared/f
docker run --rm -v filled:/etc busybox ls /etc/passwd
docker run --name differ -v probevol:/data busybox sh -c 'echo more > /data/more; echo x > /top'
docker diff differ
docker rm differ data
docker create --name cache redis:alpine
docker inspect -f '{{json .Config.Volumes}} {{range .Mounts}}{{.Destination}} {{len .Name}}{{end}}' cache
docker rm -v cache
docker volume create --label team=web labeled
docker volume inspect -f '{{.Labels}}' labeled
docker volume ls --filter name=lab
docker volume ls -f dangling=true
echo y | docker volume prune
docker volume ls
docker volume prune -f
docker volume rm nosuch
docker volume inspect nosuch
docker run -d --name box -v cpvol:/vol busybox sleep 1000
docker exec box sh -c 'echo inside > /file.txt; mkdir /dir; echo a > /dir/a; echo v > /vol/v'
docker cp box:/file.txt /tmp/
cat /tmp/file.txt
docker cp box:/dir /tmp/copied
ls /tmp/copied
docker cp box:/vol/v /tmp/v.txt
cat /tmp/v.txt
echo from-host > /tmp/up.txt
docker cp /tmp/up.txt box:/up.txt
docker cp /tmp/copied box:/vol
docker exec box sh -c 'cat /up.txt; ls /vol /vol/copied'
docker cp box:/nope /tmp
docker cp /nope box:/x
docker cp /tmp/up.txt /tmp/other
docker rm -f box
docker run -d --name ro -v /srv/site:/site:ro busybox sleep 1000
docker cp /tmp/up.txt ro:/site
docker rm -f ro
