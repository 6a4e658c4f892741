# Swarm mode on one node: init, join tokens, the node list, services (replicas, a killed task
# replaced after the restart delay, scale, rolling image update, logs, inspect), stacks from a
# compose file (services reach each other by name), and leaving the swarm.
docker service ls
docker swarm init
docker swarm join-token worker
docker swarm join-token -q manager
docker node ls
docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'
docker node promote self
docker node demote self
docker service create --name web --replicas 3 -p 8080:80 nginx
docker service ls
docker service ps web
docker ps --format '{{.Names}} {{.Status}}'
curl -s localhost:8080 | head -4
docker service scale web=5
docker service ps web
docker kill $(docker ps -q --filter name=web.1.)
sleep 6
docker service ps web
docker service update --image nginx:1.25 web
docker service ls
docker service ls --format '{{.Name}} {{.Replicas}}'
docker service ps -q --filter desired-state=running web | wc -l
docker service rollback web
docker service ls
docker service inspect --pretty web
docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' web
docker service logs web 2>&1 | head -3
docker service rm web
mkdir /root/stack && cd /root/stack
cat > docker-compose.yml <<'EOF2'
services:
  web:
    image: nginx
    ports:
      - "8081:80"
    deploy:
      replicas: 2
  cache:
    image: redis:7-alpine
  probe:
    image: redis:7-alpine
    command: sleep 1000
EOF2
docker stack deploy -c docker-compose.yml app
docker exec $(docker ps -q --filter name=app_probe) redis-cli -h cache ping
docker stack ls
docker stack services app
docker stack ps app
curl -s localhost:8081 | head -4
docker stack rm app
docker node rm self
docker swarm join --token x 10.0.2.15:2377
docker swarm leave
docker swarm leave --force
docker node ls
