// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with .d.ts files, from src/.
// Node >= 18 loads either: `import` picks dist/esm, `require` picks dist/cjs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = new URL('.', import.meta.url);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(new URL('dist', here), { recursive: true, force: true });
for (const project of ['tsconfig.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: here, stdio: 'inherit' });
}
writeFileSync(new URL('dist/cjs/package.json', here), `${JSON.stringify({ type: 'commonjs' })}\n`);
writeFileSync(new URL('dist/esm/package.json', here), `${JSON.stringify({ type: 'module' })}\n`);

// Declarations keep the sources' `./x.ts` specifiers; consumers' TypeScript resolves `./x.js`.
for (const entry of readdirSync(new URL('dist', here), { recursive: true })) {
  if (!entry.endsWith('.d.ts')) continue;
  const file = new URL(`dist/${entry}`, here);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
}
