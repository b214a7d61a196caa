import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routingParameterName, serializeRoutingDocument } from '@kraft-canary/client/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';
import { FakeSsmEndpoint } from '../../support/fakes/fake-ssm-endpoint.ts';
import {
  footprint,
  installedPackages,
  installInto,
  type NodeBinary,
  nodeBinaries,
  type Packed,
  packBoth,
  REPO,
  runWith,
  runWithAsync,
} from '../../support/install-project.ts';
import { routingDoc } from '../../support/routing-docs.ts';

/** Budgets of the client package (docs/client.md, "Install"). */
const CLIENT_TARBALL_MAX_BYTES = 80 * 1024;
const CLIENT_OWN_INSTALL_MAX_BYTES = 1024 * 1024;
const EXAMPLE = 'examples/client-smoke.mjs';

const PEERS = ['kafkajs@2.2.4', '@aws-sdk/client-ssm@3'];

let packed: Packed;
let service: string;
let operator: string;
let nodes: NodeBinary[];
const node22 = () => nodes.find((node) => node.label === 'node22') as NodeBinary;

/** The fenced block that follows `<!-- client-smoke.mjs -->` in a Markdown file. */
function exampleIn(markdown: string): string {
  const after = markdown.split('<!-- client-smoke.mjs -->')[1] ?? '';
  return after.slice(after.indexOf('\n', after.indexOf('```')) + 1, after.indexOf('\n```', after.indexOf('```') + 3) + 1);
}

beforeAll(() => {
  packed = packBoth();
  service = installInto([packed.client, ...PEERS], 'service');
  operator = installInto([packed.client, packed.controller], 'operator');
  nodes = nodeBinaries();
}, 600_000);

