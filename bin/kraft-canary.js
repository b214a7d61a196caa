#!/usr/bin/env node
// The CLI is TypeScript run through Node's type stripping (Node >= 22.18). On an older Node it
// re-runs itself with the Node that scripts/setup.sh installs into .tools/, when present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const provisioned = fileURLToPath(new URL('../.tools/node/bin/node', import.meta.url));
  if (existsSync(provisioned)) {
    const run = spawnSync(provisioned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(run.status ?? 1);
  }
  process.stderr.write(
    `kraft-canary needs Node.js >= 22.18 (found ${process.versions.node}); run: bash scripts/setup.sh\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
