import { describe, expect, it } from 'vitest';
import { checkLambdaTriggers, twinSpec } from '../../../src/readiness/lambda-trigger-parity.ts';
import { BLUE_ARN, GREEN_ARN, readinessWorld } from '../../support/readiness-world.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';
const OTHER_FN = 'arn:aws:lambda:eu-west-1:123456789012:function:audit';
const SCRAM = [{ type: 'SASL_SCRAM_512_AUTH', uri: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_orders' }];

function world() {
  const w = readinessWorld();
  w.triggers.add({
    sourceArn: BLUE_ARN,
    functionArn: FN,
    topics: ['orders'],
    consumerGroupId: 'settle',
    batchSize: 100,
    startingPosition: 'LATEST',
    sourceAccess: SCRAM,
  });
  return w;
}

describe('checkLambdaTriggers', () => {
  it('is ok when every blue trigger has a twin on green, noting twins that wait for the first stage', async () => {
    // Prepare
    const w = world();
    w.triggers.add({
      sourceArn: GREEN_ARN,
      functionArn: FN,
      topics: ['orders'],
      consumerGroupId: 'settle',
      batchSize: 100,
      startingPosition: 'TRIM_HORIZON',
      sourceAccess: SCRAM,
      state: 'Disabled',
    });
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: OTHER_FN, topics: ['audit'] });

    // Act
    const outcome = await checkLambdaTriggers(w.ports, w.plan);

    // Assess
    expect(outcome.rows).toEqual([
      { check: 'triggers', status: 'ok', details: '1 of 1 Lambda triggers on blue have a twin on green' },
      { check: 'triggers/settle-orders', status: 'ok', details: 'twin uuid-2 is Disabled: the rollout enables it at the first stage' },
    ]);
    expect(outcome.declarations).toEqual([{ group: 'settle', source: 'Lambda trigger uuid-2 (Disabled)', active: false }]);
  });

  it('warns about a twin with another batch size, group or authentication', async () => {
    // Prepare
    const w = world();
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: FN, topics: ['orders'], batchSize: 10, startingPosition: 'TRIM_HORIZON', sourceAccess: [] });

    // Act
    const outcome = await checkLambdaTriggers(w.ports, w.plan);

    // Assess
    expect(outcome.rows.slice(1).map((r) => `${r.status}: ${r.details}`)).toEqual([
      'warn: consumer group: blue settle, green uuid-2',
      'warn: batch size: blue 100, green 10',
      `warn: authentication: blue SASL_SCRAM_512_AUTH=${SCRAM[0]?.uri}, green (none)`,
    ]);
  });

  it('fails on a missing twin and on a twin that would start at LATEST', async () => {
    // Prepare
    const w = world();
    w.triggers.add({ sourceArn: BLUE_ARN, functionArn: OTHER_FN, topics: ['audit'] });
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: OTHER_FN, topics: ['audit'], consumerGroupId: 'uuid-2', startingPosition: 'LATEST' });

    // Act
    const outcome = await checkLambdaTriggers(w.ports, w.plan);

    // Assess
    expect(outcome.rows.filter((r) => r.status === 'fail').map((r) => `${r.check}: ${r.details}`)).toEqual([
      'triggers: 1 of 2 Lambda triggers on blue have a twin on green',
      'triggers/settle-orders: no twin on green for orders (group settle)',
      expect.stringMatching(/^triggers\/audit: starts at LATEST on green/),
    ]);
    expect(outcome.actions.map((a) => a.description)).toEqual([
      `create a disabled Lambda trigger for settle-orders on green: orders (group settle), batch size 100, TRIM_HORIZON, auth SASL_SCRAM_512_AUTH=${SCRAM[0]?.uri}`,
    ]);
  });

  it('sync creates each missing twin disabled on green only, and a second pass creates nothing', async () => {
    // Prepare
    const w = world();
    w.triggers.add({ sourceArn: BLUE_ARN, functionArn: OTHER_FN, topics: ['audit'] });

    // Act
    for (const action of (await checkLambdaTriggers(w.ports, w.plan)).actions) await action.run();
    const again = await checkLambdaTriggers(w.ports, w.plan);

    // Assess
    expect(again.actions).toEqual([]);
    expect(w.triggers.writes.map((x) => x.op)).toEqual(['create', 'create']);
    expect(w.triggers.writes.map((x) => x.args)).toEqual([
      expect.objectContaining({ sourceArn: GREEN_ARN, functionArn: FN, consumerGroupId: 'settle', enabled: false, startingPosition: 'TRIM_HORIZON' }),
      // Lambda named blue's group after the mapping: the twin uses that same name on green.
      expect.objectContaining({ sourceArn: GREEN_ARN, functionArn: OTHER_FN, consumerGroupId: 'uuid-2', enabled: false }),
    ]);
  });

  it('reports no triggers as ok', async () => {
    // Prepare
    const w = readinessWorld();

    // Act
    const outcome = await checkLambdaTriggers(w.ports, w.plan);

    // Assess
    expect(outcome.rows).toEqual([{ check: 'triggers', status: 'ok', details: 'no Lambda trigger reads blue' }]);
  });
});

describe('twinSpec', () => {
  it('copies function, topics, group, batching, auth, filters and failure destination', () => {
    // Act
    const spec = twinSpec(
      {
        uuid: 'u',
        state: 'Enabled',
        sourceArn: BLUE_ARN,
        functionArn: FN,
        topics: ['orders'],
        batchSize: 5,
        batchingWindowSeconds: 2,
        sourceAccess: SCRAM,
        filterPatterns: ['{"value":{}}'],
        onFailureDestination: 'arn:aws:sqs:eu-west-1:123456789012:dlq',
      },
      GREEN_ARN,
    );

    // Assess
    expect(spec).toEqual({
      sourceArn: GREEN_ARN,
      functionArn: FN,
      topics: ['orders'],
      consumerGroupId: 'u',
      batchSize: 5,
      batchingWindowSeconds: 2,
      startingPosition: 'TRIM_HORIZON',
      sourceAccess: SCRAM,
      filterPatterns: ['{"value":{}}'],
      onFailureDestination: 'arn:aws:sqs:eu-west-1:123456789012:dlq',
      enabled: false,
    });
  });
});
