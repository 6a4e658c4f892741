# nginx serving a bind-mounted folder, MySQL keeping its data in a named volume across
# `down` and `up`.
cd ~/apps/compose-nginx-mysql
cat docker-compose.yml
docker compose up -d 2>/dev/null
docker compose ps --format '{{.Service}}: {{.Image}} {{.State}} {{.Ports}}'
curl -s localhost:8080
echo '<h1>edited on the host</h1>' > html/index.html
curl -s localhost:8080
docker compose exec web ls /usr/share/nginx/html
docker compose exec db ls /var/lib/mysql | head -3
docker compose exec db sh -c 'echo kept > /var/lib/mysql/marker'
docker compose down
docker volume ls
docker compose up -d 2>&1
docker compose exec db cat /var/lib/mysql/marker
docker pull -q busybox
docker run --rm --network compose-nginx-mysql_default busybox wget -qO- http://web
docker run --rm --network compose-nginx-mysql_default busybox sh -c 'nc -z db 3306 && echo db answers on 3306'
docker compose down -v 2>&1 | grep Volume
docker volume ls -q
