import type { RegisteredSchema, SchemaRegistryPort } from '../ports/index.ts';
import type { SyncAction } from './check-row.ts';

export const IMPORT_REFUSED_HINT =
  "schema ids are preserved only in the registry's IMPORT mode; registering without it would give new ids that no serialized message carries, so nothing was copied. Allow mode changes on green's registry (mode.mutability=true), then run --sync again";

/**
 * Missing versions in ascending schema id, runs of one subject grouped: a referenced schema
 * always has a lower id than the schemas that reference it, so references resolve.
 */
export function importOrder(missing: readonly RegisteredSchema[]): RegisteredSchema[][] {
  const sorted = [...missing].sort((a, b) => a.id - b.id || a.subject.localeCompare(b.subject) || a.version - b.version);
  const runs: RegisteredSchema[][] = [];
  for (const schema of sorted) {
    const last = runs.at(-1);
    if (last?.[0]?.subject === schema.subject) last.push(schema);
    else runs.push([schema]);
  }
  return runs;
}

async function importRun(green: SchemaRegistryPort, run: readonly RegisteredSchema[], subjectHasSchemas: boolean): Promise<void> {
  const subject = run[0]?.subject;
  if (subject === undefined) return;
  const previous = await green.mode(subject);
  await green.setMode('IMPORT', subject, { force: subjectHasSchemas });
  try {
    for (const schema of run) await green.importSchema(schema);
  } finally {
    if (previous === null) await green.clearMode(subject);
    else await green.setMode(previous, subject);
  }
}

/** One action per run: subject to IMPORT mode, register each version with its id, mode restored. */
export function schemaImportActions(green: SchemaRegistryPort, missing: readonly RegisteredSchema[], subjectsOnGreen: ReadonlySet<string>): SyncAction[] {
  const seen = new Set(subjectsOnGreen);
  return importOrder(missing).map((run) => {
    const subject = run[0]?.subject ?? '';
    const hasSchemas = seen.has(subject);
    seen.add(subject);
    const list = run.map((s) => `v${s.version} (id ${s.id})`).join(', ');
    return {
      scope: 'schemas',
      description: `import ${subject} ${list} into green's registry in IMPORT mode, keeping versions and schema ids`,
      failureHint: IMPORT_REFUSED_HINT,
      run: () => importRun(green, run, hasSchemas),
    };
  });
}
