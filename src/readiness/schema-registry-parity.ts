import type { Plan } from '../domain/plan.ts';
import type { RegisteredSchema, SchemaRegistryPort } from '../ports/index.ts';
import { type CheckOutcome, type CheckRow, row, type SyncAction, safeReason, worstStatus } from './check-row.ts';
import type { ReadinessPorts } from './readiness-ports.ts';
import { schemaImportActions } from './schema-import-action.ts';
import { loadRegistrySnapshot, type RegistrySnapshot, type SubjectSnapshot, versionCount } from './schema-registry-snapshot.ts';

const sameContent = (a: RegisteredSchema, b: RegisteredSchema): boolean =>
  a.schema === b.schema && a.schemaType === b.schemaType && JSON.stringify(a.references) === JSON.stringify(b.references);

const level = (value: string | null): string => value ?? 'inherits global';

const sameRegistry = (a: string, b: string): boolean => new URL(a).href.replace(/\/+$/, '') === new URL(b).href.replace(/\/+$/, '');

interface SubjectFindings {
  rows: CheckRow[];
  missing: RegisteredSchema[];
  idMismatches: number;
  actions: SyncAction[];
}

function compatibilityFindings(
  subject: string,
  blue: SubjectSnapshot,
  green: SubjectSnapshot | undefined,
  registry: SchemaRegistryPort,
): Pick<SubjectFindings, 'rows' | 'actions'> {
  const want = blue.compatibility;
  const have = green?.compatibility ?? null;
  if (want === have) return { rows: [], actions: [] };
  const details = `compatibility: blue ${level(want)}, green ${level(have)}`;
  if (want === null) return { rows: [row(`schemas/${subject}`, 'warn', `${details} (--sync does not remove green's own setting)`)], actions: [] };
  return {
    rows: [row(`schemas/${subject}`, 'warn', details)],
    actions: [
      { scope: 'schemas', description: `set compatibility of ${subject} on green's registry to ${want}`, run: () => registry.setCompatibility(want, subject) },
    ],
  };
}

function compareSubject(
  subject: string,
  blue: SubjectSnapshot,
  green: SubjectSnapshot | undefined,
  greenIds: ReadonlyMap<number, RegisteredSchema>,
  registry: SchemaRegistryPort,
): SubjectFindings {
  const found: SubjectFindings = { missing: [], idMismatches: 0, ...compatibilityFindings(subject, blue, green, registry) };
  const check = `schemas/${subject}`;
  const greenVersions = new Map((green?.versions ?? []).map((v) => [v.version, v]));
  for (const version of blue.versions) {
    const twin = greenVersions.get(version.version);
    const taken = greenIds.get(version.id);
    if (twin && twin.id !== version.id) {
      found.idMismatches++;
      found.rows.push(row(check, 'fail', `SCHEMA ID DIFFERS: v${version.version} is id ${version.id} on blue, id ${twin.id} on green`));
    } else if (twin && !sameContent(twin, version)) {
      found.rows.push(row(check, 'fail', `v${version.version} (id ${version.id}) has a different schema on green`));
    } else if (!twin && taken && !sameContent(taken, version)) {
      found.rows.push(
        row(
          check,
          'fail',
          `v${version.version} cannot be imported: id ${version.id} is taken on green by ${taken.subject} v${taken.version} with another schema`,
        ),
      );
    } else if (!twin) {
      found.missing.push(version);
    }
  }
  if (found.missing.length > 0) {
    const list = found.missing.map((v) => `v${v.version} (id ${v.id})`).join(', ');
    found.rows.push(row(check, 'fail', green ? `versions missing on green: ${list}` : `missing on green: ${list}`));
  }
  return found;
}

/** Per-subject parity of blue's registry on green's, with the sync actions that close the gaps. */
export function compareRegistries(blue: RegistrySnapshot, green: RegistrySnapshot, registry: SchemaRegistryPort): CheckOutcome {
  const greenIds = new Map([...green.subjects.values()].flatMap((s) => s.versions.map((v) => [v.id, v] as const)));
  const rows: CheckRow[] = [];
  const actions: SyncAction[] = [];
  const missing: RegisteredSchema[] = [];
  let idMismatches = 0;
  if (blue.compatibility !== null && blue.compatibility !== green.compatibility) {
    const want = blue.compatibility;
    rows.push(row('schemas/compatibility', 'warn', `global compatibility: blue ${want}, green ${green.compatibility ?? 'unknown'}`));
    actions.push({ scope: 'schemas', description: `set global compatibility of green's registry to ${want}`, run: () => registry.setCompatibility(want) });
  }
  for (const [subject, snapshot] of blue.subjects) {
    const found = compareSubject(subject, snapshot, green.subjects.get(subject), greenIds, registry);
    rows.push(...found.rows);
    actions.push(...found.actions);
    missing.push(...found.missing);
    idMismatches += found.idMismatches;
  }
  if (idMismatches > 0) {
    rows.unshift(
      row(
        'schemas/ids',
        'fail',
        `SCHEMA IDS DIFFER for ${idMismatches} version${idMismatches === 1 ? '' : 's'}: every message carries blue's schema id, so consumers resolving it through green's registry would get the wrong schema or none. Green's registry must be rebuilt with blue's ids (IMPORT mode)`,
      ),
    );
  }
  actions.unshift(...schemaImportActions(registry, missing, new Set(green.subjects.keys())));
  const counts = `blue ${blue.subjects.size} subjects / ${versionCount(blue)} versions; green ${green.subjects.size} subjects / ${versionCount(green)} versions`;
  rows.unshift(row('schemas', worstStatus(rows) === 'fail' ? 'fail' : 'ok', counts));
  return { rows, actions };
}

async function snapshot(name: 'blue' | 'green', registry: ReadinessPorts['blue']['registry']): Promise<RegistrySnapshot | CheckRow> {
  if (registry === undefined) return row('schemas', 'fail', `the plan names ${name}'s schema registry but no client for it was configured`);
  try {
    return await loadRegistrySnapshot(registry);
  } catch (error) {
    return row('schemas', 'fail', `${name}'s schema registry cannot be read: ${safeReason(error)}`);
  }
}

/** Check 3: subjects, versions, schema ids and compatibility levels of blue's registry on green's. */
export async function checkSchemaRegistries(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  const blueUrl = plan.clusters.blue.schemaRegistry;
  const greenUrl = plan.clusters.green.schemaRegistry;
  if (blueUrl === undefined && greenUrl === undefined) return { rows: [row('schemas', 'ok', 'no schema registry named in the plan')], actions: [] };
  if (blueUrl === undefined || greenUrl === undefined) {
    const named = blueUrl === undefined ? 'green' : 'blue';
    return {
      rows: [
        row('schemas', 'warn', `only ${named} names a schema registry: subjects cannot be compared; name both in the plan (the same URL when they share one)`),
      ],
      actions: [],
    };
  }
  if (sameRegistry(blueUrl, greenUrl)) return { rows: [row('schemas', 'ok', 'blue and green share one schema registry: nothing to copy')], actions: [] };
  const [blue, green] = await Promise.all([snapshot('blue', ports.blue.registry), snapshot('green', ports.green.registry)]);
  const failures = [blue, green].filter((s): s is CheckRow => 'status' in s);
  if (failures.length > 0 || ports.green.registry === undefined) return { rows: failures, actions: [] };
  return compareRegistries(blue as RegistrySnapshot, green as RegistrySnapshot, ports.green.registry);
}
