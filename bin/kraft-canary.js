#!/usr/bin/env node
// Installed from npm, the CLI runs its compiled JavaScript (dist/). In a checkout of the
// repository it runs the TypeScript sources through Node's type stripping (Node >= 22.18), with
// the client package resolved to its sources; on an older Node it re-runs itself with the Node
// that scripts/setup.sh installs into .tools/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE_CONDITION = '--conditions=kraft-canary-source';
const [major, minor] = process.versions.node.split('.').map(Number);
const atLeast = (wantMajor, wantMinor) => major > wantMajor || (major === wantMajor && minor >= wantMinor);
const args = process.argv.slice(2);
const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

async function run(entry) {
  const { main } = await import(new URL(entry, import.meta.url).href);
  process.exitCode = await main(args);
}

if (!existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  if (!atLeast(22, 12)) fail(`kraft-canary needs Node.js >= 22.12 (found ${process.versions.node})`);
  await run('../dist/cli/main.js');
} else if (atLeast(22, 18) && process.execArgv.includes(SOURCE_CONDITION)) {
  await run('../src/cli/main.ts');
} else {
  const provisioned = fileURLToPath(new URL('../.tools/node/bin/node', import.meta.url));
  const node = atLeast(22, 18) ? process.execPath : existsSync(provisioned) ? provisioned : null;
  if (node === null) fail(`kraft-canary needs Node.js >= 22.18 (found ${process.versions.node}); run: bash scripts/setup.sh`);
  const child = spawnSync(node, [SOURCE_CONDITION, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
