// wharf: env MONGO_CONNECTION_STRING mongodb://localhost:27017
// wharf: connect mongo $MONGO_CONNECTION_STRING
// wharf: listen 8080 fastify
// wharf: route GET / header access-control-allow-origin *
// wharf: route GET / query mongo count dockerApp.count
// wharf: route GET / reply 200 json {"success":true,"count":$result}
// wharf: route GET /add header access-control-allow-origin *
// wharf: route GET /add query mongo insert dockerApp.count
// wharf: route GET /add reply 200 json {"acknowledged":true}
const cors = require("@fastify/cors");
const fastify = require("fastify")({ logger: true });
const { MongoClient } = require("mongodb");
const url = process.env.MONGO_CONNECTION_STRING || "mongodb://localhost:27017";
const dbName = "dockerApp";
const collectionName = "count";

async function start() {
  await fastify.register(cors, { origin: "*" });

  const client = await MongoClient.connect(url);
  const db = client.db(dbName);
  const collection = db.collection(collectionName);

  fastify.get("/", async function handler(request, reply) {
    const count = await collection.countDocuments();
    return { success: true, count };
  });

  fastify.get("/add", async function handler(request, reply) {
    const res = await collection.insertOne({});
    return { acknowledged: res.acknowledged };
  });

  fastify.listen({ port: 8080, host: "0.0.0.0" }, (err) => {});
}

start().catch((err) => {
  console.log(err);
  process.exit(1);
});
