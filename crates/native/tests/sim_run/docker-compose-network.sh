# Compose with a port, a named volume and a service reached by name on the project network.
mkdir /root/p && cd /root/p
printf "services:\n  web:\n    image: nginx\n    ports:\n      - 8080:80\n  probe:\n    image: busybox\n    command: sleep 1000\n    volumes:\n      - data:/data\nvolumes:\n  data:\n" > compose.yml
docker compose up -d
docker compose exec probe wget -qO- http://web | head -4
curl -s localhost:8080 | head -4
docker network ls
docker volume ls
docker compose down -v
docker network ls
