# Healthchecks: starting, then healthy once the test passes; unhealthy after the retries fail.
docker run -d --name hc --health-cmd "test -f /ready" --health-interval 2s --health-retries 2 busybox sh -c "sleep 5; touch /ready; sleep 1000"
docker ps --format "{{.Names}} {{.Status}}"
sleep 3
docker ps --format "{{.Names}} {{.Status}}"
sleep 4
docker ps --format "{{.Names}} {{.Status}}"
docker inspect -f "{{.State.Health.Status}} {{.State.Health.FailingStreak}} {{len .State.Health.Log}}" hc
docker run -d --name bad --health-cmd false --health-interval 1s busybox sleep 1000
sleep 5
docker ps --format "{{.Names}} {{.Status}}"
