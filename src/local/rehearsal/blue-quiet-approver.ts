import { type BlueQuiet, readBlueQuiet } from '../../controller/decommission/blue-connections.ts';
import type { MetricTiming } from '../../controller/gates/metric-timing.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Plan } from '../../domain/plan.ts';
import type { Clock, Timers } from '../../ports/index.ts';
import type { Decider } from './local-approvals.ts';
import type { RehearsalEnvironment } from './rehearsal-environment.ts';
import { BROKERS_PER_CLUSTER } from './rehearsal-environment.ts';
import { scaledTimes } from './rehearsal-plan.ts';
import type { RunSettings } from './run-settings.ts';

export interface QuietApproverOptions {
  /** Blue's ClientConnectionCount, judged as Decommission judges it. */
  readonly read: (now: number) => Promise<BlueQuiet>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly pollMs: number;
  /** Asks anyway after this long: Decommission then refuses and says which broker still had clients. */
  readonly timeoutMs: number;
  readonly onEvent: (at: number, text: string) => void;
}

const sleep = (timers: Timers, ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

/**
 * The runbook asks whoever approves the deletion to watch blue's active connections first. The
 * rehearsal's approver does the same, with Decommission's own rule: it answers a decommission
 * request only once blue has had no client for the plan's quiet period (or after `timeoutMs`).
 * Stage approvals pass straight through.
 */
export function approveWhenBlueQuiet(decide: Decider, options: QuietApproverOptions): Decider {
  return async (record, context) => {
    if (record.kind !== 'decommission') return decide(record, context);
    const { clock, timers } = options;
    const until = clock.now() + options.timeoutMs;
    let quiet = await options.read(clock.now());
    while (quiet.verdict.verdict !== 'quiet' && clock.now() < until) {
      await sleep(timers, options.pollMs);
      quiet = await options.read(clock.now());
    }
    const seen = quiet.verdict.verdict === 'quiet' ? `no client on blue for ${formatDuration(quiet.quietForSeconds)}` : `blue still ${quiet.verdict.verdict}`;
    options.onEvent(clock.now(), `decommission approval: ${seen}; asking now`);
    return decide(record, context);
  };
}

/** The local metric store's timing: its scaled period, and points readable the moment they are put. */
export const rehearsalMetricTiming = (env: RehearsalEnvironment): MetricTiming => ({ periodMs: env.metrics.periodMs(60), publicationDelayPeriods: 0 });

/** The run's decider, waiting for blue to be quiet (scaled like the plan) before the deletion. */
export function rehearsalDecider(s: RunSettings, env: RehearsalEnvironment): Decider {
  const quietFor = scaledTimes(s.plan, s.speed).decommissionQuietFor;
  const plan: Plan = { ...s.plan, decommissionQuietFor: quietFor };
  const timing = rehearsalMetricTiming(env);
  return approveWhenBlueQuiet(s.decide, {
    read: (now) => readBlueQuiet({ metrics: env.metrics, catalog: env.metrics, timing }, plan, now, BROKERS_PER_CLUSTER),
    clock: s.clock,
    timers: s.timers,
    pollMs: timing.periodMs,
    timeoutMs: quietFor * 1000 + 30_000,
    onEvent: (at, text) => s.progress.event(at, text),
  });
}
