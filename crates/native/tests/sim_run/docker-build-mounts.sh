# BuildKit-style RUN mounts and heredocs in wharf's classic builder: a cache that outlives
# builds, a secret that is mounted for one step and stored nowhere, a file from a heredoc.
mkdir -p /root/mounts && cd /root/mounts
printf 'token-123\n' > api_token.txt
printf 'FROM busybox\nRUN --mount=type=cache,target=/var/cache/app date >> /var/cache/app/runs && wc -l < /var/cache/app/runs\nRUN --mount=type=secret,id=api ls -l /run/secrets/api && wc -c < /run/secrets/api\nCOPY <<EOF /etc/app.conf\nmode=demo\nEOF\nCMD ["cat", "/etc/app.conf"]\n' > Dockerfile
docker build --secret id=api,src=api_token.txt -t mounts .
docker run --rm mounts
docker run --rm mounts ls /run/secrets /var/cache/app
docker history --no-trunc --format '{{.CreatedBy}}' mounts
docker build --no-cache --secret id=api,src=api_token.txt -t mounts . | grep -E '^(-r|[0-9]+$)'
docker build --secret id=api,src=missing.txt -t mounts .
echo $?
