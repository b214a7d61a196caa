import { readFileSync } from 'node:fs';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CloudWatchMetrics } from '../../../../src/aws/cloudwatch-metrics.ts';
import { SfnExecutionInspector } from '../../../../src/aws/sfn-execution-inspector.ts';
import { SsmRoutingStore } from '../../../../src/aws/ssm-routing-store.ts';
import { statusCommand } from '../../../../src/cli/status/status-command.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { CLI_PLAN_YAML } from '../../../support/cli-plan-file.ts';

const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-rollout:orders-92c49b55ae50';
const at = (hhmmss: string) => new Date(`2026-05-04T${hhmmss}Z`);
const notFound = () => Object.assign(new Error('raw'), { name: 'ParameterNotFound' });
const sdkError = (name: string) => Object.assign(new Error(`${name}: raw text`), { name });

const ssmClient = new SSMClient({ region: 'eu-west-1' });
const sfnClient = new SFNClient({ region: 'eu-west-1' });
const cwClient = new CloudWatchClient({ region: 'eu-west-1' });
const ssm = mockClient(ssmClient);
const sfn = mockClient(sfnClient);
const cw = mockClient(cwClient);
/** When `status` runs: a minute after the gate in the history below. */
const NOW = at('10:32:00');

const doc = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    schema: 1,
    migration: 'orders',
    revision: 3,
    phase: 'canary',
    producers: { greenPercent: 50 },
    consumers: { blue: true, green: true },
    updatedAt: '2026-05-04T10:15:00.000Z',
    updatedBy: 'kraft-canary rollout',
    reason: 'stage 2 of 3',
    executionArn: EXECUTION,
    ...overrides,
  });

function parameters(values: Record<string, string>, version = 5) {
  ssm.on(GetParameterCommand).callsFake(async (input: { Name: string }) => {
    const value = values[input.Name.replace('/kraft-canary/orders/', '')];
    if (value === undefined) throw notFound();
    return { Parameter: { Name: input.Name, Value: value, Version: version } };
  });
}

const gateOutput = JSON.stringify({
  plan: {},
  gate: { verdict: 'pass', stageIndex: 1, summary: 'lag 12 of 1000 allowed; error rate 0 of 0.001', reasons: [], measurements: {} },
});

const history: HistoryEvent[] = [
  { id: 40, type: 'TaskStateEntered', timestamp: at('10:31:00'), stateEnteredEventDetails: { name: 'RequestStageApproval' } },
  { id: 39, type: 'ChoiceStateExited', timestamp: at('10:30:59'), stateExitedEventDetails: { name: 'GateVerdict', output: gateOutput } },
  { id: 38, type: 'ChoiceStateEntered', timestamp: at('10:30:59'), stateEnteredEventDetails: { name: 'GateVerdict' } },
  { id: 37, type: 'TaskStateExited', timestamp: at('10:30:58'), stateExitedEventDetails: { name: 'EvaluateGates', output: gateOutput } },
];

