# Compose: a two-service project from a file, up, ps, logs, exec, scale, stop/start, down;
# a one-off run, the v1 spelling, and a file with a typo that starts nothing.
mkdir /root/demo
cd /root/demo
printf 'services:\n  web:\n    image: busybox\n    command: sh -c "echo web up; sleep 1000"\n    depends_on:\n      - worker\n  worker:\n    image: busybox\n    command: ["sh", "-c", "echo worker says $$GREETING; sleep 1000"]\n    environment:\n      GREETING: ${GREETING:-hello}\n' > docker-compose.yml
docker compose config
docker compose up -d 2>&1 | cat
sleep 2
docker compose ps
docker compose logs
docker compose logs --no-color worker | cat
docker compose exec worker echo hi from worker
docker compose up -d --scale web=2
docker compose ps --format table
docker compose stop
docker compose ls -a
docker compose start web
docker compose top web
docker compose run --rm worker echo one-off
docker-compose ps -a
docker compose down
docker compose ps -a
printf 'services:\n  web:\n    imagee: busybox\n' > bad.yml
docker compose -f bad.yml up -d
echo exit $?
docker compose -f missing.yml ps
docker ps -aq
printf 'version: "3.9"\nservices:\n  a:\n    image: busybox\n    command: echo from a\n  b:\n    image: busybox\n    command: sh -c "sleep 1; echo from b; exit 3"\n' > once.yml
docker compose -f once.yml -p once up
docker compose -p once -f once.yml ps -a --format table
docker compose -p once -f once.yml down
