import { err, ok, type Result } from '@kraft-canary/client/contract';
import { formatDuration } from '../../domain/duration.ts';
import { decommissionQuietSeconds, type Plan, parsePlan, validatePlan } from '../../domain/plan.ts';
import { DEFAULT_REHEARSAL_PLAN } from './default-plan.ts';
import type { ServiceLayout } from './fleet-layout.ts';
import { type Injection, injectionLabel, type OptionsError } from './options.ts';

/** Plan text from --plan, or undefined for the built-in plan; problems listed one per line. */
export function loadRehearsalPlan(text: string | undefined, source: string): Result<Plan, OptionsError> {
  const parsed = text === undefined ? validatePlan(DEFAULT_REHEARSAL_PLAN) : parsePlan(text);
  if (parsed.ok) return parsed;
  const lines = parsed.error.issues.map((i) => `  ${i.path}: ${i.message}`);
  return err({ message: [`${source}: ${parsed.error.message}`, ...lines].join('\n') });
}

/** The stage index at which the fault fires; a percentage the plan does not stop at is an error. */
export function injectionStage(plan: Plan, inject: Injection): Result<number, OptionsError> {
  const index = plan.stages.findIndex((s) => s.greenPercent === inject.atPercent);
  if (index >= 0) return ok(index);
  const stops = plan.stages.map((s) => `${s.greenPercent}`).join(', ');
  return err({
    message: `--inject ${injectionLabel(inject)}: the plan has no stage at ${inject.atPercent}% (its stages: ${stops})`,
  });
}

export interface ScaledTimes {
  readonly bakeSeconds: readonly number[];
  readonly drain: { readonly stableFor: number; readonly timeout: number; readonly pollEvery: number };
  readonly decommissionQuietFor: number;
}

const scaleDown = (seconds: number, speed: number, min: number) => (seconds === 0 ? 0 : Math.max(min, Math.round(seconds / speed)));

/**
 * The shortest bake of the first stage, in seconds, whatever the speed. Consumers first join
 * green at the first canary write (DESIGN §3), and a group forming on librdkafka's mock broker
 * takes 3 s for the first join and session timeout − 1 s (5 s) for each further rebalance; a
 * member whose SyncGroup reaches the mock after the leader's is refused (INVALID_REQUEST) and
 * rejoins. A real bake of 15 minutes absorbs that; a bake scaled ×100 (9 s) would charge the
 * group's formation, not green, to the first stage's lag gates.
 */
export const FIRST_STAGE_MIN_BAKE_SECONDS = 20;

/**
 * Plan times divided by the speed factor, in the whole seconds plans are written in. Bounds
 * follow the plan schema (drain timeout at least 60 s and above stableFor, poll at least 1 s),
 * so the scaled plan still passes the controller's validation.
 */
export function scaledTimes(plan: Plan, speed: number): ScaledTimes {
  const stableFor = scaleDown(plan.drain.stableFor, speed, 1);
  return {
    bakeSeconds: plan.stages.map((s, i) =>
      i === 0 && s.bake > 0 ? Math.max(FIRST_STAGE_MIN_BAKE_SECONDS, scaleDown(s.bake, speed, 1)) : scaleDown(s.bake, speed, 1),
    ),
    drain: {
      stableFor,
      timeout: Math.max(60, stableFor + 1, scaleDown(plan.drain.timeout, speed, 1)),
      pollEvery: Math.max(1, scaleDown(plan.drain.pollEvery, speed, 1)),
    },
    decommissionQuietFor: scaleDown(decommissionQuietSeconds(plan), speed, 1),
  };
}

/**
 * The plan as the state machine receives it (the YAML shape, durations as text), with the
 * rehearsal's scaled times and local bootstrap strings. A change window is dropped: the
 * rehearsal runs now, whatever the plan allows in production. The fleet's groups are always
 * listed: the local brokers cannot list groups, and the drain must prove those groups empty.
 */
export function rehearsalPlanInput(
  plan: Plan,
  layout: readonly ServiceLayout[],
  speed: number,
  bootstrap: { blue: string; green: string },
): Record<string, unknown> {
  const times = scaledTimes(plan, speed);
  const { window: _window, ...rest } = plan;
  return {
    ...rest,
    clusters: {
      blue: { ...plan.clusters.blue, bootstrap: bootstrap.blue },
      green: { ...plan.clusters.green, bootstrap: bootstrap.green },
    },
    consumerGroups: [...new Set([...plan.consumerGroups, ...layout.map((service) => service.group)])],
    stages: plan.stages.map((stage, i) => ({ ...stage, bake: formatDuration(times.bakeSeconds[i] ?? 0) })),
    drain: {
      stableFor: formatDuration(times.drain.stableFor),
      timeout: formatDuration(times.drain.timeout),
      pollEvery: formatDuration(times.drain.pollEvery),
    },
    approvalTimeout: formatDuration(plan.approvalTimeout),
    decommissionQuietFor: formatDuration(times.decommissionQuietFor),
  };
}
