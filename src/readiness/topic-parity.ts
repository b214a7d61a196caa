import type { Plan } from '../domain/plan.ts';
import type { NewTopicSpec, TopicDescription } from '../ports/index.ts';
import { type CheckOutcome, type CheckRow, row, type SyncAction } from './check-row.ts';
import type { KafkaReader, KafkaWriter, ReadinessPorts } from './readiness-ports.ts';

export interface TopicDifference {
  readonly topic: string;
  readonly kind: 'missing-on-green' | 'partition-count' | 'replication-factor' | 'configs';
  /** The config name, for kind `configs` (one difference per config). */
  readonly config?: string;
  readonly blue: string;
  readonly green: string;
}

export interface TopicParity extends CheckOutcome {
  readonly topics: number;
  readonly differences: TopicDifference[];
}

/** Topic configs Kafka 4.0 removed: a 4.x cluster refuses them, so they are never copied or compared. */
export const REMOVED_IN_KAFKA_4 = new Set(['message.format.version', 'message.downconversion.enable', 'message.timestamp.difference.max.ms']);

/** Configs whose difference can lose data or fail sends on green; other differences are warnings. */
export const DATA_CONFIGS = new Set(['retention.ms', 'retention.bytes', 'cleanup.policy', 'min.insync.replicas', 'max.message.bytes']);

/** `exclude` entries are topic names, or globs where `*` matches any run of characters. */
export function isExcluded(topic: string, exclude: readonly string[]): boolean {
  return exclude.some((pattern) => {
    if (!pattern.includes('*')) return pattern === topic;
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return regex.test(topic);
  });
}

/** The smallest replica count over the partitions: the weakest partition sets durability. */
export const replicationOf = (t: TopicDescription): number => (t.partitions.length === 0 ? 0 : Math.min(...t.partitions.map((p) => p.replicas)));

const portable = (configs: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(configs).filter(([key]) => !REMOVED_IN_KAFKA_4.has(key)));

/** Every non-default config that differs, either way: green-only overrides count too. */
export function configDifferences(topic: string, blue: Readonly<Record<string, string>>, green: Readonly<Record<string, string>>): TopicDifference[] {
  const wanted = portable(blue);
  const have = portable(green);
  return [...new Set([...Object.keys(wanted), ...Object.keys(have)])]
    .sort()
    .filter((key) => wanted[key] !== have[key])
    .map((key) => ({ topic, kind: 'configs', config: key, blue: wanted[key] ?? '(default)', green: have[key] ?? '(default)' }));
}

function compare(blue: TopicDescription, green: TopicDescription | undefined): TopicDifference[] {
  if (green === undefined) return [{ topic: blue.name, kind: 'missing-on-green', blue: `${blue.partitions.length} partitions`, green: 'missing' }];
  const found: TopicDifference[] = [];
  if (blue.partitions.length !== green.partitions.length) {
    found.push({ topic: blue.name, kind: 'partition-count', blue: String(blue.partitions.length), green: String(green.partitions.length) });
  }
  if (replicationOf(blue) !== replicationOf(green)) {
    found.push({ topic: blue.name, kind: 'replication-factor', blue: String(replicationOf(blue)), green: String(replicationOf(green)) });
  }
  if (blue.configs !== undefined && green.configs !== undefined) found.push(...configDifferences(blue.name, blue.configs, green.configs));
  return found;
}

// Partition counts decide which partition a key lands on: a mismatch breaks per-key order.
function severity(d: TopicDifference): CheckRow['status'] {
  if (d.kind === 'missing-on-green' || d.kind === 'partition-count') return 'fail';
  if (d.kind === 'replication-factor') return Number(d.green) < Number(d.blue) ? 'fail' : 'warn';
  return DATA_CONFIGS.has(d.config ?? '') ? 'fail' : 'warn';
}

function describeDifference(d: TopicDifference): string {
  if (d.kind === 'missing-on-green') return `missing on green (${d.blue} on blue)`;
  if (d.kind === 'partition-count')
    return `partitions: blue ${d.blue}, green ${d.green} (not changed by --sync: recreate the topic on green while it is empty)`;
  if (d.kind === 'replication-factor') return `replication factor: blue ${d.blue}, green ${d.green}`;
  return `${d.config}: blue ${d.blue}, green ${d.green}`;
}

