/**
 * Fleet benchmark (a script, not a test): BENCH_INSTANCES (default 1,000) routing watchers in
 * real time, each with its own push source (its own connections to blue and green) and its own
 * SSM stand-in, against local brokers run in a child process (bench/mock-brokers.ts). The
 * routing store's writes are published by the controller's publisher use case, as the
 * EventBridge rule does in AWS. Then a poll-only baseline of the same fleet. Prints one JSON
 * line on stdout: {"instances","pushP50Ms","pushP99Ms","pushMaxMs","pollP99Ms",
 * "ssmReadsPerInstancePerMin","brokerConnectionsPerInstance"}; details on stderr: per change, how
 * many switched by push and by poll, when each cluster acknowledged the publication and the
 * fleet process's event-loop delay; then the CPU share of the fleet and broker processes over the
 * push window (where a slow change's time went).
 *
 * Propagation is from the routing write to each watcher's change event. SSM reads are counted
 * over a 7.5-minute window (BENCH_WINDOW_MS) that starts once every watcher's last short poll
 * has passed, so every watcher's anti-entropy check (every 5 to 7 min) falls in it. Targets:
 * pushP99Ms <= 1000 at 1,000 instances; ssmReadsPerInstancePerMin <= 0.2 while push is healthy.
 */
import { connect } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { KafkaPushSource, RoutingWatcher } from '@kraft-canary/client';
import { type Cluster, DEFAULT_CONTROL_TOPIC, type RoutingDocument, type RoutingSource } from '@kraft-canary/client/contract';
import { type ISocketFactory, type KafkaConfig, logLevel } from 'kafkajs';
import { publishRouting } from '../src/controller/publish/publish-routing.ts';
import { KafkajsControlTopic } from '../src/kafka/kafkajs-control-topic.ts';
import { MemoryRoutingStore } from '../src/local/memory-routing-store.ts';
import { percentile, startBrokers } from './broker-process.ts';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1_000);
/** The local brokers answer an empty Fetch only after its full wait, unlike Kafka (docs/rollback.md). */
const FETCH_WAIT_MS = Number(process.env.BENCH_FETCH_WAIT_MS ?? 500);
const PUSH_CHANGES = Number(process.env.BENCH_PUSH_CHANGES ?? 10);
const POLL_CHANGES = Number(process.env.BENCH_POLL_CHANGES ?? 2);
// Longer than the longest anti-entropy wait (7 min), so that every watcher's SSM check falls in it.
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 450_000);
const POLL_MS = 15_000;
const JITTER = 0.2;
const MIGRATION = 'bench-fleet';
const START_BATCH = 50;

const log = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let revision = 0;
function nextDoc(rolledBack: boolean): RoutingDocument {
  revision += 1;
  return {
    schema: 1,
    migration: MIGRATION,
    revision,
    phase: rolledBack ? 'rolled-back' : 'canary',
    producers: { greenPercent: rolledBack ? 0 : 10 + (revision % 80) },
    consumers: { blue: true, green: true },
    updatedAt: new Date().toISOString(),
    updatedBy: 'bench',
    reason: 'benchmark',
  };
}

/** Counts the sockets kafkajs opens, to report connections per instance honestly. */
function countingSockets(): { factory: ISocketFactory; open: () => number } {
  let open = 0;
  // Plaintext only, as kafkajs's default socket factory connects to the local brokers.
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
    return socket;
  };
  return { factory, open: () => open };
}

interface Fleet {
  readonly watchers: RoutingWatcher[];
  readonly reads: () => number;
  /** Propagation times of the change to `revision`, one per watcher that switched. */
  awaitRevision(target: number, writtenAt: number, timeoutMs: number): Promise<{ ms: number[]; push: number; poll: number }>;
  stop(): Promise<void>;
}

