// wharf: listen 8080 fastify
// wharf: route GET / reply 200 json {"hello":"world"}
const fastify = require("fastify")({ logger: true });

fastify.get("/", function handler(request, reply) {
  reply.send({ hello: "world" });
});

// 0.0.0.0: every interface of the container, not only its own loopback
fastify.listen({ port: 8080, host: "0.0.0.0" }, (err) => {});
