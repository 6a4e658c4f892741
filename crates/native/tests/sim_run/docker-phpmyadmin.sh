# phpMyAdmin next to MySQL on a user network, as the course's notes run them: the login page
# over a published port, a login that reaches the database by name (curl -d posts the form),
# a wrong password and an unknown host with mysqli's errors, Apache's logs, and its stop
# signal (SIGWINCH). Then the same pair from a compose file, with the untagged names.
docker network create my-network
docker run --name my-mysql -d --network my-network -e MYSQL_ROOT_PASSWORD=my-secret-pw -e MYSQL_DATABASE=mydb mysql:latest
docker run --name my-phpmyadmin -d --network my-network -p 8080:80 -e PMA_HOST=my-mysql phpmyadmin
docker inspect -f '{{.Config.StopSignal}} {{.Config.Cmd}}' my-phpmyadmin
sleep 5
curl -s localhost:8080 | grep -e '<title>' -e 'Log in'
curl -s -d 'pma_username=root&pma_password=my-secret-pw' localhost:8080/index.php | grep -e serverinfo -e mydb
curl -s -d 'pma_username=root&pma_password=wrong' localhost:8080/index.php | grep alert
docker run --name lost-pma -d --network my-network -p 8081:80 -e PMA_HOST=nosuchdb phpmyadmin/phpmyadmin:latest
sleep 1
curl -s -d 'pma_username=root&pma_password=x' localhost:8081/index.php | grep alert
docker logs my-phpmyadmin
docker stop my-phpmyadmin
docker logs my-phpmyadmin 2>&1 | tail -1
docker rm -f my-phpmyadmin lost-pma my-mysql
docker network rm my-network
mkdir /root/pma && cd /root/pma
printf 'services:\n  db:\n    image: mysql:latest\n    environment:\n      MYSQL_ROOT_PASSWORD: my-secret-pw\n      MYSQL_DATABASE: mydb\n  phpmyadmin:\n    image: phpmyadmin/phpmyadmin:latest\n    environment:\n      PMA_HOST: db\n      PMA_PORT: 3306\n    ports:\n      - 8080:80\n    depends_on:\n      - db\n' > compose.yaml
docker compose up -d
sleep 5
curl -s -d 'pma_username=root&pma_password=my-secret-pw' localhost:8080/index.php | grep -e serverinfo -e mydb
docker compose down
