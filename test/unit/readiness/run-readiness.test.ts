import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ACTIONS } from '../../../src/domain/msk-resources.ts';
import type { Plan } from '../../../src/domain/plan.ts';
import type { ReadinessPorts } from '../../../src/readiness/readiness-ports.ts';
import { type AppliedAction, runReadiness } from '../../../src/readiness/run-readiness.ts';
import { httpSchemaRegistry } from '../../../src/schema-registry/http-schema-registry.ts';
import { FakePolicySimulator } from '../../support/fakes/fake-policy-simulator.ts';
import { FakeSchemaRegistry } from '../../support/fakes/fake-schema-registry.ts';
import { type ReadinessWorld, readinessWorld } from '../../support/readiness-world.ts';
import { BLUE_ARN, GREEN_ARN } from '../../support/rollout-fixtures.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';
const SERVICE_ROLE = 'arn:aws:iam::123456789012:role/settle-orders';
const clock = { now: () => Date.parse('2026-05-04T10:00:00.000Z') };
const ORDER = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });

interface Estate {
  w: ReadinessWorld;
  plan: Plan;
  ports: ReadinessPorts;
  blueSr: FakeSchemaRegistry;
  greenSr: FakeSchemaRegistry;
}

/** A blue estate with gaps on green in every area --sync covers. */
async function estate(): Promise<Estate> {
  const blueSr = new FakeSchemaRegistry();
  const greenSr = new FakeSchemaRegistry();
  const [blueUrl, greenUrl] = await Promise.all([blueSr.start(), greenSr.start()]);
  const w = readinessWorld({
    clusters: {
      blue: { arn: BLUE_ARN, bootstrap: 'b-1.blue:9098', schemaRegistry: blueUrl },
      green: { arn: GREEN_ARN, bootstrap: 'b-1.green:9098', schemaRegistry: greenUrl },
    },
    consumerGroups: ['billing'],
    clients: { principals: [{ arn: SERVICE_ROLE, service: 'settle' }] },
  });
  w.blue.topic('orders', 3, 3, { 'retention.ms': '604800000' }, [10, 10, 10]).topic('payments', 2, 3, { 'cleanup.policy': 'compact' });
  // The first preflight made the control topic on blue; green's is made by --sync.
  w.blue.topic('__kraft-canary-routing', 1, 3, { 'cleanup.policy': 'compact' });
  w.green.topic('orders', 3, 3, { 'retention.ms': '86400000' });
  w.blue.group('billing', { committed: { orders: [10, 10, 9] }, state: 'Stable', members: 3, assigned: ['orders'] });
  w.blue.group('settle', { committed: { orders: [10, 10, 10] }, state: 'Stable', members: 1 });
  w.triggers.add({ sourceArn: BLUE_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'settle', batchSize: 50 });
  blueSr.add('orders-value', 1, 21, ORDER);
  // The service's role may do on green what it does on blue (IAM parity holds).
  const iam = new FakePolicySimulator().allow(SERVICE_ROLE, CLIENT_ACTIONS.cluster, [BLUE_ARN, GREEN_ARN]);
  const ports: ReadinessPorts = {
    ...w.ports,
    iam,
    blue: { ...w.ports.blue, registry: httpSchemaRegistry({ url: blueUrl }) },
    green: { ...w.ports.green, registry: httpSchemaRegistry({ url: greenUrl }) },
  };
  return { w, plan: w.plan, ports, blueSr, greenSr };
}

