// wharf: print server started
// wharf: listen 3004 node
// wharf: route * * print request received
// wharf: route * * reply 200 none omg hi
const http = require("http");

http
  .createServer(function (request, response) {
    console.log("request received");
    response.end("omg hi", "utf-8");
  })
  .listen(3004);
console.log("server started");
