import { isConnectStorageTopic, streamsTopicsOf } from '../domain/group-class.ts';
import { type InputRetention, judgeInputRetention, judgeState, retentionSeconds, rolloutWindowSeconds } from '../domain/mover-state.ts';
import type { Mover, Plan } from '../domain/plan.ts';
import { type CheckRow, row } from './check-row.ts';
import type { GroupBaseline } from './consumer-baseline.ts';
import type { KafkaReader, ReadinessPorts } from './readiness-ports.ts';

const holdsMessages = async (kafka: KafkaReader, topic: string): Promise<boolean> => (await kafka.topicOffsets(topic)).some((p) => p.high > p.low);

/** Changelogs of a Streams mover, or the offsets topics of a Connect one, that hold messages on blue. */
async function stateTopics(ports: ReadinessPorts, mover: Mover, blueTopics: readonly string[]): Promise<string[]> {
  const candidates =
    mover.kind === 'streams'
      ? streamsTopicsOf(mover.group, blueTopics).changelogs
      : mover.kind === 'connect'
        ? blueTopics.filter((t) => isConnectStorageTopic(t) && t.endsWith('offsets'))
        : [];
  const holding = await Promise.all(candidates.map((t) => holdsMessages(ports.blue.kafka, t)));
  return candidates.filter((_, i) => holding[i]);
}

async function replicatedOnGreen(ports: ReadinessPorts, topics: readonly string[]): Promise<string[]> {
  if (topics.length === 0) return [];
  const onGreen = new Set(await ports.green.kafka.listTopics());
  const present = topics.filter((t) => onGreen.has(t));
  const holding = await Promise.all(present.map((t) => holdsMessages(ports.green.kafka, t)));
  return present.filter((_, i) => holding[i]);
}

async function inputRetention(ports: ReadinessPorts, inputs: readonly string[]): Promise<InputRetention[]> {
  if (inputs.length === 0) return [];
  const described = new Map((await ports.green.kafka.describeTopics(inputs)).map((d) => [d.name, d] as const));
  return inputs.map((topic) => ({ topic, seconds: described.has(topic) ? retentionSeconds(described.get(topic)?.configs) : null }));
}

/** A mover's inputs: the plan's topics, else what it commits on blue outside its own internal topics. */
function inputsOf(mover: Mover, baseline: GroupBaseline | undefined, blueTopics: readonly string[]): string[] {
  if (mover.topics !== undefined) return [...mover.topics];
  const { changelogs, repartitions } = streamsTopicsOf(mover.group, blueTopics);
  const internal = new Set([...changelogs, ...repartitions]);
  return (baseline?.topics ?? []).filter((t) => !internal.has(t));
}

/**
 * For each mover: green keeps its inputs at least the rollout window (it reads them only after
 * the move), and its state reaches green by the plan's strategy.
 */
export async function moverRows(ports: ReadinessPorts, plan: Plan, groups: readonly GroupBaseline[], blueTopics: readonly string[]): Promise<CheckRow[]> {
  const windowSeconds = rolloutWindowSeconds(plan);
  const rows: CheckRow[] = [];
  for (const mover of plan.movers ?? []) {
    const inputs = await inputRetention(
      ports,
      inputsOf(
        mover,
        groups.find((g) => g.group === mover.group),
        blueTopics,
      ),
    );
    const retention = judgeInputRetention(inputs, windowSeconds);
    rows.push(row(`movers/${mover.group}/retention`, retention.status, retention.details));
    const state = await stateTopics(ports, mover, blueTopics);
    const replicated = await replicatedOnGreen(ports, state);
    const judged = judgeState({ mover, stateTopics: state, replicated, inputs, windowSeconds });
    rows.push(row(`movers/${mover.group}/state`, judged.status, judged.details));
  }
  return rows;
}
