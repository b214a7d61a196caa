/**
 * Checks that imports run one way (see STYLE.md): functions → controller + adapters;
 * cli → local → controller and the client package; controller/adapters → ports → domain and the
 * client package's contract; the client package imports only itself.
 * Prints one `file:line: message` per broken import and exits 1; exits 0 when clean.
 * Run: node scripts/check-layers.ts [root]
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCANNED_FOLDERS = ['src', 'functions', 'bin', 'test', 'packages/client/src', 'packages/client/test'] as const;
const CLIENT_PACKAGE = '@kraft-canary/client';
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

export interface LayerRule {
  /** Applies to importing files for which this holds (paths relative to the root, with /). */
  from: (file: string) => boolean;
  /** The import breaks the rule when its target satisfies this. */
  to: (target: string) => boolean;
  message: string;
}

const under = (...folders: string[]) => (path: string) => folders.some((folder) => path.startsWith(`${folder}/`));

export const LAYER_RULES: readonly LayerRule[] = [
  {
    from: (file) => !under('test')(file),
    to: under('functions'),
    message: 'nothing imports functions/: handlers are the top floor (only tests may)',
  },
  {
    from: under('src/domain'),
    to: (target) => !under('src/domain')(target) && target !== `${CLIENT_PACKAGE}/contract`,
    message: 'src/domain is pure: it imports only src/domain and @kraft-canary/client/contract',
  },
  {
    from: under('packages/client/src'),
    to: (target) => !under('packages/client/src')(target),
    message: 'the client package imports nothing of the controller: only its own sources',
  },
  {
    from: under('packages/client/src/contract'),
    to: (target) => !under('packages/client/src/contract')(target) && target !== 'packages/client/src/ports.ts',
    message: "the routing contract is pure: it imports only the contract and the client's ports",
  },
  {
    from: (file) => !under('packages/client')(file),
    to: under('packages/client'),
    message: 'import the client package by its name (@kraft-canary/client…), not by a path into packages/',
  },
  {
    from: under('src/ports'),
    to: (target) => !under('src/domain', 'src/ports')(target) && target !== `${CLIENT_PACKAGE}/contract`,
    message: 'src/ports imports only src/ports, src/domain and @kraft-canary/client/contract',
  },
  {
    from: under('src/controller'),
    to: under('src/aws', 'src/kafka', 'src/slack', 'src/local', 'src/cli'),
    message: 'src/controller reaches adapters only through src/ports',
  },
  { from: under('src/local'), to: under('src/cli'), message: 'src/local must not import src/cli' },
  { from: under('src'), to: under('test', 'scripts', 'bin'), message: 'src/ must not import tests, scripts or bin/' },
];

export interface ImportSite {
  file: string;
  line: number;
  specifier: string;
}

// Static imports and re-exports (also spread over several lines), side-effect imports, import().
const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every import of a file with its 1-based line number, in source order. */
export function importsOf(file: string, text: string): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      // The statement's first line: skip the whitespace `^\s*` may have taken from lines above.
      const statementAt = match.index + match[0].length - match[0].trimStart().length;
      const line = text.slice(0, statementAt).split('\n').length;
      sites.push({ file, line, specifier: match[1] as string });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

function sourceFiles(root: string, folder: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, folder), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(root, path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

export interface Violation extends ImportSite {
  target: string;
  message: string;
}

/** Broken import directions under `root`, in file order. */
export function checkLayers(root: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const file of SCANNED_FOLDERS.flatMap((folder) => sourceFiles(root, folder))) {
    for (const site of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      const bare = !site.specifier.startsWith('.');
      if (bare && !site.specifier.startsWith(CLIENT_PACKAGE)) continue;
      const target = bare ? site.specifier : relative(root, resolve(root, dirname(file), site.specifier)).split(sep).join('/');
      for (const rule of rules) {
        if (rule.from(file) && rule.to(target)) violations.push({ ...site, target, message: rule.message });
      }
    }
  }
  return violations;
}

export const formatViolation = (v: Violation): string => `${v.file}:${v.line}: imports ${v.specifier}: ${v.message}`;

if (import.meta.main) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const violations = checkLayers(root);
  for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
  if (violations.length > 0) process.stderr.write(`check-layers: ${violations.length} import(s) break the layer rules\n`);
  process.exitCode = violations.length > 0 ? 1 : 0;
}
