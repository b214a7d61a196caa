/**
 * Client benchmark (a script, not a test): the same brokers, message count and sizes for a plain
 * kafkajs producer and the canary producer (prewarm on, so it also holds an idle connection to
 * green) at a fixed route, in interleaved rounds; then a canary run with a blue -> green switch
 * in the middle. The brokers run in a child process (bench/mock-brokers.ts), so this process
 * times the clients and nothing else. Prints one JSON line on stdout:
 * {"ratio","ratioSpread":{"min","q1","q3","max"},"rounds","messages","rawMsgsPerSec",
 * "canaryMsgsPerSec","steadyP99Ms","switchP99Ms"}; details on stderr.
 *
 * `ratio` is the median over rounds of canary / raw throughput, the two runs of a round back to
 * back. Targets: ratio >= 0.97; switchP99Ms <= 2 x steadyP99Ms + one in-flight
 * acknowledgement, measured as rawStopDrainMs (see stopDrain).
 */
import { performance } from 'node:perf_hooks';
import type { ProducerLike } from '@kraft-canary/client';
import { CANARY_PRODUCER_DEFAULTS, CanaryProducer, RoutingWatcher, type SwitchEvent } from '@kraft-canary/client';
import type { RoutingDocument } from '@kraft-canary/client/contract';
import { Kafka, type KafkaConfig, logLevel, type Message } from 'kafkajs';
import { MemoryRoutingStore } from '../src/local/memory-routing-store.ts';
import { percentile, startBrokers } from './broker-process.ts';

const MIGRATION = 'bench';
const TOPIC = 'bench';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const MESSAGE_BYTES = 200;
const BATCH = 50;
const WINDOW = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
/** BENCH_PREWARM=0 measures the canary without its idle connection to the other cluster. */
const PREWARM = process.env.BENCH_PREWARM !== '0';
const PARTITIONS = 6;

interface Run {
  readonly msgsPerSec: number;
  /** CPU time of this process (the client alone: the brokers run in another) per message. */
  readonly cpuUsPerMsg: number;
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
  const cpu = process.cpuUsage();
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
  const elapsedMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { msgsPerSec: MESSAGES / (elapsedMs / 1000), cpuUsPerMsg: (user + system) / MESSAGES, latencies };
}

/**
 * "One in-flight acknowledgement" as a switch meets it: a plain kafkajs producer sends with
 * WINDOW sends in flight, then stops issuing; this is the time until the last in-flight send
 * is acknowledged (median of `trials`). With Nagle left on in the mock broker (BENCH_NAGLE=1)
 * this includes a ~40 ms delayed-ACK stall: once the client stops sending, no request carries
 * the ACK the broker's Nagle is waiting for.
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
  const factory = {
    producer: () => instant,
    consumer: () => {
      throw new Error('no consumer');
    },
  };
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

const quartiles = (values: number[]) => ({ min: Math.min(...values), q1: percentile(values, 25), q3: percentile(values, 75), max: Math.max(...values) });

async function main(): Promise<void> {
  const brokers = await startBrokers(TOPIC, PARTITIONS);
  const connection = (bootstrap: string[]): KafkaConfig => ({ clientId: 'bench', brokers: bootstrap, logLevel: logLevel.NOTHING });
  const clusters = { blue: connection(brokers.bootstrap.blue), green: connection(brokers.bootstrap.green) };
  const store = new MemoryRoutingStore();
  await store.write(MIGRATION, doc(1, 0));
  const watcher = new RoutingWatcher({ migration: MIGRATION, source: store.sourceFor(MIGRATION), pollIntervalMs: 60_000 });
  try {
    const raw = new Kafka(clusters.blue).producer(CANARY_PRODUCER_DEFAULTS);
    const canary = new CanaryProducer({ routing: watcher, instanceId: 'bench-1', clusters, prewarm: PREWARM });
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
    // Per-round ratios: the two runs of a round share the machine's load of the moment.
    const ratios = canaries.map((c, i) => c.msgsPerSec / (raws[i] as Run).msgsPerSec);
    const spread = quartiles(ratios);
    const cpuRatios = canaries.map((c, i) => (raws[i] as Run).cpuUsPerMsg / c.cpuUsPerMsg);
    const result = {
      ratio: round(median(ratios), 3),
      ratioSpread: { min: round(spread.min, 3), q1: round(spread.q1, 3), q3: round(spread.q3, 3), max: round(spread.max, 3) },
      rounds: ROUNDS,
      messages: MESSAGES,
      rawMsgsPerSec: Math.round(median(raws.map((r) => r.msgsPerSec))),
      canaryMsgsPerSec: Math.round(median(canaries.map((r) => r.msgsPerSec))),
      steadyP99Ms: round(percentile(steadyLatencies, 99)),
      switchP99Ms: round(percentile(switched.latencies, 99)),
    };
    const ackP50 = percentile(steadyLatencies, 50);
    const switchBudget = 2 * result.steadyP99Ms + stopDrainMs;
    process.stderr.write(
      `${JSON.stringify({
        messageBytes: MESSAGE_BYTES,
        batch: BATCH,
        inFlightWindow: WINDOW,
        prewarm: PREWARM,
        brokerNoDelay: `${brokers.noDelay} of 6 broker listeners without Nagle`,
        roundRatios: ratios.map((r) => round(r, 3)),
        // The same rounds judged by this process's CPU time per message (raw / canary).
        cpuRatio: round(median(cpuRatios), 3),
        rawRuns: raws.map((r) => Math.round(r.msgsPerSec)),
        canaryRuns: canaries.map((r) => Math.round(r.msgsPerSec)),
        rawP99Ms: round(
          percentile(
            raws.flatMap((r) => r.latencies),
            99,
          ),
        ),
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
    await brokers.stop();
  }
}

await main();