describe('runReadiness', () => {
  let e: Estate;
  beforeEach(async () => {
    e = await estate();
  });
  afterEach(() => Promise.all([e.blueSr.stop(), e.greenSr.stop()]));

  it('without --sync it changes nothing, fails on the gaps and lists what sync would do', async () => {
    // Act
    const report = await runReadiness(e.ports, clock)(e.plan);

    // Assess
    expect(report.verdict).toBe('fail');
    expect(report.checkedAt).toBe('2026-05-04T10:00:00.000Z');
    expect(report.applied).toEqual([]);
    expect(report.pending.map((p) => p.scope)).toEqual(['topics', 'topics', 'schemas', 'triggers', 'topics']);
    expect(report.rows.filter((r) => r.check.startsWith('control-topic/')).map((r) => [r.check, r.status])).toEqual([
      ['control-topic/blue', 'ok'],
      ['control-topic/green', 'warn'],
    ]);
    expect(report.baseline).toEqual([
      { group: 'billing', state: 'Stable', members: 3, topics: ['orders'], lag: 1 },
      { group: 'settle', state: 'Stable', members: 1, topics: ['orders'], lag: 0 },
    ]);
    expect(report.rows.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual([
      'topics',
      'topics/orders',
      'topics/payments',
      'schemas',
      'schemas/orders-value',
      'consumers/green',
      'consumers/settle',
      'triggers',
      'triggers/settle-orders',
    ]);
    expect([e.w.green.writes, e.greenSr.writes(), e.w.triggers.writes]).toEqual([[], [], []]);
  });

  it('--sync prints its plan, changes green only, ends ready, and a second run changes nothing', async () => {
    // Prepare
    const planned: string[][] = [];
    const results: AppliedAction[] = [];
    const options = {
      sync: ['topics', 'schemas', 'triggers'] as const,
      onSyncPlan: (d: readonly string[]) => planned.push([...d]),
      onSyncResult: (a: AppliedAction) => results.push(a),
    };

    // Act
    const first = await runReadiness(e.ports, clock)(e.plan, options);
    const writes = [e.w.green.writes.length, e.greenSr.writes().length, e.w.triggers.writes.length];
    const second = await runReadiness(e.ports, clock)(e.plan, options);

    // Assess
    expect(planned).toHaveLength(1);
    expect(planned[0]).toEqual(first.applied.map((a) => a.description));
    expect(results.map((r) => r.result)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(first.verdict).toBe('ok');
    expect(first.pending).toEqual([]);
    expect(second.applied).toEqual([]);
    expect(second.verdict).toBe('ok');
    expect([e.w.green.writes.length, e.greenSr.writes().length, e.w.triggers.writes.length]).toEqual(writes);
    expect(e.greenSr.schemas.map((s) => [s.subject, s.version, s.id])).toEqual([['orders-value', 1, 21]]);
    expect(e.w.triggers.mappings.find((m) => m.sourceArn === GREEN_ARN)).toMatchObject({ state: 'Disabled', consumerGroupId: 'settle' });
    // Never a write on blue: its Kafka, its registry, its triggers.
    expect(e.w.blue.writes).toEqual([]);
    expect(e.blueSr.writes()).toEqual([]);
    expect(e.w.triggers.writes.every((x) => (x.args as { sourceArn?: string }).sourceArn === GREEN_ARN)).toBe(true);
  });

  it('--sync limited to one scope leaves the rest pending', async () => {
    // Act
    const report = await runReadiness(e.ports, clock)(e.plan, { sync: ['topics'] });

    // Assess
    expect(report.applied.map((a) => a.scope)).toEqual(['topics', 'topics', 'topics']);
    expect(report.pending.map((p) => p.scope)).toEqual(['schemas', 'triggers']);
    expect(e.greenSr.writes()).toEqual([]);
  });

  it('reports a failed sync action with its hint and keeps the gap', async () => {
    // Prepare
    e.w.green.createTopics = async () => {
      throw Object.assign(new Error('createTopics failed: KafkaJSProtocolError'), { name: 'KafkaAdminError' });
    };

    // Act
    const report = await runReadiness(e.ports, clock)(e.plan, { sync: ['topics'] });

    // Assess
    expect(report.verdict).toBe('fail');
    expect(report.rows).toContainEqual({
      check: 'sync/topics',
      status: 'fail',
      details: expect.stringContaining('failed: KafkaAdminError: createTopics failed: KafkaJSProtocolError. green must accept CreateTopics'),
    });
    expect(report.pending.map((p) => p.description)).toContain('create payments on green with 2 partitions, replication factor 3, 1 topic configs');
  });

  it('turns a check that cannot run into a failing row and runs the others', async () => {
    // Prepare
    e.w.triggers.list = async () => {
      throw Object.assign(new Error('x'), { name: 'AccessDeniedException' });
    };

    // Act
    const report = await runReadiness(e.ports, clock)(e.plan);

    // Assess
    expect(report.rows).toContainEqual({ check: 'triggers', status: 'fail', details: 'check could not run: AccessDeniedException' });
    expect(report.rows.some((r) => r.check === 'consumers')).toBe(true);
  });
});
