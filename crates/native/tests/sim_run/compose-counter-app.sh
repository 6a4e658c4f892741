# The counter project: a web page (nginx), an API (fastify) and MongoDB, built and started
# by one `docker compose up`; then `--scale web=3`.
cd ~/apps/compose-counter
cat docker-compose.yml
docker compose up -d --build 2>/dev/null | grep -E '^(Step [0-9]+/[0-9]+ : RUN|added)'
docker compose ps --format 'table {{.Name}}\t{{.Image}}\t{{.Status}}\t{{.Ports}}'
curl -s localhost:8081 | grep -i count
curl -s localhost:8081/env.js
curl -s localhost:8080; echo
curl -s localhost:8080/add; echo
curl -s localhost:8080/add; echo
curl -si localhost:8080 | grep -i -e access-control -e content-type
docker compose exec api curl -s http://web/style.css
docker compose down
docker compose up -d 2>/dev/null
sleep 1
curl -s localhost:8080; echo
# one host port cannot serve three containers
docker compose up -d --scale web=3 2>&1 | tail -1
sed -i 's/- "8081:80"/- "80"/' docker-compose.yml
docker compose up -d --scale web=3 2>&1 | grep web
docker compose ps web --format '{{.Name}} {{.Status}}'
for n in 1 2 3; do docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' compose-counter-web-$n; done
docker compose exec api curl -sI http://web/ | head -1
docker compose down -v 2>&1 | grep -e Volume -e Network
