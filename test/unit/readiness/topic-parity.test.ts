import { describe, expect, it } from 'vitest';
import { checkTopics, configDifferences, isExcluded, topicParity } from '../../../src/readiness/topic-parity.ts';
import { readinessWorld } from '../../support/readiness-world.ts';

const ORDERS = { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'compression.type': 'zstd' };

describe('isExcluded', () => {
  it.each([
    ['orders', ['orders'], true],
    ['orders', ['order'], false],
    ['tmp.orders', ['tmp.*'], true],
    ['tmpxorders', ['tmp.*'], false],
    ['a.b.dlq', ['*.dlq'], true],
  ])('%s against %j is %s', (topic, patterns, expected) => {
    expect(isExcluded(topic, patterns)).toBe(expected);
  });
});

describe('configDifferences', () => {
  it('lists blue-only, green-only and differing values and ignores configs Kafka 4 removed', () => {
    // Act
    const found = configDifferences(
      't',
      { 'retention.ms': '1', 'message.format.version': '2.8', 'segment.ms': '5' },
      { 'retention.ms': '2', 'flush.ms': '9', 'segment.ms': '5' },
    );

    // Assess
    expect(found.map((d) => [d.config, d.blue, d.green])).toEqual([
      ['flush.ms', '(default)', '9'],
      ['retention.ms', '1', '2'],
    ]);
  });
});

describe('checkTopics', () => {
  it('is ok when every blue topic matches on green, internal and excluded topics aside', async () => {
    // Prepare
    const w = readinessWorld({ topics: { exclude: ['scratch.*'] } });
    w.blue.topic('orders', 12, 3, ORDERS).topic('__consumer_offsets', 50, 3).topic('scratch.x', 1, 1);
    w.green.topic('orders', 12, 3, ORDERS);

    // Act
    const outcome = await checkTopics(w.ports, w.plan);

    // Assess
    expect(outcome.rows).toEqual([{ check: 'topics', status: 'ok', details: '1 of 1 blue topics match on green' }]);
    expect(outcome.actions).toEqual([]);
  });

  it('warns about a higher replication factor, compression differences and configs it cannot copy or read', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 12, 3, { ...ORDERS, 'message.format.version': '2.8-IV1' }).topic('audit', 3, 3);
    w.green.topic('orders', 12, 4, { ...ORDERS, 'compression.type': 'lz4' }).topic('audit', 3, 3);

    // Act
    const outcome = await checkTopics(w.ports, w.plan);

    // Assess
    expect(outcome.rows.map((r) => [r.check, r.status])).toEqual([
      ['topics', 'ok'],
      ['topics', 'warn'],
      ['topics/orders', 'warn'],
      ['topics/orders', 'warn'],
    ]);
    expect(outcome.rows[1]?.details).toContain('message.format.version');
    expect(outcome.rows[3]?.details).toBe('compression.type: blue zstd, green lz4');
  });

  it('warns when a broker cannot describe configs', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 12, 3, ORDERS);
    w.green.topic('orders', 12, 3);
    w.green.can.describeConfigs = false;

    // Act
    const outcome = await checkTopics(w.ports, w.plan);

    // Assess
    expect(outcome.rows.at(-1)).toMatchObject({ status: 'warn', details: 'configs not compared: the green broker cannot describe configs' });
  });

  it('fails on a missing topic, other partition counts, lower replication and data-bearing configs, each listed', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 12, 3, ORDERS).topic('payments', 6, 3, { 'cleanup.policy': 'compact' }).topic('refunds', 3, 3);
    w.green.topic('orders', 6, 2, { ...ORDERS, 'retention.ms': '86400000', 'max.message.bytes': '1048588' }).topic('refunds', 3, 3);

    // Act
    const outcome = await checkTopics(w.ports, w.plan);

    // Assess
    expect(outcome.rows.filter((r) => r.status === 'fail').map((r) => `${r.check}: ${r.details}`)).toEqual([
      'topics: 1 of 3 blue topics match on green',
      'topics/orders: partitions: blue 12, green 6 (not changed by --sync: recreate the topic on green while it is empty)',
      'topics/orders: replication factor: blue 3, green 2',
      'topics/orders: max.message.bytes: blue (default), green 1048588',
      'topics/orders: retention.ms: blue 604800000, green 86400000',
      'topics/payments: missing on green (6 partitions on blue)',
    ]);
    expect(outcome.actions.map((a) => a.description)).toEqual([
      'set the topic configs of orders on green as on blue (max.message.bytes, retention.ms)',
      'create payments on green with 6 partitions, replication factor 3, 1 topic configs',
    ]);
  });

  it('sync creates missing topics and aligns configs on green only, and a second pass finds nothing', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 12, 3, { ...ORDERS, 'message.format.version': '2.8-IV1' }).topic('payments', 6, 3, { 'cleanup.policy': 'compact' });
    w.green.topic('orders', 12, 3, { 'retention.ms': '1', 'flush.ms': '10' });

    // Act
    for (const action of (await topicParity(w.blue, w.green, [])).actions) await action.run();
    const again = await topicParity(w.blue, w.green, []);

    // Assess
    expect(again.actions).toEqual([]);
    expect(again.differences).toEqual([]);
    expect(w.green.topics.get('orders')?.configs).toEqual(ORDERS);
    expect(w.green.topics.get('payments')).toEqual({ partitions: 6, replicas: 3, configs: { 'cleanup.policy': 'compact' } });
    expect(w.blue.writes).toEqual([]);
  });
});
