import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation, importsOf } from '../../../scripts/check-layers.ts';

const script = fileURLToPath(new URL('../../../scripts/check-layers.ts', import.meta.url));
let root: string;

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

/** A small tree that follows every rule. */
function cleanTree() {
  write('src/domain/plan.ts', "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nimport { ok } from './result.ts';\n");
  write('src/domain/result.ts', 'export const ok = 1;\n');
  write('src/ports/routing.ts', "import type { Plan } from '../domain/plan.ts';\n");
  write('src/ports/index.ts', "export * from './routing.ts';\n");
  write('src/controller/set-routing.ts', "import type { RoutingStore } from '../ports/index.ts';\nimport { ok } from '../domain/result.ts';\n");
  write('src/aws/ssm-routing-store.ts', "import type { RoutingStore } from '../ports/index.ts';\n");
  write('src/local/rehearsal.ts', "import { setRouting } from '../controller/set-routing.ts';\n");
  write('src/cli/main.ts', "import { rehearse } from '../local/rehearsal.ts';\n");
  write(
    'functions/set-routing.ts',
    "import { setRouting } from '../src/controller/set-routing.ts';\nimport { Store } from '../src/aws/ssm-routing-store.ts';\n",
  );
  write('bin/kraft-canary.js', "const { main } = await import('../src/cli/main.ts');\n");
  write('test/unit/functions/set-routing.test.ts', "import { handler } from '../../../functions/set-routing.ts';\n");
  write('node_modules/x/index.ts', "import '../../functions/set-routing.ts';\n");
  write('src/domain/README.md', "import x from '../aws/nothing.ts'\n");
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'check-layers-'));
  cleanTree();
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('checkLayers', () => {
  it('finds nothing in a tree that follows the rules', () => {
    expect(checkLayers(root)).toEqual([]);
  });

  it('finds nothing when a scanned folder is absent', () => {
    rmSync(join(root, 'bin'), { recursive: true });
    expect(checkLayers(root)).toEqual([]);
  });

  it.each([
    {
      name: 'a controller imports a handler',
      file: 'src/controller/x.ts',
      text: "import { handler } from '../../functions/set-routing.ts';",
      message: 'nothing imports functions/',
    },
    {
      name: 'a handler imports another handler',
      file: 'functions/a.ts',
      text: "export { handler } from './set-routing.ts';",
      message: 'nothing imports functions/',
    },
    { name: 'the domain imports a port', file: 'src/domain/gates.ts', text: "import type { Clock } from '../ports/index.ts';", message: 'src/domain is pure' },
    {
      name: 'the domain imports an adapter, over several lines',
      file: 'src/domain/gates.ts',
      text: "import {\n  a,\n  b,\n} from '../aws/x.ts';",
      message: 'src/domain is pure',
    },
    {
      name: 'ports import an adapter',
      file: 'src/ports/time.ts',
      text: "import type { X } from '../aws/x.ts';",
      message: 'src/ports imports only src/ports, src/domain',
    },
    {
      name: 'a controller imports an AWS adapter',
      file: 'src/controller/y.ts',
      text: "import { S } from '../aws/ssm-routing-store.ts';",
      message: 'through src/ports',
    },
    {
      name: 'the client package imports the controller',
      file: 'packages/client/src/poller.ts',
      text: "import '../../../src/local/memory-routing-store.ts';",
      message: 'only its own sources',
    },
    {
      name: 'the contract imports the producer',
      file: 'packages/client/src/contract/x.ts',
      text: "import { CanaryProducer } from '../canary-producer.ts';",
      message: 'the routing contract is pure',
    },
    {
      name: 'the domain imports the client with kafkajs',
      file: 'src/domain/gates.ts',
      text: "import { CanaryProducer } from '@kraft-canary/client';",
      message: 'src/domain is pure',
    },
    {
      name: 'the controller imports the client by path',
      file: 'src/controller/x.ts',
      text: "import { bucketOf } from '../../packages/client/src/contract/bucket.ts';",
      message: 'by its name',
    },
    {
      name: 'a controller loads Slack lazily',
      file: 'src/controller/z.ts',
      text: "const m = await import('../slack/web-api.ts');",
      message: 'through src/ports',
    },
    { name: 'a controller imports the CLI', file: 'src/controller/z.ts', text: "import { main } from '../cli/main.ts';", message: 'through src/ports' },
    {
      name: 'local imports the CLI',
      file: 'src/local/rehearsal.ts',
      text: "import { main } from '../cli/main.ts';",
      message: 'src/local must not import src/cli',
    },
    { name: 'src imports a test fixture', file: 'src/aws/x.ts', text: "import { plan } from '../../test/support/plan.ts';", message: 'must not import tests' },
  ])('reports $name with file and line', ({ file, text, message }) => {
    // Prepare
    write(file, `// first line\n${text}\n`);
    // Act
    const violations = checkLayers(root);
    // Assess
    expect(violations).toHaveLength(1);
    expect(formatViolation(violations[0]!)).toMatch(new RegExp(`^${file.replace('.', '\\.')}:2: imports \\S+: .*${message}`));
  });
});

