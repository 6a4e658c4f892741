# Docker's default capability set, as the kernel reports it to a container's root
docker run --rm busybox grep -E '^(Cap|NoNew|Seccomp)' /proc/self/status
# mount needs CAP_SYS_ADMIN, which Docker drops
docker run --rm busybox mount -t tmpfs none /tmp
echo $?
docker run --rm debian mount -t tmpfs none /mnt
docker run --rm busybox hostname x
# chown needs CAP_CHOWN, ping CAP_NET_RAW
docker run --rm busybox chown nobody /bin
docker run --rm --cap-drop CHOWN busybox chown nobody /bin
echo $?
docker run --rm --cap-drop NET_RAW busybox ping -c 1 127.0.0.1
echo $?
# dropping everything; a non-root user has no effective capabilities at all
docker run --rm --cap-drop ALL --security-opt no-new-privileges busybox grep -E '^(CapEff|CapBnd|NoNew)' /proc/self/status
docker run --rm --user nobody busybox grep -E '^(CapEff|CapBnd)' /proc/self/status
docker run --rm --security-opt seccomp=unconfined busybox grep Seccomp /proc/self/status
# the host's root has them all
grep -E '^(CapEff|CapBnd)' /proc/self/status
