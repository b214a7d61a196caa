import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests run from anywhere). */
export const ROOT = new URL('../../', import.meta.url).pathname;

export type CfnResource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
};
export type CfnTemplate = {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Conditions?: Record<string, unknown>;
};

/**
 * Node's flag that resolves @kraft-canary/client to its TypeScript sources, as scripts/with-node.sh
 * passes it: a child Node started by a test needs it too, or it looks for the client's build
 * output, which only `npm run build` writes.
 */
export const SOURCE_CONDITIONS = '--conditions=kraft-canary-source';

/** Where `npm run package` writes (the ci stage). */
export const CI_PACKAGE_DIR = join(ROOT, '.serverless');
const INPUTS = ['serverless.yml', 'deploy', 'statemachines', 'functions', 'src', 'package.json'];

const newest = (path: string): number => {
  const full = join(ROOT, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  return stat.isDirectory() ? Math.max(stat.mtimeMs, ...readdirSync(full).map((f) => newest(join(path, f)))) : stat.mtimeMs;
};

function osls(outDir: string, params: Readonly<Record<string, string>>): void {
  const args = [SOURCE_CONDITIONS, join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', 'ci', '--package', outDir];
  for (const [key, value] of Object.entries(params)) args.push(`--param=${key}=${value}`);
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
}

export interface Packaged {
  readonly template: CfnTemplate;
  readonly stackName: string;
  /** provider.stackTags: CloudFormation passes them to every resource it can tag. */
  readonly stackTags?: Record<string, string>;
}

function read(outDir: string): Packaged {
  const template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
  const state = JSON.parse(readFileSync(join(outDir, 'serverless-state.json'), 'utf8')) as {
    service: { provider: { stackName?: string; stackTags?: Record<string, string> } };
  };
  const { stackName, stackTags } = state.service.provider;
  return { template, stackName: stackName ?? '(framework default)', ...(stackTags ? { stackTags } : {}) };
}

/**
 * `osls package --stage ci` into `outDir` with extra `--param` values (they win over the ci
 * stage's), offline. Returns the update template and the stack name the deployment would use.
 */
export function packageTemplate(outDir: string, params: Readonly<Record<string, string>> = {}): Packaged {
  osls(outDir, params);
  return read(outDir);
}

/** The ci stage's package in .serverless/, rebuilt when older than anything it is made from. */
export function ciPackage(): Packaged {
  const template = join(CI_PACKAGE_DIR, 'cloudformation-template-update-stack.json');
  const stale = !existsSync(template) || Math.max(...INPUTS.map(newest)) > statSync(template).mtimeMs;
  if (stale) osls(CI_PACKAGE_DIR, {});
  return read(CI_PACKAGE_DIR);
}
