# The 3-tier demo: a static client, two APIs (Node/express, Go/gin) asking PostgreSQL for the
# time, with the data in a named volume that outlives `down`.
cd ~/apps/three-tier
cat docker-compose.yml
docker compose build 2>/dev/null | grep -c Step
docker compose up -d 2>&1
sleep 3
docker compose ps
curl -s localhost:3000/ping; echo
curl -s localhost:8080/ping; echo
curl -s localhost:3000/; echo
curl -s localhost:8080/; echo
curl -s localhost:5173 | head -4
docker compose exec api-node curl -s http://api-golang:8080/ping; echo
docker compose exec api-node curl -s http://api-node:3000/ping; echo
docker compose logs api-node api-golang
docker compose ps --format 'table {{.Service}}\t{{.State}}\t{{.Ports}}'
docker compose ps --format json db
docker compose exec db psql -U postgres -c 'CREATE TABLE visits (at TIMESTAMP DEFAULT NOW(), who TEXT);' -c "INSERT INTO visits (who) VALUES ('compose');"
docker compose down
docker volume ls
docker compose up -d 2>&1
sleep 2
curl -s localhost:8080/ping; echo
docker compose exec db psql -U postgres -c 'SELECT who FROM visits;'
docker compose down -v 2>&1 | tail -2
docker volume ls
