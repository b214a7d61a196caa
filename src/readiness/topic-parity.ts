import type { Plan } from '../domain/plan.ts';
import type { NewTopicSpec, TopicDescription } from '../ports.ts';
import { type CheckOutcome, type CheckRow, row, type SyncAction } from './check-row.ts';
import type { KafkaWriter, ReadinessPorts } from './readiness-ports.ts';

/** Topic configs Kafka 4.0 removed: a KRaft 4.x cluster refuses them, so they are never copied. */
export const REMOVED_IN_KAFKA_4 = new Set(['message.format.version', 'message.downconversion.enable', 'message.timestamp.difference.max.ms']);

/** An exclude entry is a topic name, or a pattern where `*` stands for any characters. */
export function isExcluded(topic: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (!pattern.includes('*')) return pattern === topic;
    const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${escaped.join('.*')}$`).test(topic);
  });
}

/** The smallest replica count over the partitions: the weakest partition sets durability. */
export const replicationFactor = (topic: TopicDescription): number =>
  topic.partitions.length === 0 ? 0 : Math.min(...topic.partitions.map((p) => p.replicas));

const portable = (configs: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(configs).filter(([key]) => !REMOVED_IN_KAFKA_4.has(key)));

/** Each non-default config that differs, as `name: blue X, green Y`. */
export function configDifferences(blue: Readonly<Record<string, string>>, green: Readonly<Record<string, string>>): string[] {
  const wanted = portable(blue);
  const have = portable(green);
  const keys = [...new Set([...Object.keys(wanted), ...Object.keys(have)])].sort();
  return keys
    .filter((key) => wanted[key] !== have[key])
    .map((key) => `${key}: blue ${wanted[key] ?? '(default)'}, green ${have[key] ?? '(default)'}`);
}

function createAction(green: KafkaWriter, blue: TopicDescription): SyncAction {
  const spec: NewTopicSpec = {
    name: blue.name,
    partitions: blue.partitions.length,
    replicationFactor: replicationFactor(blue),
    configs: portable(blue.configs ?? {}),
  };
  const configs = Object.keys(spec.configs).length;
  return {
    scope: 'topics',
    description: `create topic ${spec.name} on green: ${spec.partitions} partitions, replication factor ${spec.replicationFactor}, ${configs} config${configs === 1 ? '' : 's'}`,
    run: () => green.createTopics([spec]),
  };
}

function alignAction(green: KafkaWriter, blue: TopicDescription, differences: readonly string[]): SyncAction {
  // The complete wanted set, so that both incremental and replacing adapters end in the same state.
  const configs = portable(blue.configs ?? {});
  return {
    scope: 'topics',
    description: `align configs of topic ${blue.name} on green (${differences.length} difference${differences.length === 1 ? '' : 's'})`,
    run: () => green.alterTopicConfigs(blue.name, configs),
  };
}

function compareTopic(blue: TopicDescription, green: TopicDescription, kafka: KafkaWriter): CheckOutcome {
  const check = `topics/${blue.name}`;
  const rows: CheckRow[] = [];
  const actions: SyncAction[] = [];
  if (green.partitions.length !== blue.partitions.length) {
    rows.push(row(check, 'fail', `partitions: blue ${blue.partitions.length}, green ${green.partitions.length} (--sync does not repartition; recreate the topic on green while it is empty)`));
  }
  const [rfBlue, rfGreen] = [replicationFactor(blue), replicationFactor(green)];
  if (rfGreen < rfBlue) rows.push(row(check, 'fail', `replication factor: blue ${rfBlue}, green ${rfGreen}`));
  if (rfGreen > rfBlue) rows.push(row(check, 'warn', `replication factor: blue ${rfBlue}, green ${rfGreen}`));
  if (blue.configs === undefined || green.configs === undefined) {
    rows.push(row(check, 'warn', `configs not compared: the ${blue.configs === undefined ? 'blue' : 'green'} broker cannot describe configs`));
    return { rows, actions };
  }
  const differences = configDifferences(blue.configs, green.configs);
  if (differences.length > 0) {
    rows.push(row(check, 'fail', `configs differ: ${differences.join('; ')}`));
    actions.push(alignAction(kafka, blue, differences));
  }
  return { rows, actions };
}

function removedConfigsRow(topics: readonly TopicDescription[]): CheckRow[] {
  const using = topics.filter((t) => Object.keys(t.configs ?? {}).some((key) => REMOVED_IN_KAFKA_4.has(key)));
  if (using.length === 0) return [];
  const names = using.map((t) => t.name).join(', ');
  return [row('topics', 'warn', `configs removed in Kafka 4.0 (${[...REMOVED_IN_KAFKA_4].join(', ')}) are set on blue and not carried to green: ${names}`)];
}

/**
 * Check 2: every non-internal, non-excluded blue topic exists on green with the same partition
 * count, replication factor and non-default topic configs. Sync creates missing topics and
 * aligns configs, on green only.
 */
export async function checkTopics(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  const exclude = plan.topics.exclude;
  const [blueNames, greenNames] = await Promise.all([ports.blue.kafka.listTopics(), ports.green.kafka.listTopics()]);
  const wanted = blueNames.filter((name) => !name.startsWith('__') && !isExcluded(name, exclude)).sort();
  const present = new Set(greenNames);
  const [blueTopics, greenTopics] = await Promise.all([
    wanted.length > 0 ? ports.blue.kafka.describeTopics(wanted) : [],
    wanted.some((n) => present.has(n)) ? ports.green.kafka.describeTopics(wanted.filter((n) => present.has(n))) : [],
  ]);
  const greenByName = new Map(greenTopics.map((t) => [t.name, t]));
  const outcome: CheckOutcome = { rows: [], actions: [] };
  for (const blue of blueTopics) {
    const green = greenByName.get(blue.name);
    const part = green
      ? compareTopic(blue, green, ports.green.kafka)
      : { rows: [row(`topics/${blue.name}`, 'fail', 'missing on green')], actions: [createAction(ports.green.kafka, blue)] };
    outcome.rows.push(...part.rows);
    outcome.actions.push(...part.actions);
  }
  const excluded = blueNames.length - wanted.length;
  const failing = new Set(outcome.rows.filter((r) => r.status === 'fail').map((r) => r.check)).size;
  const summary = `${wanted.length - failing} of ${wanted.length} blue topics match on green${excluded > 0 ? ` (${excluded} internal or excluded)` : ''}`;
  outcome.rows.unshift(row('topics', failing > 0 ? 'fail' : 'ok', summary), ...removedConfigsRow(blueTopics));
  return outcome;
}