describe('@kraft-canary/client installed from its tarball', () => {
  it('stays within its size budget and brings no dependency of its own', () => {
    // Prepare: npm installs the required peer (kafkajs) too; it is the service's, not the client's.
    const clientOnly = installInto([packed.client], 'client-only');
    const own = installedPackages(clientOnly).filter((path) => path !== 'node_modules/kafkajs');
    // Act
    const figures = {
      clientTarballBytes: statSync(packed.client).size,
      controllerTarballBytes: statSync(packed.controller).size,
      clientOwnInstallBytes: own.reduce((sum, path) => sum + footprint(join(clientOnly, path)), 0),
      clientOwnPackages: own.length,
      clientWithKafkajsBytes: footprint(join(clientOnly, 'node_modules')),
      clientWithAllPeersBytes: footprint(join(service, 'node_modules')),
      clientWithAllPeersPackages: installedPackages(service).length,
    };
    console.log(`install figures: ${JSON.stringify(figures)}`);
    // Assess
    expect(figures.clientTarballBytes).toBeLessThanOrEqual(CLIENT_TARBALL_MAX_BYTES);
    expect(figures.clientOwnInstallBytes).toBeLessThanOrEqual(CLIENT_OWN_INSTALL_MAX_BYTES);
    expect(own).toEqual(['node_modules/@kraft-canary/client']);
  });

  it('packs only its build, README and CHANGELOG', () => {
    const files = runWith(node22(), 'tar', ['tzf', packed.client], REPO).stdout.trim().split('\n');
    expect(files.filter((file) => !/^package\/(dist\/.+\.(js|d\.ts|json)|README\.md|CHANGELOG\.md|package\.json)$/.test(file))).toEqual([]);
  });

  it('is imported from ESM and from CommonJS on every Node.js here', () => {
    // Prepare
    const check = `const [main, contract, ssm] = MODULES;
      const ok = typeof main.CanaryProducer === 'function' && typeof main.CanaryConsumer === 'function' &&
        typeof main.RoutingWatcher === 'function' && typeof contract.judgeRoutingText === 'function' &&
        typeof ssm.SsmRoutingSource === 'function' && contract.bucketOf('orders-move', 'i-1') === main.bucketOf('orders-move', 'i-1');
      console.log(ok ? 'ok' : 'missing exports');`;
    writeFileSync(
      join(service, 'esm.mjs'),
      `const MODULES = await Promise.all(['@kraft-canary/client', '@kraft-canary/client/contract', '@kraft-canary/client/ssm'].map((m) => import(m)));\n${check}`,
    );
    writeFileSync(
      join(service, 'cjs.cjs'),
      `const MODULES = ['@kraft-canary/client', '@kraft-canary/client/contract', '@kraft-canary/client/ssm'].map((m) => require(m));\n${check}`,
    );
    // Act
    const matrix = nodes.flatMap((node) =>
      ['esm.mjs', 'cjs.cjs'].map((file) => {
        const run = runWith(node, node.path, [file], service);
        return { node: `${node.label} ${node.version}`, file, result: `${run.stdout.trim()}${run.stderr.trim()}` };
      }),
    );
    console.log(`module matrix: ${JSON.stringify(matrix)}`);
    // Assess
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(matrix.every((row) => row.result === 'ok')).toBe(true);
  });

  it('without kafkajs, names the package to install; the contract entry point needs none', () => {
    // Prepare: --legacy-peer-deps installs no peer, as a service that forgot kafkajs would have it.
    const bare = installInto([packed.client, '--legacy-peer-deps'], 'no-peers');
    writeFileSync(join(bare, 'main.mjs'), "await import('@kraft-canary/client');\n");
    writeFileSync(join(bare, 'main.cjs'), "require('@kraft-canary/client');\n");
    writeFileSync(join(bare, 'contract.mjs'), "const c = await import('@kraft-canary/client/contract'); console.log(c.bucketOf('m', 'u'));\n");
    // Act
    const esm = runWith(node22(), node22().path, ['main.mjs'], bare);
    const cjs = runWith(node22(), node22().path, ['main.cjs'], bare);
    const contract = runWith(node22(), node22().path, ['contract.mjs'], bare);
    rmSync(bare, { recursive: true, force: true });
    // Assess
    expect(esm.status).toBe(1);
    expect(esm.stderr).toContain("Cannot find package 'kafkajs'");
    expect(cjs.status).toBe(1);
    expect(cjs.stderr).toContain("Cannot find module 'kafkajs'");
    expect(contract.stdout.trim()).toMatch(/^\d+$/);
  });

  it('has types that resolve under node16 (ESM and CJS) and bundler resolution', () => {
    const run = runWith(node22(), join(REPO, 'node_modules/.bin/attw'), [packed.client, '--profile', 'node16', '--format', 'json'], REPO);
    const report = JSON.parse(run.stdout) as { analysis: { problems: { resolutionKind?: string }[] } };
    // node10 (TypeScript's pre-`exports` resolution) cannot see subpath entry points; the profile ignores it.
    expect(report.analysis.problems.filter((problem) => problem.resolutionKind !== 'node10')).toEqual([]);
  });

  it('runs the README example: a service that follows a routing switch, with 0 messages lost', async () => {
    // Prepare
    const example = readFileSync(join(REPO, EXAMPLE), 'utf8');
    expect(exampleIn(readFileSync(join(REPO, 'docs/client.md'), 'utf8'))).toBe(example);
    expect(exampleIn(readFileSync(join(REPO, 'README.md'), 'utf8'))).toBe(example);
    writeFileSync(join(service, 'client-smoke.mjs'), example);
    const topics = [{ name: 'kraft-canary-smoke', partitions: 3 }];
    const [blue, green] = await Promise.all([MockKafkaCluster.start({ topics }), MockKafkaCluster.start({ topics })]);
    const ssm = await FakeSsmEndpoint.start();
    const parameter = routingParameterName('/kraft-canary', 'orders-move');
    const text = (doc: ReturnType<typeof routingDoc>) => (serializeRoutingDocument(doc) as { ok: true; value: string }).value;
    ssm.put(parameter, text(routingDoc(1, 0, { blue: true, green: false })));
    try {
      // Act: the service's first read sees all traffic on blue; the next poll sees the cutover.
      const env = {
        MIGRATION: 'orders-move',
        BLUE_BROKERS: blue.bootstrap.join(','),
        GREEN_BROKERS: green.bootstrap.join(','),
        SMOKE_COUNT: '150',
        AWS_ENDPOINT_URL_SSM: ssm.url,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      };
      const system = nodes[0] as NodeBinary;
      const running = runWithAsync(system, system.path, ['client-smoke.mjs'], service, env);
      await ssm.readsReached(1);
      ssm.put(parameter, text(routingDoc(2, 100, { blue: true, green: true })));
      const run = await running;
      // Assess
      const line = run.stdout.split('\n').find((l) => l.startsWith('kraft-canary smoke ')) ?? '';
      const summary = JSON.parse(line.slice('kraft-canary smoke '.length) || '{}') as Record<string, number>;
      console.log(`example on ${system.label} ${system.version}: ${JSON.stringify(summary)}`);
      expect(run.status, run.stderr).toBe(0);
      expect(summary).toMatchObject({ sent: 150, received: 150, lost: 0 });
      expect(summary.blue).toBeGreaterThan(0);
      expect(summary.green).toBeGreaterThan(0);
    } finally {
      await Promise.all([ssm.stop(), blue.stop(), green.stop()]);
    }
  }, 240_000);
});

describe('kraft-canary installed from its tarball', () => {
  it('runs --help and plan validate', () => {
    const help = runWith(node22(), 'npx', ['kraft-canary', '--help'], operator);
    const plan = runWith(node22(), 'npx', ['kraft-canary', 'plan', 'validate', 'node_modules/kraft-canary/examples/plan.yml'], operator);
    expect(help.stdout).toMatch(/^Usage: kraft-canary <command>/);
    expect(help.status).toBe(0);
    expect(plan.stdout).toMatch(/^ok\n/);
    expect(plan.status).toBe(0);
  });

  it('says in one line what to install when the optional local broker is missing', () => {
    const run = runWith(node22(), 'npx', ['kraft-canary', 'rehearse'], operator);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('kraft-canary rehearse: the local Kafka broker needs the optional package koffi; install it with: npm install koffi\n');
  });

  it('names the Node.js it needs on an older one', () => {
    const older = nodes.find((node) => Number(node.version.slice(1).split('.')[0]) < 22) as NodeBinary;
    expect(older, 'scripts/setup.sh provisions Node.js 18 in .tools/node18').toBeDefined();
    const run = runWith(older, 'npx', ['kraft-canary', '--help'], operator);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`kraft-canary needs Node.js >= 22.12 (found ${older.version.slice(1)})\n`);
  });
});

afterAll(() => {
  for (const dir of [packed?.dir, service, operator]) if (dir) rmSync(dir, { recursive: true, force: true });
});
