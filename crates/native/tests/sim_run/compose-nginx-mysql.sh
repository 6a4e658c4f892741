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
docker compose exec db mysql -uuser -ppassword mydb -e "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept across down and up');"
docker compose down
docker volume ls
docker compose up -d 2>&1
docker compose exec db mysql -uuser -ppassword mydb -e 'SELECT body FROM notes;'
docker pull -q busybox > /dev/null 2>&1
docker run --rm --network compose-nginx-mysql_default busybox wget -qO- http://web
docker run --rm --network compose-nginx-mysql_default busybox sh -c 'nc -z db 3306 && echo db answers on 3306'
docker compose down -v 2>&1 | grep Volume
docker volume ls -q
