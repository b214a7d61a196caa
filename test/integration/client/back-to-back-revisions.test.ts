import type { RoutingWatcher } from '@kraft-canary/client';
import { CanaryProducer, type SwitchEvent } from '@kraft-canary/client';
import type { Cluster, RoutingMode } from '@kraft-canary/client/contract';
import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlueGreen, Checkpoint, MIGRATION, RoutingDriver, startBlueGreen, TOPIC, unitIn } from '../../support/client-harness.ts';
import { readTopic } from '../../support/librdkafka-reader.ts';
import { SendAudit, type StoredMessage } from '../../support/send-audit.ts';

const PARTITIONS = 6;
const PER_PRODUCER = 5_000;
const BATCH = 25;
const WINDOW = 4;
const KEYS = 16;
const BOTH = { blue: true, green: true };

interface Service {
  readonly name: string;
  readonly mode: RoutingMode;
  readonly watcher: RoutingWatcher;
  readonly producer: CanaryProducer;
}

/**
 * The reported race: while the first sends of four services (two per routing mode) are in
 * flight, the routing document is written through 0 → 20 → 50 → 80 → 100 → 50 → rolled back
 * back to back; halfway through the load a restarted rollout writes 20 → 50 → 80 back to back.
 * Both clusters are then read with librdkafka's own consumer (no kafkajs, no consumer group)
 * and every stored message is judged against the documents in force while it was sent.
 */
describe('routing revisions written back to back', () => {
  let env: BlueGreen;
  const driver = new RoutingDriver();
  const audit = new SendAudit();
  const services: Service[] = [];
  const switches: SwitchEvent[] = [];

  beforeAll(async () => {
    env = await startBlueGreen(PARTITIONS);
    await driver.publish(0, BOTH);
    for (const [name, mode] of [
      [unitIn(0, 2_000, 'svc'), 'instance'],
      [unitIn(5_000, 8_000, 'svc'), 'instance'],
      ['keyed-1', 'key'],
      ['keyed-2', 'key'],
    ] as const) {
      const watcher = driver.watcher();
      const producer = new CanaryProducer({ routing: watcher, instanceId: name, mode, clusters: env.connections });
      producer.events.on('switch', (e) => switches.push(e));
      await producer.connect();
      services.push({ name, mode, watcher, producer });
    }
  });

  afterAll(async () => {
    await Promise.allSettled(services.map((s) => s.producer.disconnect()));
    driver.stop();
    await env?.stop();
  });

  /** Issues one batch and records it in the audit; resolves when it settled. */
  function issue(service: Service, seq: number): { settled: Promise<void>; isSettled: () => boolean } {
    const messages = Array.from({ length: Math.min(BATCH, PER_PRODUCER - seq) }, (_, i) => {
      const key = `key-${(seq + i) % KEYS}`;
      return { key, value: JSON.stringify({ producer: service.name, seq: seq + i }) };
    });
    const keyed = service.mode === 'key';
    const units = messages.map((m) => (keyed ? m.key : service.name));
    const { send, settle } = audit.issue(service.watcher, { producer: service.name, units, keyed, firstSeq: seq });
    const settled = service.producer.send({ topic: TOPIC, messages }).then(() => settle(), settle);
    return { settled, isSettled: () => send.settledAt !== null };
  }

  /**
   * The first batch goes out synchronously, then the load waits for the first burst; it keeps
   * WINDOW sends outstanding and waits at the halfway checkpoint with its last send outstanding.
   */
  function startLoad(service: Service, burst: Checkpoint, halfway: Checkpoint, reachedHalf: () => void) {
    const outstanding = new Set<Promise<void>>();
    const track = (sent: Promise<void>) => {
      outstanding.add(sent);
      void sent.finally(() => outstanding.delete(sent));
    };
    const first = issue(service, 0);
    track(first.settled);
    const done = (async () => {
      await burst.passed();
      for (let seq = BATCH; seq < PER_PRODUCER; seq += BATCH) {
        track(issue(service, seq).settled);
        if (seq + BATCH > halfway.seq && seq <= halfway.seq) {
          reachedHalf();
          await halfway.passed();
        }
        if (outstanding.size >= WINDOW) await Promise.race(outstanding);
      }
      await Promise.all(outstanding);
    })();
    return { first, done };
  }

  const documents = (): Map<number, RoutingDocument> =>
    new Map(
      driver.store.history(MIGRATION).flatMap((v) => {
        const parsed = parseRoutingDocument(v.text);
        return parsed.ok ? [[parsed.value.revision, parsed.value] as const] : [];
      }),
    );

  async function stored(cluster: Cluster, bootstrap: readonly string[]): Promise<StoredMessage[]> {
    const records = await readTopic(bootstrap, TOPIC, PARTITIONS);
    return records.map((r) => ({ cluster, ...(JSON.parse(r.value) as { producer: string; seq: number }) }));
  }

  async function highWatermarkTotal(cluster: Cluster): Promise<number> {
    const admin = new Kafka(env.connections[cluster]).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    await admin.disconnect();
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  }

  it('sends every message where the newest accepted document routed it: 0 misrouted, 0 lost, 0 duplicated', async () => {
    // Prepare
    const burst = new Checkpoint(BATCH);
    const halfway = new Checkpoint(PER_PRODUCER / 2);
    let atHalf = 0;
    let allAtHalf: () => void = () => undefined;
    const halfReached = new Promise<void>((resolve) => {
      allAtHalf = resolve;
    });
    const loads = services.map((s) =>
      startLoad(s, burst, halfway, () => {
        atHalf += 1;
        if (atHalf === services.length) allAtHalf();
      }),
    );

    // Act
    // Every first send is outstanding here: its acknowledgement needs I/O, the writes below do not.
    for (const [percent, rolledBack] of [[20], [50], [80], [100], [50], [0, true]] as const) await driver.publish(percent, BOTH, rolledBack);
    const firstsOutstanding = loads.filter((l) => !l.first.isSettled()).length;
    const revisionsAccepted = services.map((s) => s.watcher.current().revision);
    burst.open();
    await halfReached;
    for (const percent of [20, 50, 80]) await driver.publish(percent, BOTH);
    halfway.open();
    await Promise.all(loads.map((l) => l.done));
    const messages = [...(await stored('blue', env.blue.bootstrap)), ...(await stored('green', env.green.bootstrap))];
    const result = audit.audit(messages, documents());
    const onCluster = (c: Cluster) => messages.filter((m) => m.cluster === c).length;

    // Assess
    expect(firstsOutstanding).toBe(services.length);
    expect(revisionsAccepted).toEqual(services.map(() => 7));
    expect(audit.errors).toEqual([]);
    expect(result.misrouted).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.unaccounted).toEqual([]);
    expect(result.splitKeys).toEqual([]);
    expect(messages).toHaveLength(PER_PRODUCER * services.length);
    expect([onCluster('blue'), onCluster('green')]).toEqual([await highWatermarkTotal('blue'), await highWatermarkTotal('green')]);
    expect(onCluster('green')).toBeGreaterThan(0);
    expect(switches.every((e) => e.to.revision >= 8)).toBe(true);
    expect(services.map((s) => s.producer.route().revision)).toEqual(services.map(() => 10));
  });
});
