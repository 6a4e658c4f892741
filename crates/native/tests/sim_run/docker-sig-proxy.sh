# Ctrl-C in an attached `docker run` without a TTY: the CLI sends it on to the container as
# SIGINT (--sig-proxy, on by default). A PID 1 with no handler drops it; at the third Ctrl-C the
# CLI gives up (exit 1) and the container runs on. With --init, the init passes SIGINT to the
# command, which dies of it (130). With -t, Ctrl-C is a byte for the container's terminal.
docker run --name stubborn busybox sh -c 'echo waiting; nc -l -p 9000'
^C
^C
^C
echo exit $?
docker ps --format '{{.Names}} {{.Status}}'
docker stop stubborn
docker run --init --name polite busybox sh -c 'echo waiting; nc -l -p 9000'
^C
echo exit $?
docker inspect -f '{{.State.ExitCode}}' polite
docker run -d --name bg busybox sh -c 'echo waiting; nc -l -p 9000'
docker attach bg
^C
^C
^C
echo exit $?
docker ps --format '{{.Names}} {{.Status}}'
