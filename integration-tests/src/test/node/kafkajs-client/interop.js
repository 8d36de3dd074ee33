// A hashstream client written as a new user would write one, with kafkajs and the Confluent
// schema-registry client only: it produces uploads (Avro, registry wire format), then reads and
// decodes every output topic of the streaming job and the moderation service, one JSON line per
// record on stdout ({"topic": ..., "value": ...}). InteropIT runs it and checks the lines.
//
// usage: node interop.js BOOTSTRAP REGISTRY_URL TENANT A_COPY B B_COPY C C_COPY
//   A_COPY is a copy of a photo in a REMOVE bank, B a photo in an ALLOW bank, C one in no bank.
"use strict";

const fs = require("fs");
const { Kafka, logLevel } = require("kafkajs");
const { SchemaRegistry } = require("@kafkajs/confluent-schema-registry");

const [bootstrap, registryUrl, tenant, aCopy, b, bCopy, c, cCopy] = process.argv.slice(2);
const TIMEOUT_MS = 180000;
const OUTPUTS = ["hash-codes", "near-duplicates", "bank-matches", "dead-letters", "moderation-actions"];

const kafka = new Kafka({ clientId: "interop", brokers: [bootstrap], logLevel: logLevel.ERROR });
const registry = new SchemaRegistry({ host: registryUrl });
const seen = Object.fromEntries(OUTPUTS.map((t) => [t, []]));
let waiter = null;

function printable(value) {
  return JSON.stringify(value, (k, v) =>
    v && v.type === "Buffer" && Array.isArray(v.data) ? "<" + v.data.length + " bytes>" : v);
}

async function until(what, test) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!test()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for " + what);
    await new Promise((resolve) => { waiter = resolve; setTimeout(resolve, 500); });
  }
}

const has = (topic, pred) => seen[topic].some(pred);

async function main() {
  const consumer = kafka.consumer({ groupId: "interop-" + Date.now() });
  consumer.on(consumer.events.CRASH, (e) => {
    // e.g. "LZ4 compression not implemented": a record this client cannot read, reported at once
    console.error("interop failed: the consumer crashed: " + e.payload.error);
    process.exit(1);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: OUTPUTS, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const value = await registry.decode(message.value);
      seen[topic].push(value);
      console.log(printable({ topic, value }));
      if (waiter) waiter();
    },
  });

  const producer = kafka.producer();
  await producer.connect();
  const imagesId = await registry.getLatestSchemaId("images-value");
  const upload = async (imageId, file) => {
    const value = await registry.encode(imagesId, {
      imageId, tenant, uploadedAt: Date.now(), contentType: "image/jpeg",
      imageBytes: fs.readFileSync(file), imageUri: null, embedding: null,
    });
    await producer.send({ topic: "images", messages: [{ key: tenant + "/" + imageId, value }] });
  };

  await upload("a-copy", aCopy);
  await upload("b", b);
  await upload("c", c);
  await producer.send({ topic: "images", messages: [{ key: tenant + "/garbage", value: Buffer.from([1, 2, 3]) }] });
  await until("the bank matches of a-copy and b", () =>
    has("bank-matches", (m) => m.imageId === "a-copy") && has("bank-matches", (m) => m.imageId === "b"));
  await upload("b-copy", bCopy);
  await until("b-copy's near-duplicate", () => has("near-duplicates", (m) => m.queryId === "b-copy"));
  await upload("c-copy", cCopy);
  await until("the actions of a-copy and c-copy, a dead letter, every hash code", () =>
    has("moderation-actions", (a) => a.imageId === "a-copy" && a.action === "BLOCK")
      && has("moderation-actions", (a) => a.imageId === "c-copy" && a.action === "ALERT")
      && seen["dead-letters"].length > 0
      && ["a-copy", "b", "c", "b-copy", "c-copy"].every((id) => has("hash-codes", (h) => h.imageId === id)));

  await producer.disconnect();
  await consumer.disconnect();
  console.log(JSON.stringify({ done: true }));
}

main().then(() => process.exit(0), (e) => {
  console.error("interop failed: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
