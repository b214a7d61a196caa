import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KraftCanaryClientError } from '@kraft-canary/client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KraftCanaryError } from '../../../src/errors.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every `errors.ts` of the root package's modules, and the client package's. */
function errorModules(): string[] {
  const found = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path === 'errors.ts' || path.endsWith('/errors.ts'))
    .map((path) => join(root, 'src', path));
  return [...found, join(root, 'packages/client/src/errors.ts')].sort();
}

interface ErrorClass {
  readonly module: string;
  readonly className: string;
  /** The `name` its instances carry (what Step Functions sees as the task's error). */
  readonly name: string;
  readonly type: unknown;
}

/** The exported classes of a module with the `name` each declares (`override readonly name = '…'`). */
async function errorClasses(module: string): Promise<ErrorClass[]> {
  const exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  const text = readFileSync(module, 'utf8');
  return text
    .split(/^(?=export class )/m)
    .slice(1)
    .map((chunk) => ({
      className: /^export class (\w+)/.exec(chunk)?.[1] ?? '',
      name: /override readonly name(?:: string)? = '([^']+)'/.exec(chunk)?.[1] ?? '',
    }))
    .map(({ className, name }) => ({ module: relative(root, module), className, name, type: exports[className] }));
}

/** Every ErrorEquals entry of a state machine definition, wherever it is nested. */
function errorEquals(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(errorEquals);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'ErrorEquals' ? (value as string[]) : errorEquals(value)));
}

const all = async () => (await Promise.all(errorModules().map(errorClasses))).flat();

describe('error classes', () => {
  it('every errors.ts class is exported, declares its name, and extends its package base error', async () => {
    const classes = await all();
    expect(classes.length).toBeGreaterThan(20);
    for (const c of classes) {
      const base = c.module.startsWith('packages/client/') ? KraftCanaryClientError : KraftCanaryError;
      expect({ class: c.className, exported: typeof c.type, named: c.name !== '' }).toEqual({ class: c.className, exported: 'function', named: true });
      expect(c.type === base || (c.type as { prototype: unknown }).prototype instanceof base, `${c.module}: ${c.className} extends ${base.name}`).toBe(true);
    }
  });

  it('no two classes carry the same name', async () => {
    const names = (await all()).map((c) => c.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});

describe('statemachines/rollout.asl.yml ErrorEquals', () => {
  it('names only States.*, Lambda.* or the name of an exported error class', async () => {
    // Prepare
    const definition = parse(readFileSync(join(root, 'statemachines/rollout.asl.yml'), 'utf8')) as unknown;
    const known = new Set((await all()).map((c) => c.name));
    // Act
    const names = [...new Set(errorEquals(definition))];
    // Assess
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((name) => !/^(?:States|Lambda)\.\w+$/.test(name) && !known.has(name))).toEqual([]);
  });
});
