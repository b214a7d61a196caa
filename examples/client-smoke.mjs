// A service built on @kraft-canary/client: it follows the routing document in SSM, sends
// SMOKE_COUNT messages and reads them back from whichever cluster they landed on. Run it against
// your own clusters before the first stage to prove the client, the routing parameter and both
// clusters work together:
//
//   npm install @kraft-canary/client kafkajs @aws-sdk/client-ssm
//   MIGRATION=orders-kraft BLUE_BROKERS=b-1.blue:9092 GREEN_BROKERS=b-1.green:9092 node client-smoke.mjs
//
// (for MSK, add `ssl: true` and a `sasl` block to each cluster below). The topic must exist on
// both clusters. It prints one line, `kraft-canary smoke {…}`, and exits 0 when every message
// sent was read back.
import { randomUUID } from 'node:crypto';
import { SSMClient } from '@aws-sdk/client-ssm';
import { CanaryConsumer, CanaryProducer, RoutingWatcher } from '@kraft-canary/client';
import { SsmRoutingSource } from '@kraft-canary/client/ssm';
import { logLevel } from 'kafkajs';

const migration = process.env.MIGRATION ?? 'orders-kraft';
const topic = process.env.SMOKE_TOPIC ?? 'kraft-canary-smoke';
const count = Number(process.env.SMOKE_COUNT ?? 100);
const clusters = {
  blue: { clientId: 'smoke', brokers: (process.env.BLUE_BROKERS ?? '').split(','), logLevel: logLevel.WARN },
  green: { clientId: 'smoke', brokers: (process.env.GREEN_BROKERS ?? '').split(','), logLevel: logLevel.WARN },
};

// One watcher per service: it reads /kraft-canary/<migration>/routing every 15 s ± 20 %.
const routing = new RoutingWatcher({ migration, source: new SsmRoutingSource(new SSMClient({ maxAttempts: 2 }), migration) });
const run = randomUUID();
const producer = new CanaryProducer({ routing, instanceId: `smoke-${run}`, clusters });
const consumer = new CanaryConsumer({ routing, groupId: `kraft-canary-smoke-${run}`, clusters });

const received = new Map();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await consumer.run({
  eachMessage: async ({ cluster, message }) => {
    const key = message.key?.toString() ?? '';
    if (key.startsWith(run)) received.set(key, cluster);
  },
});
await producer.connect(); // reads the routing document first, then connects

const sent = new Map();
for (let i = 0; i < count; i++) {
  const key = `${run}-${i}`;
  await producer.send({ topic, messages: [{ key, value: String(i) }] });
  sent.set(key, producer.route().clusters[0]);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const deadline = Date.now() + 60_000;
while (received.size < sent.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
const lost = [...sent.keys()].filter((key) => !received.has(key));
const sentTo = (cluster) => [...sent.values()].filter((c) => c === cluster).length;
console.log(
  `kraft-canary smoke ${JSON.stringify({ sent: sent.size, received: received.size, lost: lost.length, blue: sentTo('blue'), green: sentTo('green') })}`,
);

await producer.disconnect();
await consumer.disconnect();
routing.stop();
process.exitCode = lost.length === 0 ? 0 : 1;
