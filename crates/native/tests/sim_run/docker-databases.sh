# The course's databases, talking: postgres with a volume reached by psql from the host and
# from inside the container, rows kept across a recreated container; redis counting across
# --rm containers on one volume; mysql and mongo basics; the missing-password errors.
docker run -d --name pg postgres:15-alpine
docker logs pg
docker run -d --name db -e POSTGRES_PASSWORD=secret -v pgdata:/var/lib/postgresql/data -p 5432:5432 postgres:15-alpine
docker exec db psql -U postgres -c 'SELECT version();'
docker exec db psql -U postgres -c "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, age INT);"
docker exec db psql -U postgres -c "INSERT INTO users (name, age) VALUES ('alice', 30);"
docker exec db psql -U postgres -c "INSERT INTO users (name, age) VALUES ('bob', 25), ('carol', 41);"
docker exec db psql -U postgres -c 'SELECT * FROM nope;'
echo $?
docker exec db psql -c 'SELECT 1'
psql -h localhost -U postgres -c 'SELECT 1'
apt-get install -y -q postgresql-client > /dev/null
PGPASSWORD=wrong psql -h localhost -U postgres -c 'SELECT 1'
PGPASSWORD=secret psql -h localhost -U postgres -c 'SELECT name, age FROM users WHERE age > 26 ORDER BY age DESC;'
docker exec -it db psql -U postgres
\dt
SELECT COUNT(*) FROM users;
SELECT name
FROM users WHERE id = 2;
SELECT NOW();
\q
docker rm -f db
docker run -d --name db2 -e POSTGRES_PASSWORD=other -v pgdata:/var/lib/postgresql/data postgres:15-alpine
docker exec db2 psql -U postgres -c 'SELECT * FROM users;'
docker volume create redis-data
docker run --rm -v redis-data:/data redis:7-alpine sh -c 'redis-server --daemonize no & sleep 1; redis-cli INCR visits; redis-cli SAVE'
docker run -d --name cache -v redis-data:/data redis:7-alpine
docker exec -it cache redis-cli INCR visits
docker exec -it cache redis-cli
SET greeting "hello world"
GET greeting
GET missing
EXISTS greeting visits
KEYS *
INCR greeting
exit
docker exec cache redis-cli GET greeting
docker stop cache
docker logs cache | tail -4
docker run --rm -v redis-data:/data redis:7-alpine ls /data
docker run -d --name sql -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=shop mysql:8.0
docker exec sql mysql -uroot -pwrong -e 'SELECT 1'
docker exec -it sql mysql -uroot -psecret shop
CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50));
INSERT INTO items (name) VALUES ('pen'), ('ink');
SELECT * FROM items;
SELECT * FROM nope;
exit
docker run -d --name mongo -v mongo-data:/data/db mongo:7
docker exec -it mongo mongosh --quiet
use shop
db.orders.insertOne({item: 'pen', qty: 2})
db.orders.countDocuments()
db.orders.find()
exit
docker run -d --name nomysql mysql:8.0
docker logs nomysql 2>&1 | tail -5
apt-get install -y -q redis-tools > /dev/null
redis-cli -h localhost PING
docker run -d --name cache2 -p 6379:6379 -v redis-data:/data redis:7-alpine
redis-cli -h localhost GET greeting
redis-cli -h localhost INCR visits
docker network create cache-net
docker network connect cache-net cache2
docker run --rm --network cache-net redis:7-alpine redis-cli -h cache2 INCR visits
docker run --rm redis:7-alpine redis-cli -h nowhere PING
docker network create pg-net
docker run -d --name pgserver --network pg-net -e POSTGRES_PASSWORD=secret postgres:15-alpine
docker run --rm --network pg-net -e PGPASSWORD=secret alpine sh -c 'apk add postgresql-client >/dev/null && psql -h pgserver -U postgres -c "SELECT 1 AS one"'
docker run --rm --network pg-net -e PGPASSWORD=secret postgres:15-alpine psql -h nohost -U postgres
