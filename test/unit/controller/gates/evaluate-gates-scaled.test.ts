import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../../../src/controller/gates/evaluate-gates.ts';
import { LocalMetrics } from '../../../../src/local/rehearsal/local-metrics.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

/** The rehearsal's metric store at ×100: one 60 s CloudWatch period is 600 ms of its clock. */
const PERIOD_MS = 600;
const BAKE_MS = 20_000;
/** The stage's write, half a minute into a CloudWatch minute, as any instant may be. */
const WRITE = T0 + 30_000;

/**
 * A bake of 20 s on the rehearsal's clock, healthy throughout, right after a backlog of 5,000
 * messages on blue that was gone 5 s before the stage's write (a consumer group forming).
 */
function world() {
  const clock = manualClock(WRITE - 10_000);
  const metrics = new LocalMetrics({ clock, speed: 100, minPeriodMs: 500 });
  const record = (at: number, lag: number) => {
    for (const cluster of ['orders-blue', 'orders-green']) {
      const dimensions = { 'Cluster Name': cluster, 'Consumer Group': 'billing', Topic: 'orders' };
      metrics.record(
        'AWS/Kafka',
        ['SumOffsetLag', 'MaxOffsetLag', 'EstimatedMaxTimeLag'].map((name) => ({ name, value: cluster === 'orders-blue' ? lag : 3, dimensions })),
        at,
      );
      for (const Role of ['producer', 'consumer']) {
        const client = { Migration: 'orders', Cluster: cluster === 'orders-blue' ? 'blue' : 'green', Role };
        metrics.record(
          'KraftCanary',
          [
            { name: 'ClientErrors', value: 0, dimensions: client },
            { name: 'ClientOperations', value: 100, dimensions: client },
          ],
          at,
        );
      }
    }
  };
  record(WRITE - 5_000, 5_000);
  for (let at = WRITE; at <= WRITE + BAKE_MS; at += PERIOD_MS) record(at, 3);
  clock.at = WRITE + BAKE_MS;
  const ports = { metrics, catalog: metrics, namespace: 'KraftCanary', clock, logger: recordingLogger() };
  return { ports };
}

const input = { plan: planInput(), stageIndex: 0, windowStart: new Date(WRITE).toISOString(), executionArn: EXECUTION_ARN };

describe('evaluateGates on a metric store with scaled periods', () => {
  it('judges the bake on the store periods: what came 5 s before the stage is not in its window', async () => {
    // Prepare
    const { ports } = world();

    // Act
    const out = await evaluateGates({ ...ports, metricTiming: { periodMs: PERIOD_MS, publicationDelayPeriods: 0 } })(input);

    // Assess
    expect(out.verdict).toBe('pass');
    expect(out.measurements.lag).toContainEqual({ cluster: 'blue', group: 'billing', max: 3, growth: 0 });
  });

  it('on CloudWatch periods the same store would charge the backlog to the stage', async () => {
    // Prepare
    const { ports } = world();

    // Act
    const out = await evaluateGates(ports)(input);

    // Assess
    expect(out.verdict).toBe('fail');
    expect(out.reasons.join('; ')).toContain('lag of billing on blue reached 5000');
  });
});