async function startFleet(store: MemoryRoutingStore, connections: Record<Cluster, KafkaConfig> | null): Promise<Fleet> {
  let reads = 0;
  const source: RoutingSource = {
    fetch: async () => {
      reads += 1;
      return (await store.read(MIGRATION))?.text ?? null;
    },
  };
  const watchers: RoutingWatcher[] = [];
  for (let i = 0; i < INSTANCES; i += START_BATCH) {
    const batch = Array.from({ length: Math.min(START_BATCH, INSTANCES - i) }, () => {
      const push = connections ? new KafkaPushSource({ migration: MIGRATION, clusters: connections, fetchMaxWaitMs: FETCH_WAIT_MS }) : undefined;
      return new RoutingWatcher({ migration: MIGRATION, source, pollIntervalMs: POLL_MS, jitter: JITTER, ...(push ? { push } : {}) });
    });
    const healthy = batch.map((w) => (connections ? new Promise<void>((resolve) => w.events.on('push-healthy', () => resolve())) : Promise.resolve()));
    await Promise.all(batch.map((w) => w.start()));
    await Promise.race([Promise.all(healthy), sleep(30_000)]);
    watchers.push(...batch);
  }
  return {
    watchers,
    reads: () => reads,
    awaitRevision: (target, writtenAt, timeoutMs) =>
      new Promise((resolve) => {
        const ms: number[] = [];
        let push = 0;
        let poll = 0;
        const offs: (() => void)[] = [];
        const done = () => {
          clearTimeout(timer);
          for (const off of offs) off();
          resolve({ ms, push, poll });
        };
        const timer = setTimeout(done, timeoutMs);
        for (const w of watchers) {
          if (w.current().revision >= target) continue;
          const off = w.events.on('change', (e) => {
            if (e.revision !== target) return;
            ms.push(performance.now() - writtenAt);
            if (e.via === 'push') push += 1;
            else poll += 1;
            off();
            if (ms.length === watchers.length) done();
          });
          offs.push(off);
        }
      }),
    stop: async () => {
      await Promise.all(watchers.map((w) => w.stop()));
    },
  };
}

