import type { RegisteredSchema } from '../ports/index.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import type { SchemaRegistryReader } from './readiness-ports.ts';

export interface SubjectSnapshot {
  /** The subject's own compatibility level; null when it inherits the global one. */
  readonly compatibility: string | null;
  /** Oldest version first. */
  readonly versions: readonly RegisteredSchema[];
}

export interface RegistrySnapshot {
  readonly compatibility: string | null;
  readonly subjects: ReadonlyMap<string, SubjectSnapshot>;
}

// Subjects × versions in flight stay at 8 × 2: registries rate-limit bursts.
const SUBJECTS_IN_FLIGHT = 8;
const VERSIONS_IN_FLIGHT = 2;

async function loadSubject(registry: SchemaRegistryReader, subject: string): Promise<SubjectSnapshot> {
  const [numbers, compatibility] = await Promise.all([registry.versions(subject), registry.compatibility(subject)]);
  const sorted = [...numbers].sort((a, b) => a - b);
  const versions = await mapWithConcurrency(sorted, VERSIONS_IN_FLIGHT, (version) => registry.schema(subject, version));
  return { compatibility, versions };
}

/** Every live subject with its versions, ids and compatibility level. */
export async function loadRegistrySnapshot(registry: SchemaRegistryReader): Promise<RegistrySnapshot> {
  const [names, compatibility] = await Promise.all([registry.subjects(), registry.compatibility()]);
  const subjects = await mapWithConcurrency([...names].sort(), SUBJECTS_IN_FLIGHT, async (s) => [s, await loadSubject(registry, s)] as const);
  return { compatibility, subjects: new Map(subjects) };
}

export const versionCount = (snapshot: RegistrySnapshot): number => [...snapshot.subjects.values()].reduce((sum, s) => sum + s.versions.length, 0);
