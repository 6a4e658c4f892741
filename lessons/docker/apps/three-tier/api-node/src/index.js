// wharf: env PORT 3000
// wharf: connect postgres $DATABASE_URL
// wharf: print Example app listening on port $PORT
// wharf: listen $PORT express
// wharf: route GET / query postgres SELECT NOW() as now;
// wharf: route GET / reply 200 json {"now":"$result","api":"node"}
// wharf: route GET /ping reply 200 text pong
const { getDateTime } = require("./db");

const express = require("express");
const morgan = require("morgan");

const app = express();
const port = process.env.PORT || 3000;

// setup the logger
app.use(morgan("tiny"));

app.get("/", async (req, res) => {
  const dateTime = await getDateTime();
  const response = dateTime;
  response.api = "node";
  res.send(response);
});

app.get("/ping", async (_, res) => {
  res.send("pong");
});

const server = app.listen(port, () => {
  console.log(`Example app listening on port ${port}`);
});

process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
});
