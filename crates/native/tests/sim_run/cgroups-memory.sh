# memory.max by hand: a cgroup with a 20M cap, this shell moved into it, a hog that grows
mkdir /sys/fs/cgroup/demo
echo 20M > /sys/fs/cgroup/demo/memory.max
cat /sys/fs/cgroup/demo/memory.max
sh -c 'echo $$ > /sys/fs/cgroup/demo/cgroup.procs; tail /dev/zero'
echo $?
cat /sys/fs/cgroup/demo/memory.events
cat /sys/fs/cgroup/demo/memory.current
rmdir /sys/fs/cgroup/demo
# the same through Docker: --memory sets the container cgroup's memory.max
docker run --name hog --memory 20m busybox tail /dev/zero
echo $?
docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}' hog
docker ps -a --format '{{.Names}} {{.Status}}'
# without a limit the host's own OOM killer ends a runaway
tail /dev/zero
echo $?
# inside its cgroup namespace a container sees its own limits as the root's files
docker run -d --name capped --memory 64m --pids-limit 20 --cpus 0.5 busybox sleep 1000
docker exec capped cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max
docker run --rm busybox cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max
docker update --memory 128m capped
docker exec capped cat /sys/fs/cgroup/memory.max
docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' capped
