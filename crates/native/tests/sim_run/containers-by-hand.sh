echo $$
hostname
unshare --uts sh -c 'hostname container; hostname'
hostname
unshare --pid --fork --mount-proc sh -c 'echo $$; ps'
mkdir /sys/fs/cgroup/sandbox
echo 10 > /sys/fs/cgroup/sandbox/pids.max
cat /sys/fs/cgroup/sandbox/pids.max
ls /nope
nosuchcommand
echo done
