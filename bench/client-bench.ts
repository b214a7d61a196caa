/**
 * Client benchmark (a script, not a test): the same mock broker, message count and sizes for
 * a plain kafkajs producer and the canary producer at a fixed route, runs alternated; then a
 * canary run with a blue -> green switch in the middle. Prints one JSON line on stdout:
 * {"rawMsgsPerSec","canaryMsgsPerSec","ratio","steadyP99Ms","switchP99Ms"}; details on stderr.
 *
 * Targets: ratio >= 0.97; switchP99Ms <= 2 x steadyP99Ms + one in-flight acknowledgement,
 * measured as rawStopDrainMs (see stopDrain).
 */
import { performance } from 'node:perf_hooks';
import { Kafka, type KafkaConfig, logLevel, type Message } from 'kafkajs';
import { CANARY_PRODUCER_DEFAULTS, CanaryProducer, type SwitchEvent } from '@kraft-canary/client';
import type { ProducerLike } from '@kraft-canary/client';
import { RoutingWatcher } from '@kraft-canary/client';
import type { RoutingDocument } from '@kraft-canary/client/contract';
import { MemoryRoutingStore } from '../src/local/memory-routing-store.ts';
import { MockKafkaCluster } from '../src/local/mock-kafka-cluster.ts';

const MIGRATION = 'bench';
const TOPIC = 'bench';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const MESSAGE_BYTES = 200;
const BATCH = 50;
const WINDOW = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);

interface Run {
  readonly msgsPerSec: number;
  readonly latencies: number[];
}

const payload = 'x'.repeat(MESSAGE_BYTES);
const batches: Message[][] = Array.from({ length: Math.ceil(MESSAGES / BATCH) }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) => ({ key: `key-${(b * BATCH + i) % 64}`, value: payload })),
);

/** Sends every batch with WINDOW sends in flight; `midway` runs once half of them were sent. */
async function run(producer: Pick<ProducerLike, 'send'>, midway?: () => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const [i, messages] of batches.entries()) {
    if (i === Math.floor(batches.length / 2) && midway) void midway();
    const t0 = performance.now();
    const sent = producer.send({ topic: TOPIC, messages }).then(() => {
      latencies.push(performance.now() - t0);
    });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { msgsPerSec: MESSAGES / ((performance.now() - started) / 1000), latencies };
}

/**
 * "One in-flight acknowledgement" as a switch meets it: a plain kafkajs producer sends with
 * WINDOW sends in flight, then stops issuing; this is the time until the last in-flight send
 * is acknowledged (median of `trials`). On the librdkafka mock it usually includes a ~40 ms TCP
 * delayed-ACK stall: the mock does not set TCP_NODELAY, and once the client stops sending, no
 * request carries the ACK the broker's Nagle is waiting for.
 */