function createAction(blue: TopicDescription, green: KafkaWriter): SyncAction {
  const spec: NewTopicSpec = {
    name: blue.name,
    partitions: blue.partitions.length,
    replicationFactor: replicationOf(blue),
    configs: portable(blue.configs ?? {}),
  };
  return {
    scope: 'topics',
    description: `create ${blue.name} on green with ${spec.partitions} partitions, replication factor ${spec.replicationFactor}, ${Object.keys(spec.configs).length} topic configs`,
    failureHint: 'green must accept CreateTopics from this principal (kafka-cluster:CreateTopic with IAM auth)',
    run: () => green.createTopics([spec]),
  };
}

function alignAction(blue: TopicDescription, differences: readonly TopicDifference[], green: KafkaWriter): SyncAction {
  // The complete wanted set: AlterConfigs replaces a topic's configs, so a partial set would reset the rest.
  const configs = portable(blue.configs ?? {});
  return {
    scope: 'topics',
    description: `set the topic configs of ${blue.name} on green as on blue (${differences.map((d) => d.config).join(', ')})`,
    failureHint: 'green must accept AlterConfigs from this principal (kafka-cluster:AlterTopicDynamicConfiguration with IAM auth)',
    run: () => green.alterTopicConfigs(blue.name, configs),
  };
}

function topicOutcome(blue: TopicDescription, onGreen: TopicDescription | undefined, green: KafkaWriter): TopicParity {
  const differences = compare(blue, onGreen);
  const rows = differences.map((d) => row(`topics/${blue.name}`, severity(d), describeDifference(d)));
  const configs = differences.filter((d) => d.kind === 'configs');
  if (onGreen !== undefined && (blue.configs === undefined || onGreen.configs === undefined)) {
    rows.push(row(`topics/${blue.name}`, 'warn', `configs not compared: the ${blue.configs === undefined ? 'blue' : 'green'} broker cannot describe configs`));
  }
  const actions: SyncAction[] = [];
  if (onGreen === undefined) actions.push(createAction(blue, green));
  else if (configs.length > 0) actions.push(alignAction(blue, configs, green));
  return { rows, actions, topics: 1, differences };
}

function removedConfigsRow(topics: readonly TopicDescription[]): CheckRow[] {
  const using = topics.filter((t) => Object.keys(t.configs ?? {}).some((key) => REMOVED_IN_KAFKA_4.has(key))).map((t) => t.name);
  if (using.length === 0) return [];
  return [
    row('topics', 'warn', `configs removed in Kafka 4.0 (${[...REMOVED_IN_KAFKA_4].join(', ')}) are set on blue and not carried to green: ${using.join(', ')}`),
  ];
}

/**
 * Topic parity: every non-internal blue topic (minus `exclude`) exists on green with the same
 * partition count, replication factor and non-default topic configs, each difference listed.
 * Reads only; the actions that would close the gaps on green are returned, never run here.
 */
export async function topicParity(blue: KafkaReader, green: KafkaWriter, exclude: readonly string[]): Promise<TopicParity> {
  const blueNames = (await blue.listTopics()).filter((t) => !t.startsWith('__') && !isExcluded(t, exclude));
  const greenNames = new Set(await green.listTopics());
  // Brokers answer metadata in any order: sorted, the report reads the same on every run.
  const blueTopics = (await blue.describeTopics(blueNames)).sort((a, b) => a.name.localeCompare(b.name));
  const greenTopics = new Map((await green.describeTopics(blueNames.filter((t) => greenNames.has(t)))).map((t) => [t.name, t]));
  const parts = blueTopics.map((topic) => topicOutcome(topic, greenTopics.get(topic.name), green));
  const rows = parts.flatMap((p) => p.rows);
  const differences = parts.flatMap((p) => p.differences);
  const failing = new Set(rows.filter((r) => r.status === 'fail').map((r) => r.check)).size;
  const summary = row('topics', failing > 0 ? 'fail' : 'ok', `${blueTopics.length - failing} of ${blueTopics.length} blue topics match on green`);
  return { rows: [summary, ...removedConfigsRow(blueTopics), ...rows], actions: parts.flatMap((p) => p.actions), topics: blueTopics.length, differences };
}

/** Check 2 of the readiness list, over the plan's clusters. */
export const checkTopics = (ports: ReadinessPorts, plan: Plan): Promise<TopicParity> => topicParity(ports.blue.kafka, ports.green.kafka, plan.topics.exclude);