async function main(): Promise<void> {
  const brokers = await startBrokers(DEFAULT_CONTROL_TOPIC, 1);
  log(`brokers: Nagle off on ${brokers.noDelay} listeners, accept backlog 50 on ${brokers.backlog}`);
  const sockets = countingSockets();
  const connection = (cluster: Cluster): KafkaConfig => ({
    clientId: `fleet-${cluster}`,
    brokers: brokers.bootstrap[cluster],
    logLevel: logLevel.NOTHING,
    socketFactory: sockets.factory,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
  });
  const connections = { blue: connection('blue'), green: connection('green') };
  const store = new MemoryRoutingStore();
  const control = new KafkajsControlTopic({
    clusters: { blue: { ...connections.blue, socketFactory: undefined }, green: { ...connections.green, socketFactory: undefined } },
  });
  const quiet = { info: () => undefined, warn: (m: string, f?: object) => log(`${m} ${JSON.stringify(f)}`), error: () => undefined };
  // When each cluster acknowledged the last publication: where a change's time goes (docs/rollback.md).
  const acked = new Map<Cluster, number>();
  const publish = publishRouting({
    routing: store,
    control: {
      publish: async (cluster, migration, text) => {
        await control.publish(cluster, migration, text);
        acked.set(cluster, performance.now());
      },
    },
    metrics: { put: async () => undefined },
    namespace: 'Bench',
    logger: quiet,
    clock: { now: () => Date.now() },
  });
  // A routing write, published as the parameter's change event would trigger it.
  const write = async (rolledBack: boolean): Promise<{ target: number; writtenAt: number }> => {
    const doc = nextDoc(rolledBack);
    await store.write(MIGRATION, doc);
    acked.clear();
    const writtenAt = performance.now();
    void publish({ migration: MIGRATION, trigger: 'change' });
    return { target: doc.revision, writtenAt };
  };
  await write(false);
  const republish = setInterval(() => void publish({ migration: MIGRATION, trigger: 'schedule' }), 60_000);

  let started = performance.now();
  const fleet = await startFleet(store, connections);
  const healthy = fleet.watchers.filter((w) => w.pushHealthy()).length;
  log(`push fleet: ${INSTANCES} watchers started in ${Math.round(performance.now() - started)} ms, ${healthy} push-healthy, ${sockets.open()} sockets`);
  // Every watcher's short poll pending at start has run once the longest one (15 s + 20 %) passed.
  await sleep(POLL_MS * (1 + JITTER) + 1_000);
  const readsBefore = fleet.reads();
  started = performance.now();
  const cpuBefore = { fleet: process.cpuUsage(), broker: brokers.cpuMs() };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const pushMs: number[] = [];
  let viaPoll = 0;
  for (let c = 0; c < PUSH_CHANGES; c++) {
    loopDelay.reset();
    loopDelay.enable();
    const { target, writtenAt } = await write(c % 2 === 1);
    const result = await fleet.awaitRevision(target, writtenAt, 30_000);
    loopDelay.disable();
    pushMs.push(...result.ms);
    viaPoll += result.poll;
    const ack = (cluster: Cluster) => (acked.has(cluster) ? `${Math.round((acked.get(cluster) ?? 0) - writtenAt)} ms` : 'not yet');
    log(
      `change ${target}: ${result.ms.length}/${INSTANCES} switched (${result.push} by push, ${result.poll} by poll), p99 ${Math.round(percentile(result.ms, 99))} ms; published on blue in ${ack('blue')}, green ${ack('green')}; fleet event-loop delay p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms`,
    );
    await sleep(Math.max(0, WINDOW_MS / PUSH_CHANGES - (performance.now() - writtenAt)));
  }
  const windowMs = performance.now() - started;
  const windowMin = windowMs / 60_000;
  const fleetCpu = process.cpuUsage(cpuBefore.fleet);
  const brokerCpuMs = (brokers.cpuMs() ?? Number.NaN) - (cpuBefore.broker ?? Number.NaN);
  const share = (ms: number) => (Number.isNaN(ms) ? 'n/a' : `${Math.round((100 * ms) / windowMs)} %`);
  log(`push window CPU, of one core: fleet process ${share((fleetCpu.user + fleetCpu.system) / 1_000)}, broker process ${share(brokerCpuMs)}`);
  const ssmReadsPerInstancePerMin = (fleet.reads() - readsBefore) / INSTANCES / windowMin;
  const brokerConnectionsPerInstance = sockets.open() / INSTANCES;
  const stillHealthy = fleet.watchers.filter((w) => w.pushHealthy()).length;
  log(`push window ${windowMin.toFixed(2)} min: ${fleet.reads() - readsBefore} SSM reads, ${stillHealthy} push-healthy, ${viaPoll} switches by poll`);
  await fleet.stop();
  clearInterval(republish);

  const baseline = await startFleet(store, null);
  const pollMs: number[] = [];
  for (let c = 0; c < POLL_CHANGES; c++) {
    const { target, writtenAt } = await write(c % 2 === 0);
    const result = await baseline.awaitRevision(target, writtenAt, POLL_MS * (1 + JITTER) + 5_000);
    pollMs.push(...result.ms);
    log(`poll-only change ${target}: ${result.ms.length}/${INSTANCES} switched, p99 ${Math.round(percentile(result.ms, 99))} ms`);
  }
  await baseline.stop();
  await control.disconnect();
  await brokers.stop();

  const expected = INSTANCES * PUSH_CHANGES;
  if (pushMs.length < expected) log(`warning: ${expected - pushMs.length} push switches never happened`);
  const round = (n: number) => Math.round(n);
  process.stdout.write(
    `${JSON.stringify({
      instances: INSTANCES,
      pushP50Ms: round(percentile(pushMs, 50)),
      pushP99Ms: round(percentile(pushMs, 99)),
      pushMaxMs: round(Math.max(...pushMs)),
      pollP99Ms: round(percentile(pollMs, 99)),
      ssmReadsPerInstancePerMin: Number(ssmReadsPerInstancePerMin.toFixed(3)),
      brokerConnectionsPerInstance: Number(brokerConnectionsPerInstance.toFixed(2)),
    })}\n`,
  );
}

await main();
