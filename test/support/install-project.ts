import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface Packed {
  readonly dir: string;
  readonly client: string;
  readonly controller: string;
}

const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** `npm pack` of both packages (each builds itself first through its prepack script). */
export function packBoth(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'kraft-canary-pack-'));
  npm(['pack', '--workspace', '@kraft-canary/client', '--pack-destination', dir], REPO);
  npm(['pack', '--pack-destination', dir], REPO);
  const file = (prefix: string) => join(dir, readdirSync(dir).find((name) => name.startsWith(prefix)) as string);
  return { dir, client: file('kraft-canary-client-'), controller: file('kraft-canary-0') };
}

/** An empty project with `packages` installed from tarballs and the npm cache first. */
export function installInto(packages: string[], name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kraft-canary-${name}-`));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true })}\n`);
  npm(['install', '--prefer-offline', ...packages], dir);
  return dir;
}

/** Bytes on disk below a folder (files only). */
export function footprint(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + footprint(join(path, entry)), 0);
}

/** The packages an install placed in node_modules (scoped ones counted one by one). */
export function installedPackages(project: string): string[] {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/'));
}

export interface NodeBinary {
  readonly label: string;
  readonly path: string;
  readonly version: string;
}

const versionOf = (path: string) => execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();

/**
 * Every Node.js the test can reach: the machine's own (the first `node` on PATH outside
 * .tools/), and those scripts/setup.sh provisioned in .tools/ (22 for the project, 18 for the
 * client's oldest supported version). Deduplicated by version.
 */
export function nodeBinaries(): NodeBinary[] {
  const candidates: { label: string; path: string }[] = [];
  const system = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes(`${join(REPO, '.tools')}`))
    .map((dir) => join(dir, 'node'))
    .find((path) => existsSync(path));
  if (system) candidates.push({ label: 'system', path: system });
  candidates.push({ label: 'node18', path: join(REPO, '.tools/node18/bin/node') });
  candidates.push({ label: 'node22', path: process.execPath });
  const seen = new Set<string>();
  return candidates
    .filter((candidate) => existsSync(candidate.path))
    .map((candidate) => ({ ...candidate, version: versionOf(candidate.path) }))
    .filter((candidate) => !seen.has(candidate.version) && seen.add(candidate.version));
}

/** Runs a program with `node` first on PATH (as `npx` in a shell would find it). */
export function runWith(node: NodeBinary, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const PATH = `${dirname(node.path)}${delimiter}${process.env.PATH ?? ''}`;
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env, PATH }, timeout: 180_000 });
}

/** runWith without blocking this process's event loop (servers in this process keep answering). */
export function runWithAsync(node: NodeBinary, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const PATH = `${dirname(node.path)}${delimiter}${process.env.PATH ?? ''}`;
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
