/**
 * Measures the cold path of the Slack interactions function with its real bundle: the zip
 * `npm run package` wrote (.serverless/slackInteractions.zip), unpacked and loaded by a fresh
 * Node process per run, with the function's own environment from the packaged template
 * (NODE_OPTIONS included). AWS is a local stand-in (AWS_ENDPOINT_URL) that answers SSM and
 * Lambda with a fixed delay per call, so the printed times are the function's own: module
 * initialisation, then one signed "Approve" click until the HTTP answer, then a warm click.
 * Slack wants the answer within 3 seconds. Nothing leaves the machine: both clicks are
 * accepted, so no reply goes to Slack's response_url. Prints one JSON line.
 *
 * Run: scripts/with-node.sh scripts/measure-slack-cold-start.ts [--runs 5] [--latency-ms 20]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ZIP = join(ROOT, '.serverless/slackInteractions.zip');
const TEMPLATE = join(ROOT, '.serverless/cloudformation-template-update-stack.json');
const SIGNING_SECRET = 'measure-signing-secret';
const APPROVAL_IDS = ['a1b2c3d4e5f60718293a', 'b1b2c3d4e5f60718293b'];
const USER = 'U0MEASURE';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'latency-ms': { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const latencyMs = Number(values['latency-ms']);

interface Template {
  Resources: Record<string, { Properties: { Environment?: { Variables?: Record<string, unknown> }; Handler?: string } }>;
}

/** The function's environment as deployed; CloudFormation references become plausible values. */
function functionEnvironment(): Record<string, string> {
  const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Template;
  const variables = template.Resources.SlackInteractionsLambdaFunction?.Properties.Environment?.Variables ?? {};
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    env[name] = typeof value === 'string' ? value : 'arn:aws:states:eu-west-1:111122223333:stateMachine:measure';
  }
  return env;
}

function approvalRecord(migration: string, approvalId: string): string {
  const now = Date.now();
  return JSON.stringify({
    approvalId,
    migration,
    kind: 'stage',
    stageIndex: 1,
    fromPercent: 20,
    toPercent: 50,
    executionArn: 'arn:aws:states:eu-west-1:111122223333:execution:measure:run-1',
    channel: 'C0MEASURE',
    approvers: { users: [USER] },
    taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAA==',
    createdAt: now,
    expiresAt: now + 86_400_000,
    onTimeout: 'hold',
  });
}

/** SSM (JSON 1.1, X-Amz-Target) and Lambda Invoke, just enough for one accepted click. */
function fakeAws(migration: string, calls: string[]) {
  const claimed = new Set<string>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
      const input = (body === '' ? {} : JSON.parse(body)) as { Name?: string };
      calls.push(`${target.replace('AmazonSSM.', 'ssm:')} ${input.Name ?? ''}`.trim());
      setTimeout(() => {
        if (req.url?.includes('/invocations')) return json(res, 202, {});
        const name = input.Name ?? '';
        if (target.endsWith('GetParameter')) {
          if (name.endsWith('/signing-secret')) return json(res, 200, { Parameter: { Name: name, Value: SIGNING_SECRET, Version: 1 } });
          const record = APPROVAL_IDS.find((id) => name.endsWith(`/approvals/${id}`));
          if (record !== undefined) return json(res, 200, { Parameter: { Name: name, Value: approvalRecord(migration, record), Version: 1 } });
          return json(res, 400, { __type: 'ParameterNotFound', message: 'not found' });
        }
        if (target.endsWith('PutParameter')) {
          if (claimed.has(name)) return json(res, 400, { __type: 'ParameterAlreadyExists', message: 'exists' });
          claimed.add(name);
          return json(res, 200, { Version: 1 });
        }
        return json(res, 400, { __type: 'ValidationException', message: `not faked: ${target}` });
      }, latencyMs);
    });
  });
}

/** A click on Approve of one approval (the cold and the warm click decide different ones). */
function signedClick(migration: string, approvalId: string, atMs: number) {
  const payload = {
    type: 'block_actions',
    user: { id: USER, username: 'measure', team_id: 'T0MEASURE' },
    api_app_id: 'A0KRAFT',
    response_url: 'https://hooks.slack.com/actions/T0MEASURE/1/measure',
    actions: [{ type: 'button', action_id: 'kraft-canary-approve', block_id: `kraft-canary-approval:${migration}`, value: `${approvalId}:approve` }],
    message: { text: 'Approval needed', blocks: [] },
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = Math.floor(atMs / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: 'POST /slack/interactions',
    headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/slack/interactions' } },
  };
}

/** Runs in the child: load the bundle (init), answer one click (cold), answer another (warm). */
const CHILD = `
const { performance } = require('node:perf_hooks');
const [bundle, cold, warm] = JSON.parse(process.env.MEASURE_INPUT);
const t0 = performance.now();
const mod = require(bundle);
const initMs = performance.now() - t0;
(async () => {
  const t1 = performance.now();
  const first = await mod.handler(cold, {});
  const coldMs = performance.now() - t1;
  process.stdout.write('ANSWERED\\n');
  const t2 = performance.now();
  const second = await mod.handler(warm, {});
  const warmMs = performance.now() - t2;
  process.stdout.write(JSON.stringify({ initMs, coldMs, warmMs, status: [first && first.statusCode, second && second.statusCode] }) + '\\n');
})();
`;

async function oneRun(dir: string, env: Record<string, string>, endpoint: string, migration: string, calls: string[]) {
  const bundle = join(dir, 'functions/slack-interactions.js');
  const input = JSON.stringify([
    bundle,
    signedClick(migration, APPROVAL_IDS[0] as string, Date.now()),
    signedClick(migration, APPROVAL_IDS[1] as string, Date.now()),
  ]);
  const child = spawn(process.execPath, ['-e', CHILD], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'measure',
      AWS_SECRET_ACCESS_KEY: 'measure',
      AWS_ENDPOINT_URL: endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'slackInteractions',
      MEASURE_INPUT: input,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let beforeAnswer = -1;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (beforeAnswer < 0 && out.includes('ANSWERED')) beforeAnswer = calls.length;
  });
  await new Promise((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(line) as { initMs: number; coldMs: number; warmMs: number; status: number[] }), callsBeforeAnswer: calls.slice(0, beforeAnswer) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kraft-canary-slack-bundle-'));
  try {
    execFileSync('unzip', ['-q', ZIP, '-d', dir]);
    const env = functionEnvironment();
    const migration = 'measure';
    const measured = [];
    for (let i = 0; i < runs; i += 1) {
      const calls: string[] = [];
      const server = fakeAws(migration, calls);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      measured.push(await oneRun(dir, env, `http://127.0.0.1:${port}`, migration, calls));
      await new Promise((resolve) => server.close(resolve));
    }
    const files = execFileSync('unzip', ['-Z1', ZIP], { encoding: 'utf8' }).trim().split('\n');
    process.stdout.write(
      `${JSON.stringify({
        bundle: { zipBytes: statSync(ZIP).size, files, nodeOptions: env.NODE_OPTIONS ?? '' },
        runs,
        awsLatencyMsPerCall: latencyMs,
        initMs: round(median(measured.map((m) => m.initMs))),
        coldAnswerMs: round(median(measured.map((m) => m.coldMs))),
        warmAnswerMs: round(median(measured.map((m) => m.warmMs))),
        status: measured[0]?.status,
        callsBeforeColdAnswer: measured[0]?.callsBeforeAnswer,
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
