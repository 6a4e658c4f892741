# The course's apps, built from source and run by the simulated runtimes (their behaviour is
# declared in `wharf:` comments: lessons/FORMAT.md, "Apps").
ls ~/apps
cd ~/apps/node-app
cat Dockerfile
docker build -t node-app:1 . 2>/dev/null | tail -2
docker run -d --init --name omg --publish 3003:3004 node-app:1
curl -s localhost:3003; echo
curl -si localhost:3003; echo
docker logs omg
docker rm -f omg
# fastify from npm, installed by `npm ci` from the lock file
cd ~/apps/fastify-app
docker build -t node-app:2 .
docker run -d --init --rm -p 8080:8080 --name na node-app:2
curl -s localhost:8080; echo
curl -s localhost:8080/nope; echo
docker logs na
docker stop na
docker run --rm node-app:2 ls node_modules/fastify
docker run --rm node-app:2 node -e 'console.log("Hello there")'
# the incrementor: a counter file, lost with its container unless it lives in a volume
cd ~/apps/incrementor
docker build -q -t incrementor . > /dev/null 2>&1
docker run --rm incrementor
docker run --rm incrementor
docker run --rm --env DATA_PATH=/data/num.txt --mount type=volume,src=incrementor-data,target=/data incrementor
docker run --rm --env DATA_PATH=/data/num.txt --mount type=volume,src=incrementor-data,target=/data incrementor
docker run --rm --env DATA_PATH=/data/num.txt --mount type=volume,src=incrementor-data,target=/data incrementor
docker volume ls
docker volume rm incrementor-data
# the mongo app finds its database by name on a user network, not on the default bridge
cd ~/apps/app-mong
docker build -t app-mong . 2>/dev/null | tail -3
docker network create --driver=bridge app-net > /dev/null
docker run -d --network=app-net -p 27017:27017 --name=mongo-db-test mongo:7 > /dev/null 2>&1
docker run --rm --env MONGO_CONNECTION_STRING=mongodb://mongo-db-test:27017 app-mong
echo exit $?
docker run -d -p 8080:8080 --network=app-net --name app --env MONGO_CONNECTION_STRING=mongodb://mongo-db-test:27017 app-mong
curl -s localhost:8080; echo
curl -s localhost:8080/add; echo
curl -s localhost:8080; echo
docker exec mongo-db-test mongosh dockerApp --quiet --eval 'db.count.countDocuments()'
docker rm -f app mongo-db-test > /dev/null
# an app of your own: declare what it does, and any runtime image runs it
mkdir ~/hello-py && cd ~/hello-py
printf '# wharf: env NAME world\n# wharf: print serving hello on 5000\n# wharf: listen 5000 node\n# wharf: route GET / reply 200 text hello, $NAME\nprint("real Python would run this")\n' > app.py
printf 'FROM python:3.11\nCOPY app.py .\nCMD ["python3", "app.py"]\n' > Dockerfile
docker build -q -t hello-py . > /dev/null 2>&1
docker run -d --rm -p 5000:5000 -e NAME=wharf --name hp hello-py
curl -s localhost:5000; echo
docker logs hp
docker stop hp > /dev/null
printf 'print("no declaration")\n' > app.py
docker build -q -t hello-py . > /dev/null 2>&1
docker run --rm hello-py
