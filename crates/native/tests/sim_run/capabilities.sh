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
# busybox and alpine print BusyBox's messages, debian GNU's
docker run --rm --user 1000 busybox touch /x
docker run --rm --user 1000 debian touch /x
docker run --rm --user 1000 busybox whoami
docker run --rm --user 1000 debian whoami
# BusyBox's adduser and addgroup options
docker run --rm alpine sh -c 'addgroup -S app && adduser -D -G app appuser && adduser -S -G app svc && id appuser && id svc && tail -2 /etc/passwd'
docker run --rm busybox sh -c 'adduser -D bob && id bob && ls -d /home/bob && adduser -D bob'
docker run --rm busybox sh -c 'cat /nope; rm /nope; rm /etc; mkdir /etc; ls /nope'
docker run --rm debian sh -c 'cat /nope; rm /nope; rm /etc; mkdir /etc; ls /nope'
