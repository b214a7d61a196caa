import type { Cluster, Phase } from '@kraft-canary/client/contract';
import type { Accounting } from './accounting.ts';
import type { RollbackPropagation, RoutingChangePropagation } from './rollback-propagation.ts';
import type { StagePeriod } from './stage-timeline.ts';

export const REPORT_SCHEMA = 1;

/** One progress sample: what the live display shows and the HTML chart plots. */
export interface Sample {
  readonly at: number;
  readonly phase: Phase;
  readonly greenPercent: number;
  /** Acknowledged sends per second since the previous sample. */
  readonly produced: Readonly<Record<Cluster, number>>;
  /** Deliveries per second since the previous sample. */
  readonly consumed: Readonly<Record<Cluster, number>>;
  /** Total consumer-group lag; null when the cluster could not be asked (down, stopped). */
  readonly lag: Readonly<Record<Cluster, number | null>>;
}

export interface GateRecord {
  readonly at: number;
  readonly greenPercent: number;
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly reasons: readonly string[];
  /** Green against blue with its numbers, when the plan has an analysis section. */
  readonly analysis?: string;
}

export interface FaultRecord {
  readonly kind: 'green-outage' | 'green-slow';
  readonly atPercent: number;
  /** When green's brokers went down (green-slow: started answering late) and came back; null when that did not happen. */
  readonly downAt: number | null;
  readonly upAt: number | null;
  /** green-slow: the delay added to every response of green's brokers. */
  readonly rttMs?: number;
}

export interface RollbackRecord {
  readonly at: number;
  readonly by: string;
  readonly reason: string;
  readonly propagation: RollbackPropagation;
  /** When green was proven drained and dropped from the consumers, and by which execution; null when it was not. */
  readonly greenDropped: { readonly at: number; readonly by: string } | null;
}

/** One state machine execution of the run: the rollout, and the finish-rollback one a rollback starts. */
export interface ExecutionRecord {
  readonly name: string;
  /** The input's `entry`: rollout, finish-rollback, decommission. */
  readonly entry: string;
  /** SUCCEEDED, ABORTED, `FAILED (<error>)`. */
  readonly status: string;
}

export type ExpectedEnd = 'complete' | 'rolled-back';

export interface Outcome {
  readonly expected: ExpectedEnd;
  /** Phase of the last routing write; null when the rollout never wrote one. */
  readonly reached: Phase | null;
  /** How the rollout execution ended (SUCCEEDED, FAILED, ABORTED, ...); every execution is in `executions`. */
  readonly execution: string;
  readonly passed: boolean;
  /** Why it did not pass, or notes worth reading when it did. */
  readonly reasons: readonly string[];
}

/** What the mover service (reads blue only, moved at the cutover) read, against every acknowledged send. */
export interface MoverRecord {
  readonly group: string;
  /** Where it read last, and when it was moved there (epoch ms; null: never moved). */
  readonly cluster: Cluster;
  readonly movedAt: number | null;
  readonly accounting: Accounting;
}

export interface RehearsalReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly migration: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationSeconds: number;
  readonly settings: {
    readonly plan: string;
    readonly services: number;
    /** Instances per service. */
    readonly instances: number;
    /** Messages per second per instance. */
    readonly rate: number;
    readonly speed: number;
    readonly stages: readonly number[];
    readonly inject: string | null;
  };
  readonly outcome: Outcome;
  /** Every execution in the order they started. */
  readonly executions: readonly ExecutionRecord[];
  readonly accounting: Accounting;
  readonly stages: readonly StagePeriod[];
  readonly gates: readonly GateRecord[];
  readonly fault: FaultRecord | null;
  readonly rollback: RollbackRecord | null;
  /** Per routing write: from the write to every instance's switch, and how many learned it by push or by poll. */
  readonly routingChanges: readonly RoutingChangePropagation[];
  /** Consumer-group rebalances seen (each can redeliver uncommitted messages). */
  readonly rebalances: number;
  /** The mover service's own accounting; absent when the run had none (a fault rolls back). */
  readonly mover?: MoverRecord;
  readonly samples: readonly Sample[];
}

/** "3 services × 2 instances", singular where it is one. */
export function fleetSize(settings: Pick<RehearsalReport['settings'], 'services' | 'instances'>): string {
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return `${count(settings.services, 'service')} × ${count(settings.instances, 'instance')}`;
}
