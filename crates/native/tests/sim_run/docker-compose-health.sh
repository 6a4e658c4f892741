# Compose waits for a dependency's healthcheck (depends_on: condition: service_healthy).
mkdir /root/h && cd /root/h
printf 'services:\n  db:\n    image: busybox\n    command: sh -c "sleep 3; touch /ready; sleep 1000"\n    healthcheck:\n      test: ["CMD-SHELL", "test -f /ready"]\n      interval: 1s\n      retries: 10\n  web:\n    image: busybox\n    command: sleep 1000\n    depends_on:\n      db:\n        condition: service_healthy\n' > compose.yml
docker compose up -d 2>&1
docker compose ps --format '{{.Name}} {{.Status}}'