async function stopDrain(producer: Pick<ProducerLike, 'send'>, trials = 5): Promise<number> {
  const times: number[] = [];
  for (let t = 0; t < trials; t++) {
    const inFlight = new Set<Promise<unknown>>();
    for (const messages of batches.slice(0, 100)) {
      const sent = producer.send({ topic: TOPIC, messages });
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
      if (inFlight.size >= WINDOW) await Promise.race(inFlight);
    }
    const t0 = performance.now();
    await Promise.all(inFlight);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * The canary's own cost per send, without a broker: the same sends through a producer whose
 * sends resolve at once, directly and through CanaryProducer. Wall-clock noise on a shared
 * machine swamps this in the broker runs; this isolates it.
 */
async function overheadPerSendUs(watcher: RoutingWatcher, clusters: Record<'blue' | 'green', KafkaConfig>): Promise<number> {
  const instant: ProducerLike = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async () => [],
    sendBatch: async () => [],
  };
  const factory = { producer: () => instant, consumer: () => { throw new Error('no consumer'); } };
  const canary = new CanaryProducer({ routing: watcher, instanceId: 'bench-overhead', clusters, kafkaFactory: factory, prewarm: false });
  await canary.connect();
  const timeSends = async (producer: Pick<ProducerLike, 'send'>) => {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await Promise.all(batches.map((messages) => producer.send({ topic: TOPIC, messages })));
    return (performance.now() - t0) / (20 * batches.length);
  };
  await timeSends(canary);
  const direct = await timeSends(instant);
  const through = await timeSends(canary);
  await canary.disconnect();
  return (through - direct) * 1000;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const median = (values: number[]) => percentile(values, 50);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function doc(revision: number, greenPercent: number): RoutingDocument {
  const phase = greenPercent === 0 ? 'idle' : greenPercent === 100 ? 'draining' : 'canary';
  return {
    schema: 1,
    migration: MIGRATION,
    revision,
    phase,
    producers: { greenPercent },
    consumers: { blue: true, green: greenPercent > 0 },
    updatedAt: new Date().toISOString(),
    updatedBy: 'bench',
    reason: 'benchmark',
  };
}

async function main(): Promise<void> {
  const topics = [{ name: TOPIC, partitions: 6 }];
  const [blue, green] = await Promise.all([MockKafkaCluster.start({ brokers: 3, topics }), MockKafkaCluster.start({ brokers: 3, topics })]);
  const connection = (c: MockKafkaCluster): KafkaConfig => ({ clientId: 'bench', brokers: c.bootstrap, logLevel: logLevel.NOTHING });
  const clusters = { blue: connection(blue), green: connection(green) };
  const store = new MemoryRoutingStore();
  await store.write(MIGRATION, doc(1, 0));
  const watcher = new RoutingWatcher({ migration: MIGRATION, source: store.sourceFor(MIGRATION), pollIntervalMs: 60_000 });
  try {
    const raw = new Kafka(clusters.blue).producer(CANARY_PRODUCER_DEFAULTS);
    const canary = new CanaryProducer({ routing: watcher, instanceId: 'bench-1', clusters });
    await Promise.all([raw.connect(), canary.connect()]);
    await run(raw);
    await run(canary);
    const raws: Run[] = [];
    const canaries: Run[] = [];
    // Alternated, and which one goes first alternates too, so drift in machine load cancels out.
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) raws.push(await run(raw));
      canaries.push(await run(canary));
      if (r % 2 === 1) raws.push(await run(raw));
    }
    const stopDrainMs = await stopDrain(raw);
    const overheadUs = await overheadPerSendUs(watcher, clusters);
    await Promise.all([raw.disconnect(), canary.disconnect()]);

    const switching = new CanaryProducer({ routing: watcher, instanceId: 'bench-2', clusters });
    await switching.connect();
    await run(switching);
    const switches: SwitchEvent[] = [];
    switching.events.on('switch', (e) => switches.push(e));
    const switched = await run(switching, async () => {
      await store.write(MIGRATION, doc(2, 100));
      await watcher.refresh();
    });
    await switching.disconnect();

    const steadyLatencies = canaries.flatMap((c) => c.latencies);
    const result = {
      rawMsgsPerSec: Math.round(median(raws.map((r) => r.msgsPerSec))),
      canaryMsgsPerSec: Math.round(median(canaries.map((r) => r.msgsPerSec))),
      // Median of per-round ratios: the two runs of a round share the machine's load of the moment.
      ratio: round(median(canaries.map((c, i) => c.msgsPerSec / (raws[i] as Run).msgsPerSec)), 3),
      steadyP99Ms: round(percentile(steadyLatencies, 99)),
      switchP99Ms: round(percentile(switched.latencies, 99)),
    };
    const ackP50 = percentile(steadyLatencies, 50);
    const switchBudget = 2 * result.steadyP99Ms + stopDrainMs;
    process.stderr.write(
      `${JSON.stringify({
        messages: MESSAGES,
        messageBytes: MESSAGE_BYTES,
        batch: BATCH,
        inFlightWindow: WINDOW,
        rounds: ROUNDS,
        rawRuns: raws.map((r) => Math.round(r.msgsPerSec)),
        canaryRuns: canaries.map((r) => Math.round(r.msgsPerSec)),
        rawP99Ms: round(percentile(raws.flatMap((r) => r.latencies), 99)),
        steadyP50Ms: round(ackP50),
        rawStopDrainMs: round(stopDrainMs),
        canaryOverheadUsPerSend: round(overheadUs),
        steadyMaxMs: round(Math.max(...steadyLatencies)),
        steadyP999Ms: round(percentile(steadyLatencies, 99.9)),
        switchDurationMs: switches.map((s) => s.durationMs),
        switchAwaitedInFlight: switches.map((s) => s.awaitedInFlight),
        switchReleasedQueued: switches.map((s) => s.releasedQueued),
        ratioTargetMet: result.ratio >= 0.97,
        switchBudgetMs: round(switchBudget),
        switchTargetMet: result.switchP99Ms <= switchBudget,
      })}\n`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    watcher.stop();
    await Promise.all([blue.stop(), green.stop()]);
  }
}

await main();
