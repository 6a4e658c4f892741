# The classic builder keeps a failed RUN's container (exited, with the step's command) for
# `docker ps -a`; --force-rm removes it too. `~` in RUN is the user's home from /etc/passwd.
mkdir -p /root/fail && cd /root/fail
printf 'FROM busybox\nRUN echo app:x:1000:1000::/home/app:/bin/sh >> /etc/passwd && mkdir -p /home/app && chown 1000 /home/app\nUSER app\nRUN echo ~ && touch ~/made && exit 3\n' > Dockerfile
docker build -t fail .
echo $?
docker ps -a
docker diff $(docker ps -aq)
docker build --force-rm -t fail . > /dev/null 2>&1
docker ps -aq | wc -l
docker rm $(docker ps -aq)