describe('checkLayers: import cycles', () => {
  it('reports a cycle of type-only imports between two files once, naming both', () => {
    // Prepare
    write('src/controller/rollback.ts', "import type { Note } from './rollback-notification.ts';\n");
    write('src/controller/rollback-notification.ts', "// first line\nimport type { Request } from './rollback.ts';\n");
    // Act
    const violations = checkLayers(root);
    // Assess
    expect(violations.map(formatViolation)).toEqual([
      'src/controller/rollback-notification.ts:2: imports ./rollback.ts: import cycle between files src/controller/rollback-notification.ts ↔ src/controller/rollback.ts',
    ]);
  });

  it('reports a cycle through three files as one', () => {
    write('src/local/run.ts', "import { wire } from './wiring.ts';\n");
    write('src/local/wiring.ts', "import { approve } from './approver.ts';\n");
    write('src/local/approver.ts', "import type { Settings } from './run.ts';\n");
    expect(checkLayers(root).map((v) => v.message)).toEqual(['import cycle between files src/local/approver.ts ↔ src/local/run.ts ↔ src/local/wiring.ts']);
  });

  it('reports a cycle between two folders of src/ even when no file cycle exists', () => {
    write('src/alarms/dashboard.ts', "import { NAMES } from '../controller/metric-names.ts';\n");
    write('src/controller/metric-names.ts', 'export const NAMES = 1;\n');
    write('src/controller/alarm-check.ts', "import { alarmName } from '../alarms/alarm-names.ts';\n");
    write('src/alarms/alarm-names.ts', 'export const alarmName = 1;\n');
    expect(checkLayers(root).map((v) => v.message)).toEqual(['import cycle between folders src/alarms ↔ src/controller']);
  });

  it('finds no cycle in an index that re-exports files importing each other one way', () => {
    write('src/ports/approvals.ts', 'export type A = 1;\n');
    write('src/ports/housekeeping.ts', "import type { A } from './approvals.ts';\n");
    write('src/ports/index.ts', "export type * from './approvals.ts';\nexport type * from './housekeeping.ts';\n");
    expect(checkLayers(root)).toEqual([]);
  });
});

describe('importsOf', () => {
  it('reads static, re-exported, side-effect and dynamic imports with their lines', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "export * from './c.ts';",
      "import './d.ts';",
      'const e = await import("./e.ts");',
      "const text = 'no import here';",
    ].join('\n');
    expect(importsOf('f.ts', text).map((s) => `${s.line}:${s.specifier}`)).toEqual(['1:./a.ts', '2:./b.ts', '3:./c.ts', '4:./d.ts', '5:./e.ts']);
  });
});

describe('scripts/check-layers.ts as a program', () => {
  it('exits 0 on a clean tree', () => {
    expect(execFileSync(process.execPath, [script, root], { encoding: 'utf8' })).toBe('');
  });

  it('exits 1 on an import cycle', () => {
    write('src/controller/a.ts', "import type { B } from './b.ts';\n");
    write('src/controller/b.ts', "import type { A } from './a.ts';\n");
    const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('import cycle between files src/controller/a.ts ↔ src/controller/b.ts');
  });

  it('exits 1 and prints file:line for each broken import', () => {
    write('src/domain/gates.ts', "import type { Clock } from '../ports.ts';\n");
    const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'src/domain/gates.ts:1: imports ../ports.ts: src/domain is pure: it imports only src/domain and @kraft-canary/client/contract\ncheck-layers: 1 import(s) break the layer rules\n',
    );
  });
});