async function run(...args: string[]) {
  const io = captureIo('/');
  const load = async (prefix: string) => ({
    routing: new SsmRoutingStore(ssmClient, prefix),
    flags: new SsmRoutingStore(ssmClient, prefix),
    executions: new SfnExecutionInspector(sfnClient),
    metrics: new CloudWatchMetrics(cwClient),
    namespace: 'KraftCanary',
    clock: { now: () => NOW.getTime() },
  });
  const code = await statusCommand(load, {}).run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeEach(() => {
  ssm.reset();
  sfn.reset();
  cw.reset();
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
});

describe('kraft-canary status', () => {
  const runningRollout = () => {
    parameters({ routing: doc(), lock: EXECUTION });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({
        executionArn: EXECUTION,
        stateMachineArn: 'sm',
        name: 'orders-92c49b55ae50',
        status: 'RUNNING',
        startDate: at('10:00:00'),
        input: JSON.stringify({ plan: parseYaml(CLI_PLAN_YAML), requestedBy: 'jo' }),
      })
      .on(GetExecutionHistoryCommand)
      .resolves({ events: history });
  };

  it('a running rollout: document, lock, execution, state, stage and the last gate (golden)', async () => {
    // Prepare
    runningRollout();
    // Act
    const result = await run('orders');
    // Assess
    expect(result).toEqual({ code: 0, out: golden('status-running.stdout.txt'), err: '' });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(EXECUTION);
  });

  it('--json: the same status as one JSON document (golden)', async () => {
    // Prepare
    runningRollout();
    // Act
    const result = await run('orders', '--json');
    // Assess
    expect([result.code, result.err]).toEqual([0, '']);
    expect(JSON.parse(result.out)).toEqual(JSON.parse(golden('status-running.json')));
  });

  it('a rolled-back migration: the marker, a free lock, the last execution from the document (golden)', async () => {
    // Prepare
    parameters({
      routing: doc({
        phase: 'rolled-back',
        producers: { greenPercent: 0 },
        revision: 4,
        updatedBy: 'arn:aws:sts::123456789012:assumed-role/sre/jo',
        reason: 'checkout errors',
      }),
      'rolled-back': JSON.stringify({
        at: '2026-05-04T10:20:00.000Z',
        by: 'arn:aws:sts::123456789012:assumed-role/sre/jo',
        reason: 'checkout errors',
        scenario: 'early-canary',
      }),
    });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({
        executionArn: EXECUTION,
        stateMachineArn: 'sm',
        name: 'n',
        status: 'FAILED',
        error: 'RolloutRolledBack',
        startDate: at('10:00:00'),
        stopDate: at('10:40:00'),
        input: '{}',
      })
      .on(GetExecutionHistoryCommand)
      .resolves({ events: [{ id: 90, type: 'FailStateEntered', timestamp: at('10:40:00'), stateEnteredEventDetails: { name: 'RolloutRolledBack' } }] });
    // Act
    const result = await run('orders', '--prefix', '/kraft-canary');
    // Assess
    expect(result).toEqual({ code: 0, out: golden('status-rolled-back.stdout.txt'), err: '' });
  });

  it('Step Functions refusing is shown as unknown, the SSM part still printed (exit 0)', async () => {
    // Prepare
    parameters({ routing: doc(), lock: EXECUTION });
    sfn.on(DescribeExecutionCommand).rejects(sdkError('AccessDeniedException'));
    // Act
    const result = await run('orders');
    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain(`  execution  unknown (AwsCallError: DescribeExecution failed (AccessDeniedException)): ${EXECUTION}\n`);
    expect(result.out).toContain('  last gate  unknown (no gate result in the recent execution history)\n');
    expect(result.out).not.toContain('raw text');
  });

  describe("the fleet's applied revision (RoutingRevision, GetMetricData)", () => {
    /** "10:30=3 10:31=3": the value of each minute. */
    const series = (id: string, points: string) => {
      const pairs = points.split(' ').map((p) => p.split('='));
      return { Id: id, Timestamps: pairs.map(([t]) => at(`${t}:00`)), Values: pairs.map(([, v]) => Number(v)) };
    };

    it('asks for the per-minute Minimum and Maximum of RoutingRevision per Migration over the last 5 minutes', async () => {
      // Prepare
      parameters({ routing: doc(), lock: EXECUTION });
      // Act
      const result = await run('orders');
      // Assess
      expect(result.out).toContain(
        '  fleet      no client metrics in the last 5 min (RoutingRevision: clients publish it with emitEmfMetrics and the routing watcher)\n',
      );
      const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
      expect({ start: input.StartTime, end: input.EndTime }).toEqual({ start: at('10:27:00'), end: NOW });
      expect(input.MetricDataQueries?.map((q) => [q.MetricStat?.Metric, q.MetricStat?.Stat, q.MetricStat?.Period])).toEqual(
        ['Minimum', 'Maximum'].map((stat) => [
          { Namespace: 'KraftCanary', MetricName: 'RoutingRevision', Dimensions: [{ Name: 'Migration', Value: 'orders' }] },
          stat,
          60,
        ]),
      );
    });

    it.each([
      ['every reporting client on the current revision', '10:30=3 10:31=3', '10:30=3 10:31=3', 'revision 3 applied', 'all have the current revision 3'],
      [
        'a client still on the previous one (older minutes ignored)',
        '10:28=1 10:30=2 10:31=3',
        '10:28=2 10:30=3 10:31=3',
        'revisions 2 to 3 applied',
        'not all have the current revision 3 yet',
      ],
    ])('%s', async (_name, minimums, maximums, range, verdict) => {
      // Prepare: CloudWatch answers per query id (the adapter's q0, q1).
      parameters({ routing: doc(), lock: EXECUTION });
      cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [series('q0', minimums), series('q1', maximums)] });
      const line = `${range} by the reporting clients (newest minute 2026-05-04T10:31:00.000Z): ${verdict}`;
      // Act
      const text = await run('orders');
      const json = await run('orders', '--json');
      // Assess
      expect(text.out).toContain(`  fleet      ${line}\n`);
      const lowest = Number(minimums.split(' ').at(-2)?.split('=')[1]);
      expect(JSON.parse(json.out).fleetRevision).toEqual({
        kind: 'reported',
        lowest,
        highest: 3,
        current: 3,
        upToDate: lowest === 3,
        at: '2026-05-04T10:31:00.000Z',
        windowMinutes: 5,
      });
    });

    it('CloudWatch refusing is shown as unknown without the raw message; the rest is printed (exit 0)', async () => {
      // Prepare
      parameters({ routing: doc(), lock: EXECUTION });
      cw.on(GetMetricDataCommand).rejects(sdkError('AccessDeniedException'));
      // Act
      const result = await run('orders');
      // Assess
      expect(result.code).toBe(0);
      expect(result.out).toContain('  fleet      unknown (AwsCallError: GetMetricData failed (AccessDeniedException))\n');
      expect(result.out).toContain('  routing    canary: 50% of producers on green');
      expect(result.out).not.toContain('raw text');
    });
  });

  it('an unknown migration: one line, exit 1', async () => {
    // Prepare
    parameters({});
    // Act
    const result = await run('payments');
    // Assess
    expect(result).toEqual({
      code: 1,
      out: '',
      err: 'kraft-canary status: no migration payments under /kraft-canary: no routing document, rollback marker or lock\n',
    });
  });

  it('an unreadable routing document is shown as such, exit 1', async () => {
    // Prepare
    parameters({ routing: '{"schema": 1, "hand": "edited"}' });
    // Act
    const result = await run('orders', '--json');
    // Assess
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      found: true,
      routing: null,
      routingProblem: 'version 5 is not a valid routing document (invalid)',
      execution: null,
    });
  });

  it('SSM refusing: one line without the raw message, exit 1', async () => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(sdkError('AccessDeniedException'));
    // Act
    const result = await run('orders');
    // Assess
    expect(result).toEqual({ code: 1, out: '', err: 'kraft-canary status: AwsCallError: GetParameter failed (AccessDeniedException)\n' });
  });

  it.each([[[]], [['Orders!']], [['orders', 'payments']], [['orders', '--bogus']]])('wrong usage %j: one line, exit 2', async (args) => {
    const result = await run(...args);
    expect([result.code, result.out, result.err.split('\n').length]).toEqual([2, '', 2]);
  });
});
