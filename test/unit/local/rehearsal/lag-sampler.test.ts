import { describe, expect, it } from 'vitest';
import { LagSampler, lagOf } from '../../../../src/local/rehearsal/lag-sampler.ts';
import { LocalMetrics } from '../../../../src/local/rehearsal/local-metrics.ts';
import type { KafkaAdminPort } from '../../../../src/ports/index.ts';

describe('lagOf', () => {
  it.each([
    { name: 'committed partitions', committed: [40, 90], expected: { total: 70, maxPartition: 60 } },
    { name: 'a partition never committed reads from its low watermark', committed: [null, 100], expected: { total: 90, maxPartition: 90 } },
    { name: 'a commit below the low watermark (retention) counts from low', committed: [5, 100], expected: { total: 90, maxPartition: 90 } },
  ])('$name', ({ committed, expected }) => {
    // Prepare
    const offsets = [
      { partition: 0, low: 10, high: 100 },
      { partition: 1, low: 0, high: 100 },
    ];

    // Act
    const lag = lagOf(
      offsets,
      committed.map((c, partition) => ({ partition, committed: c })),
    );

    // Assess
    expect(lag).toEqual(expected);
  });
});

const fakeAdmin = (answer: 'ok' | 'hang' | 'fail'): KafkaAdminPort =>
  ({
    topicOffsets: async () => {
      if (answer === 'hang') return new Promise(() => {});
      if (answer === 'fail') throw new Error('broker down');
      return [{ partition: 0, low: 0, high: 12 }];
    },
    groupOffsets: async () => [{ topic: 't', partition: 0, committed: 10 }],
  }) as unknown as KafkaAdminPort;

function sampler(blue: KafkaAdminPort | null, green: KafkaAdminPort | null) {
  const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 1, minPeriodMs: 1 });
  const lagSampler = new LagSampler({
    admins: () => ({ blue, green }),
    pairs: [{ group: 'g', topic: 't' }],
    clusterNames: { blue: 'b', green: 'gr' },
    metrics,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    timeoutMs: 20,
  });
  return { metrics, lagSampler };
}

describe('LagSampler', () => {
  it('measures both clusters and publishes MSK lag and health metrics', async () => {
    // Prepare
    const { metrics, lagSampler } = sampler(fakeAdmin('ok'), fakeAdmin('ok'));

    // Act
    const lag = await lagSampler.sample(5);
    const read = await metrics.read(
      [
        {
          id: 'lag',
          namespace: 'AWS/Kafka',
          metricName: 'MaxOffsetLag',
          dimensions: { 'Cluster Name': 'gr', 'Consumer Group': 'g', Topic: 't' },
          stat: 'Maximum',
          periodSeconds: 1,
        },
      ],
      0,
      10,
    );

    // Assess
    expect(lag).toEqual({ blue: { total: 2, maxPartition: 2 }, green: { total: 2, maxPartition: 2 } });
    expect(read).toEqual({ lag: [{ at: 0, value: 2 }] });
    expect(await metrics.dimensionSets('AWS/Kafka', 'ActiveControllerCount', {})).toEqual([{ 'Cluster Name': 'b' }, { 'Cluster Name': 'gr' }]);
  });

  it('reads a cluster that fails, hangs or is stopped as unreachable and publishes nothing for it', async () => {
    // Prepare
    const { metrics, lagSampler } = sampler(fakeAdmin('fail'), fakeAdmin('hang'));
    const stopped = sampler(null, fakeAdmin('ok')).lagSampler;

    // Act
    const lag = await lagSampler.sample(5);
    const again = await lagSampler.sample(6);
    const withStopped = await stopped.sample(5);

    // Assess
    expect(lag).toEqual({ blue: null, green: null });
    expect(again).toEqual({ blue: null, green: null });
    expect(withStopped.blue).toBeNull();
    expect(await metrics.dimensionSets('AWS/Kafka', 'MaxOffsetLag', {})).toEqual([]);
  });
});
