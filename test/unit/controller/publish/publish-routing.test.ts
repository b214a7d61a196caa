import { systemClock } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { PUBLISH_METRICS, publishRouting } from '../../../../src/controller/publish/publish-routing.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { FakeControlTopic } from '../../../support/fakes/fake-control-topic.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { docText, MIGRATION, routingDoc } from '../../../support/routing-docs.ts';

function setup() {
  const routing = new MemoryRoutingStore();
  const control = new FakeControlTopic();
  const metrics = new MemoryMetrics();
  const logger = recordingLogger();
  const publish = publishRouting({ routing, control, metrics, namespace: 'KraftCanary', logger, clock: systemClock });
  return { routing, control, metrics, logger, publish };
}

describe('publishRouting', () => {
  it('writes the exact stored text to blue and green, keyed by the migration', async () => {
    // Prepare
    const { routing, control, metrics, publish } = setup();
    const text = ` ${docText(routingDoc(4, 20, { blue: true, green: true }))}\n`;
    routing.writeText(MIGRATION, text);
    // Act
    const outcome = await publish({ migration: MIGRATION, trigger: 'change' });
    // Assess
    expect(outcome).toEqual({ revision: 4, published: ['blue', 'green'], failed: [] });
    expect(control.records).toEqual([
      { cluster: 'blue', key: MIGRATION, value: text },
      { cluster: 'green', key: MIGRATION, value: text },
    ]);
    expect(metrics.puts.map((p) => [p.name, p.dimensions.Cluster])).toEqual([
      [PUBLISH_METRICS.published, 'blue'],
      [PUBLISH_METRICS.published, 'green'],
    ]);
  });

  it('reports a failing cluster as a metric and a log line, and still publishes to the other', async () => {
    // Prepare
    const { routing, control, metrics, logger, publish } = setup();
    await routing.write(MIGRATION, routingDoc(5, 0, { blue: true, green: true }, { rolledBack: true }));
    control.failing.add('green');
    // Act
    const outcome = await publish({ migration: MIGRATION, trigger: 'schedule' });
    // Assess
    expect(outcome).toEqual({ revision: 5, published: ['blue'], failed: ['green'] });
    expect(control.records.map((r) => r.cluster)).toEqual(['blue']);
    expect(metrics.puts.find((p) => p.dimensions.Cluster === 'green')).toMatchObject({ name: PUBLISH_METRICS.failures, value: 1 });
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'routing publish failed',
        fields: { migration: MIGRATION, trigger: 'schedule', revision: 5, cluster: 'green', errorName: 'ControlPublishError' },
      },
    ]);
  });

  it('does not wait for a hung cluster before the other is written', async () => {
    // Prepare
    const { routing, control, publish } = setup();
    await routing.write(MIGRATION, routingDoc(6, 0, { blue: true, green: true }, { rolledBack: true }));
    control.hanging.add('green');
    // Act
    const pending = publish({ migration: MIGRATION, trigger: 'change' });
    await new Promise((resolve) => setImmediate(resolve));
    const beforeRelease = control.records.map((r) => r.cluster);
    control.release();
    await pending;
    // Assess
    expect(beforeRelease).toEqual(['blue']);
  });

  it.each([
    ['no parameter', null],
    ['an invalid document', '{"schema":1'],
    ['a document of another migration', docText(routingDoc(3, 20, { blue: true, green: true }, { migration: 'other-move' }))],
  ])('publishes nothing for %s', async (_, text) => {
    // Prepare
    const { routing, control, logger, publish } = setup();
    if (text !== null) routing.writeText(MIGRATION, text);
    // Act
    const outcome = await publish({ migration: MIGRATION, trigger: 'change' });
    // Assess
    expect(outcome).toEqual({ revision: null, published: [], failed: [] });
    expect(control.records).toEqual([]);
    expect(logger.lines[0]).toMatchObject({ level: 'warn', message: 'routing not published' });
  });

  it('never fails because the metrics could not be written', async () => {
    // Prepare
    const { routing, control, logger } = setup();
    await routing.write(MIGRATION, routingDoc(4, 20, { blue: true, green: true }));
    const metrics = { put: async () => Promise.reject(Object.assign(new Error('x'), { name: 'ThrottlingException' })) };
    // Act
    const outcome = await publishRouting({ routing, control, metrics, namespace: 'KraftCanary', logger, clock: systemClock })({
      migration: MIGRATION,
      trigger: 'change',
    });
    // Assess
    expect(outcome.published).toEqual(['blue', 'green']);
    expect(logger.lines.at(-1)).toMatchObject({ message: 'publish metrics not written', fields: { errorName: 'ThrottlingException' } });
  });
});
