import { readFileSync } from 'node:fs';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionControl } from '../../../../src/aws/sfn-execution-control.ts';
import { SfnExecutionInspector } from '../../../../src/aws/sfn-execution-inspector.ts';
import { startCommand } from '../../../../src/cli/start/start-command.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { cliPlanDir } from '../../../support/cli-plan-file.ts';

const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:kraft-canary-rollout';
const NAME = 'orders-92c49b55ae50';
const EXECUTION = `arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-rollout:${NAME}`;
const OPERATOR = 'arn:aws:sts::123456789012:assumed-role/sre/jo';
const sdkError = (name: string) => Object.assign(new Error(`${name}: raw text`), { name });

const client = new SFNClient({ region: 'eu-west-1' });
const sfn = mockClient(client);
let loads: string[];

async function run(args: string[], env: Record<string, string> = { KRAFT_CANARY_STATE_MACHINE_ARN: SM }, dir = cliPlanDir()) {
  const io = captureIo(dir);
  const load = async (arn: string) => {
    loads.push(arn);
    return { executions: new SfnExecutionControl(client), inspector: new SfnExecutionInspector(client), whoAmI: async () => OPERATOR };
  };
  const code = await startCommand(load, env).run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const running = { executionArn: EXECUTION, name: NAME, status: 'RUNNING' as const, startDate: new Date('2026-05-04T10:00:00Z'), stateMachineArn: SM };

beforeEach(() => {
  sfn.reset();
  loads = [];
});

describe('kraft-canary start', () => {
  it('starts the plan under a name from its hash, with the plan as written and the caller', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejects(sdkError('ExecutionDoesNotExist'))
      .on(StartExecutionCommand)
      .resolves({ executionArn: EXECUTION, startDate: new Date() });
    // Act
    const result = await run(['--plan', 'plan.yml']);
    // Assess
    expect(result).toEqual({ code: 0, out: golden('start-started.stdout.txt'), err: '' });
    const call = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect([call.stateMachineArn, call.name]).toEqual([SM, NAME]);
    const input = JSON.parse(call.input!);
    expect(input).toEqual({
      plan: expect.objectContaining({ migration: 'orders', drain: { stableFor: '2m', timeout: '1h', pollEvery: '1m' } }),
      requestedBy: OPERATOR,
    });
    expect(loads).toEqual([SM]);
  });

  it('a repeat reports the running execution and starts nothing (idempotent)', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves(running);
    // Act
    const result = await run(['--plan', 'plan.yml']);
    // Assess
    expect(result).toEqual({ code: 0, out: golden('start-already-running.stdout.txt'), err: '' });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('a start that loses the race to another reports the winner (ExecutionAlreadyExists)', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejectsOnce(sdkError('ExecutionDoesNotExist'))
      .resolves(running)
      .on(StartExecutionCommand)
      .rejects(sdkError('ExecutionAlreadyExists'));
    // Act
    const result = await run(['--plan', 'plan.yml', '--json']);
    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ok: true, outcome: 'already-started', executionArn: EXECUTION, execution: { status: 'RUNNING' } });
  });

  it('an ended execution of the same plan is reported with the way to run it again', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ ...running, status: 'FAILED', error: 'RolloutHeld', cause: 'gates inconclusive', stopDate: new Date('2026-05-04T11:00:00Z') });
    // Act
    const result = await run(['--plan', 'plan.yml']);
    // Assess
    expect(result).toEqual({ code: 0, out: golden('start-already-ended.stdout.txt'), err: '' });
    expect(result.out).not.toContain('gates inconclusive');
  });

  it('--attempt 2, --requested-by and --acknowledge-rollback shape the name and the input', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejects(sdkError('ExecutionDoesNotExist'))
      .on(StartExecutionCommand)
      .resolves({ executionArn: `${EXECUTION}-a2`, startDate: new Date() });
    // Act
    const result = await run(['--plan', 'plan.yml', '--attempt', '2', '--requested-by', 'jo', '--acknowledge-rollback', '--state-machine-arn', SM], {});
    // Assess
    expect(result.code).toBe(0);
    const call = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(call.name).toBe(`${NAME}-a2`);
    expect(JSON.parse(call.input!)).toMatchObject({ requestedBy: 'jo', acknowledgeRollback: true });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(`${EXECUTION}-a2`);
  });

  it.each([
    ['finish-rollback', 'orders-finish-92c49b55ae50'],
    ['decommission', 'orders-decommission-92c49b55ae50'],
  ])('--entry %s: its own execution name, the entry in the input, no acknowledgement', async (entry, name) => {
    // Prepare
    const arn = EXECUTION.replace(NAME, name);
    sfn
      .on(DescribeExecutionCommand)
      .rejects(sdkError('ExecutionDoesNotExist'))
      .on(StartExecutionCommand)
      .resolves({ executionArn: arn, startDate: new Date() });
    // Act
    const result = await run(['--plan', 'plan.yml', '--entry', entry]);
    // Assess
    expect(result).toEqual({
      code: 0,
      out: `orders: started the ${entry} entry: ${arn}\nRequested by ${OPERATOR}. Follow it with: kraft-canary status orders\n`,
      err: '',
    });
    const call = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(call.name).toBe(name);
    expect(JSON.parse(call.input!)).toEqual({ plan: expect.objectContaining({ migration: 'orders' }), requestedBy: OPERATOR, entry });
  });

  it('--entry rollout is the default: the same name and input as without it', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejects(sdkError('ExecutionDoesNotExist'))
      .on(StartExecutionCommand)
      .resolves({ executionArn: EXECUTION, startDate: new Date() });
    // Act
    const result = await run(['--plan', 'plan.yml', '--entry', 'rollout', '--json']);
    // Assess
    const call = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect([result.code, call.name, JSON.parse(call.input!).entry]).toEqual([0, NAME, undefined]);
    expect(JSON.parse(result.out)).toMatchObject({ entry: 'rollout', executionName: NAME });
  });

  it('--json: the started execution as one JSON document', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejects(sdkError('ExecutionDoesNotExist'))
      .on(StartExecutionCommand)
      .resolves({ executionArn: EXECUTION, startDate: new Date() });
    // Act
    const result = await run(['--plan', 'plan.yml', '--json']);
    // Assess
    expect([result.code, result.err]).toEqual([0, '']);
    expect(JSON.parse(result.out)).toEqual(JSON.parse(golden('start-started.json')));
  });

  it('without a state machine ARN: one clear line, exit 2, nothing called', async () => {
    // Act
    const result = await run(['--plan', 'plan.yml'], {});
    // Assess
    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'kraft-canary start: no state machine: pass --state-machine-arn <arn> or set KRAFT_CANARY_STATE_MACHINE_ARN\n',
    });
    expect(loads).toEqual([]);
  });

  it('an unreadable plan: one clear line, exit 1; with --json on stdout', async () => {
    // Act
    const text = await run(['--plan', 'missing.yml']);
    const json = await run(['--plan', 'missing.yml', '--json']);
    // Assess
    expect(text).toEqual({ code: 1, out: '', err: 'kraft-canary start: cannot read missing.yml: no such file\n' });
    expect([json.code, JSON.parse(json.out)]).toEqual([1, { ok: false, error: 'unreadable-plan', file: 'missing.yml', message: 'no such file' }]);
    expect(sfn.calls()).toEqual([]);
  });

  it('an invalid plan: every problem, exit 2, nothing started', async () => {
    // Prepare
    const dir = cliPlanDir({ 'bad.yml': 'migration: Orders!\n' });
    // Act
    const result = await run(['--plan', 'bad.yml'], undefined, dir);
    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^kraft-canary start: bad\.yml: plan has \d+ errors\n {2}clusters: /);
    expect(result.err).toContain('  migration: ');
    expect(sfn.calls()).toEqual([]);
  });

  it.each([
    { args: [], line: '--plan <file> is required' },
    { args: ['--plan', 'plan.yml', 'extra'], line: 'unexpected argument "extra"' },
    { args: ['--plan', 'plan.yml', '--bogus'], line: "Unknown option '--bogus'" },
    { args: ['--plan', 'plan.yml', '--state-machine-arn', 'rollout'], line: 'not a state machine ARN: rollout' },
    { args: ['--plan', 'plan.yml', '--attempt', '0'], line: '--attempt must be a whole number from 1 to 99' },
    { args: ['--plan', 'plan.yml', '--requested-by', ' '], line: '--requested-by must be 1 to 256 characters' },
    { args: ['--plan', 'plan.yml', '--entry', 'teardown'], line: '--entry must be one of rollout, finish-rollback, decommission, not "teardown"' },
    { args: ['--plan', 'plan.yml', '--entry'], line: "Option '--entry <value>' argument missing" },
    {
      args: ['--plan', 'plan.yml', '--entry', 'finish-rollback', '--acknowledge-rollback'],
      line: '--acknowledge-rollback applies to the rollout entry only (finish-rollback needs no acknowledgement)',
    },
  ])('wrong usage $args: one line, exit 2', async ({ args, line }) => {
    expect(await run(args)).toEqual({ code: 2, out: '', err: `kraft-canary start: ${line}\n` });
  });

  it('an AWS refusal: one line with the operation and error name, exit 1', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(sdkError('ExecutionDoesNotExist')).on(StartExecutionCommand).rejects(sdkError('AccessDeniedException'));
    // Act
    const result = await run(['--plan', 'plan.yml']);
    // Assess
    expect(result).toEqual({ code: 1, out: '', err: 'kraft-canary start: AwsCallError: StartExecution failed (AccessDeniedException)\n' });
  });
});
