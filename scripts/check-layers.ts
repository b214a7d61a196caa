/**
 * Checks that imports run one way (see STYLE.md): functions → controller + adapters;
 * cli → local → controller and the client package; controller/adapters → ports → domain and the
 * client package's contract; the client package imports only itself.
 * No import cycles either, type-only imports included: a cycle between files means a type lives in the
 * wrong file, and one between the top folders of src/ means a rule lives in the wrong room.
 * Prints one `file:line: message` per broken import or cycle and exits 1; exits 0 when clean.
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

const under =
  (...folders: string[]) =>
  (path: string) =>
    folders.some((folder) => path.startsWith(`${folder}/`));

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

interface ResolvedImport extends ImportSite {
  target: string;
}

/** Every scanned file's imports of this repository (relative ones and the client package's), resolved. */
function resolvedImports(root: string): ResolvedImport[] {
  return SCANNED_FOLDERS.flatMap((folder) => sourceFiles(root, folder)).flatMap((file) =>
    importsOf(file, readFileSync(join(root, file), 'utf8')).flatMap((site) => {
      const bare = !site.specifier.startsWith('.');
      if (bare && !site.specifier.startsWith(CLIENT_PACKAGE)) return [];
      const target = bare
        ? site.specifier
        : relative(root, resolve(root, dirname(file), site.specifier))
            .split(sep)
            .join('/');
      return [{ ...site, target }];
    }),
  );
}

/** Broken import directions under `root`, in file order. */
export function checkLayers(root: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const imports = resolvedImports(root);
  const violations: Violation[] = [];
  const followed: ResolvedImport[] = [];
  for (const site of imports) {
    const broken = rules.filter((rule) => rule.from(site.file) && rule.to(site.target));
    for (const rule of broken) violations.push({ ...site, message: rule.message });
    if (broken.length === 0) followed.push(site);
  }
  // An import that breaks a rule is reported once, as such, not again as part of a cycle.
  return [...violations, ...cycles(followed, (path) => path, 'files'), ...cycles(followed, topFolderOfSrc, 'folders')];
}

/** `src/<folder>` for a file under a folder of src/, else null (folders are compared only inside src/). */
const topFolderOfSrc = (path: string): string | null => /^src\/[^/]+(?=\/)/.exec(path)?.[0] ?? null;

/**
 * Import cycles between the nodes that `nodeOf` maps files to (files, or src/ folders): one
 * violation per strongly connected component, at the first import (in file order) that closes it.
 */
function cycles(imports: readonly ResolvedImport[], nodeOf: (path: string) => string | null, kind: 'files' | 'folders'): Violation[] {
  const edges = new Map<string, Set<string>>();
  for (const site of imports) {
    const [from, to] = [nodeOf(site.file), nodeOf(site.target)];
    if (from === null || to === null || from === to) continue;
    edges.set(from, (edges.get(from) ?? new Set()).add(to));
  }
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const site = imports.find((s) => members.has(nodeOf(s.file) ?? '') && members.has(nodeOf(s.target) ?? '') && nodeOf(s.file) !== nodeOf(s.target));
      return { ...(site as ResolvedImport), message: `import cycle between ${kind} ${[...component].sort().join(' ↔ ')}` };
    });
}

/** Tarjan's algorithm, iterative: the strongly connected components of a directed graph. */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const visit = (node: string) => {
      index.set(node, index.size);
      low.set(node, index.get(node) as number);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    visit(start);
    while (work.length > 0) {
      const top = work[work.length - 1] as { node: string; next: Iterator<string> };
      const step = top.next.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) visit(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(top.node) as number));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        components.push(component);
      }
    }
  }
  return components;
}

export const formatViolation = (v: Violation): string => `${v.file}:${v.line}: imports ${v.specifier}: ${v.message}`;

if (import.meta.main) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const violations = checkLayers(root);
  for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
  if (violations.length > 0) process.stderr.write(`check-layers: ${violations.length} import(s) break the layer rules\n`);
  process.exitCode = violations.length > 0 ? 1 : 0;
}
