import type { Mover, Plan } from './plan.ts';

/** Kafka's default log.retention.hours (168), which MSK keeps unless the cluster configuration changes it. */
export const DEFAULT_RETENTION_SECONDS = 7 * 86_400;

export type Judgement = { readonly status: 'ok' | 'warn' | 'fail'; readonly details: string };

/**
 * The longest the plan lets pass between the first canary write and the move of a mover: every
 * bake, every Slack approval's timeout, then the drain of blue and the wait for the moved group
 * on green (each bounded by drain.timeout). Messages sent to green at the first stage wait that
 * long for a mover.
 */
export function rolloutWindowSeconds(plan: Plan): number {
  const stages = plan.stages.reduce((sum, s) => sum + s.bake + (s.approval === 'slack' ? plan.approvalTimeout : 0), 0);
  return stages + 2 * plan.drain.timeout;
}

/**
 * A topic's time retention in seconds from its non-default configs: Infinity for -1 and for a
 * compacted-only topic, the default when unset; null when the broker could not describe configs.
 */
export function retentionSeconds(configs: Readonly<Record<string, string>> | undefined): number | null {
  if (configs === undefined) return null;
  const policy = configs['cleanup.policy'] ?? 'delete';
  if (!policy.split(',').includes('delete')) return Number.POSITIVE_INFINITY;
  const ms = configs['retention.ms'];
  if (ms === undefined) return DEFAULT_RETENTION_SECONDS;
  const value = Number(ms);
  return value < 0 ? Number.POSITIVE_INFINITY : value / 1000;
}

const hours = (seconds: number) => `${Math.round((seconds / 3600) * 10) / 10} h`;

export interface InputRetention {
  readonly topic: string;
  /** Seconds on green; null when unknown. */
  readonly seconds: number | null;
}

/** The input topic that holds messages the shortest time, or the first unknown one. */
function shortest(inputs: readonly InputRetention[]): InputRetention | undefined {
  const unknown = inputs.find((i) => i.seconds === null);
  if (unknown !== undefined) return unknown;
  return [...inputs].sort((a, b) => (a.seconds as number) - (b.seconds as number))[0];
}

/**
 * A mover reads green only after the cutover, from green's earliest offsets: whatever green's
 * retention deletes before then is never read.
 */
export function judgeInputRetention(inputs: readonly InputRetention[], windowSeconds: number): Judgement {
  const first = shortest(inputs);
  if (first === undefined) return { status: 'warn', details: "no input topics known: name them in the mover's topics" };
  if (first.seconds === null)
    return {
      status: 'warn',
      details: `retention of ${first.topic} on green unknown (configs not described): compare it with the rollout window ${hours(windowSeconds)}`,
    };
  if (first.seconds < windowSeconds)
    return {
      status: 'fail',
      details: `${first.topic} keeps ${hours(first.seconds)} on green, less than the rollout window ${hours(windowSeconds)}: messages sent to green at the first stage would expire before the move. Raise retention.ms on green or shorten the plan`,
    };
  return { status: 'ok', details: `inputs keep at least ${hours(first.seconds)} on green, rollout window ${hours(windowSeconds)}` };
}

export interface StateFacts {
  readonly mover: Mover;
  /** Changelog (Streams) or offsets (Connect) topics on blue that hold messages. */
  readonly stateTopics: readonly string[];
  /** Those of them that hold messages on green too. */
  readonly replicated: readonly string[];
  readonly inputs: readonly InputRetention[];
  readonly windowSeconds: number;
}

function judgeReplicated(facts: StateFacts): Judgement {
  const by = facts.mover.state?.replicatedBy;
  const missing = facts.stateTopics.filter((t) => !facts.replicated.includes(t));
  if (missing.length > 0)
    return {
      status: 'fail',
      details: `replicate by ${by?.tool} ${by?.name}: ${missing.join(', ')} hold nothing on green yet: start the replication before the move`,
    };
  return { status: 'ok', details: `replicate by ${by?.tool} ${by?.name}: ${facts.stateTopics.length} state topic(s) hold messages on green` };
}

/**
 * How a mover's state (Streams stores, Connect source offsets) reaches green. A Streams
 * application with no replica of its changelogs can only rebuild from its inputs, and cannot
 * when they keep less than the rollout window.
 */
export function judgeState(facts: StateFacts): Judgement {
  const strategy = facts.mover.state?.strategy;
  if (strategy === 'replicate') return judgeReplicated(facts);
  const first = shortest(facts.inputs);
  const tooShort = first !== undefined && first.seconds !== null && first.seconds < facts.windowSeconds;
  if (facts.mover.kind === 'streams' && facts.stateTopics.length > 0 && tooShort)
    return {
      status: 'fail',
      details: `changelogs ${facts.stateTopics.join(', ')} have no replica and ${first.topic} keeps ${hours(first.seconds as number)}, less than the rollout window ${hours(facts.windowSeconds)}: the stores cannot be rebuilt on green. Replicate the changelogs (state.strategy: replicate)`,
    };
  if (strategy === 'reprocess')
    return { status: 'warn', details: 'reprocess: reads green from its earliest offsets with empty state; downstream sees the reprocessed output again' };
  if (strategy === 'rebuild')
    return {
      status: 'warn',
      details: `rebuild: the state holds what green's inputs hold at the move, at most the rollout window ${hours(facts.windowSeconds)}; a store that needs older inputs must be replicated`,
    };
  if (facts.stateTopics.length === 0) return { status: 'ok', details: 'no state topics on blue' };
  return { status: 'warn', details: `state topics ${facts.stateTopics.join(', ')} and no state.strategy: name rebuild, replicate or reprocess` };
}
