#!/usr/bin/env node
// The CLI is written in TypeScript and run through Node's type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `kraft-canary needs Node.js >= 22.18 (found ${process.versions.node}). ` +
      'Install it (e.g. `npm install --prefix .tools node@22`) and put it first on PATH.\n',
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
