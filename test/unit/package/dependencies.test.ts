import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../../../scripts/check-layers.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

/** The packages a folder's code loads at run time (type-only imports are erased and do not count). */
function runtimePackages(dir: string): string[] {
  const names = sources(dir).flatMap((file) =>
    importsOf(
      file,
      readFileSync(join(ROOT, file), 'utf8')
        .replace(/^\s*import type\b[^;]*;/gm, '')
        .replace(/^\s*export type\b[^;]*;/gm, ''),
    )
      .map((site) => site.specifier)
      .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
      .map((specifier) =>
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
  return [...new Set(names)].sort();
}

describe('what the packages declare', () => {
  it.each([
    { dir: '.', code: 'src', optional: ['koffi'] },
    { dir: 'packages/client', code: 'packages/client/src', optional: [] },
  ])('$dir declares every package its code loads at run time', ({ dir, code, optional }) => {
    // Prepare
    const { name, dependencies = {}, peerDependencies = {} } = manifest(dir);
    const declared = new Set([name, ...Object.keys(dependencies), ...Object.keys(peerDependencies), ...optional]);
    // Act
    const undeclared = runtimePackages(code).filter((pkg) => !declared.has(pkg));
    // Assess
    expect(undeclared).toEqual([]);
  });

  it('the client package has no dependency of its own, only peers', () => {
    expect(manifest('packages/client').dependencies).toBeUndefined();
    expect(Object.keys(manifest('packages/client').peerDependencies ?? {}).sort()).toEqual(['@aws-sdk/client-ssm', 'kafkajs']);
  });
});
