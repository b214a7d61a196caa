import type { Plan } from '../domain/plan.ts';
import type { LambdaKafkaTriggers, Logger } from '../ports/index.ts';
import { safeReason } from './check-row.ts';
import { blueConsumers } from './consumer-baseline.ts';
import { greenCoverage } from './consumer-coverage.ts';
import type { BlueSide, GreenSide, OpenedReadinessPorts } from './readiness-ports.ts';
import { isActive, pairTriggers, triggerDeclarations } from './trigger-twins.ts';

export interface FirstStagePorts {
  readonly blue: BlueSide;
  readonly green: GreenSide;
  readonly triggers: LambdaKafkaTriggers;
}

export type CoverageGateResult =
  | { readonly kind: 'ready'; readonly covered: number }
  | { readonly kind: 'refused'; readonly code: 'consumer-coverage'; readonly message: string; readonly missing: readonly string[] };

/**
 * Enables the green twins of blue's Lambda triggers (created disabled by `readiness --sync`).
 * Idempotent: twins already enabled are left alone; only twins, never other mappings, change.
 */
export function enableGreenTriggers(ports: Pick<FirstStagePorts, 'triggers'>) {
  return async (plan: Plan): Promise<{ enabled: string[]; missingTwins: string[] }> => {
    const [blue, green] = await Promise.all([ports.triggers.list(plan.clusters.blue.arn), ports.triggers.list(plan.clusters.green.arn)]);
    const pairs = pairTriggers(blue, green);
    const enabled: string[] = [];
    for (const { green: twin } of pairs) {
      if (twin === undefined || isActive(twin)) continue;
      await ports.triggers.enable(twin.uuid);
      enabled.push(twin.uuid);
    }
    return { enabled, missingTwins: pairs.filter((p) => p.green === undefined).map((p) => p.blue.uuid) };
  };
}

/**
 * The first-stage gate: refuses while a group that consumes a migrated topic on blue has no
 * active reader on green. Read-only; call it after enableGreenTriggers, right before the first
 * canary write.
 */
export function consumerCoverageGate(ports: FirstStagePorts) {
  return async (plan: Plan): Promise<CoverageGateResult> => {
    const [consumers, blueTriggers, greenTriggers] = await Promise.all([
      blueConsumers(ports.blue, plan),
      ports.triggers.list(plan.clusters.blue.arn),
      ports.triggers.list(plan.clusters.green.arn),
    ]);
    const declared = triggerDeclarations(pairTriggers(blueTriggers, greenTriggers));
    const coverage = await greenCoverage(ports.green, consumers.groups, plan, declared, 'gate');
    if (coverage.missing.length === 0) return { kind: 'ready', covered: coverage.covered };
    const message = `no reader on green for ${coverage.missing.length} consumer group(s) that consume on blue: ${coverage.missing.join(', ')}`;
    return { kind: 'refused', code: 'consumer-coverage', message, missing: coverage.missing };
  };
}

export type FirstStageResult = CoverageGateResult & { readonly enabledTriggers?: readonly string[] };

/**
 * Everything due right before the first canary write, in order: enable the green Lambda
 * trigger twins, then refuse unless every consumer of blue has an active reader on green.
 * Idempotent, so a retried step is safe.
 */
export function prepareFirstStage(ports: FirstStagePorts) {
  return async (plan: Plan): Promise<FirstStageResult> => {
    const { enabled } = await enableGreenTriggers(ports)(plan);
    const gate = await consumerCoverageGate(ports)(plan);
    return { ...gate, enabledTriggers: enabled };
  };
}

export type FirstStageGateResult = FirstStageResult | { readonly kind: 'refused'; readonly code: 'first-stage-unchecked'; readonly message: string };

/**
 * prepareFirstStage over ports opened for the plan and closed afterwards: set-routing's
 * `firstStage` port. A gate that cannot run (a cluster or the Lambda API unreachable, access
 * denied) refuses the write, so the rollout holds before any producer moves and a later run
 * tries again; nothing is ever rolled back for it.
 */
export function firstStageGate(open: (plan: Plan) => Promise<OpenedReadinessPorts>, logger: Logger) {
  return async (plan: Plan): Promise<FirstStageGateResult> => {
    let opened: OpenedReadinessPorts | undefined;
    try {
      opened = await open(plan);
      const result = await prepareFirstStage(opened.ports)(plan);
      logger.info('first-stage gate', { migration: plan.migration, result: result.kind, enabledTriggers: result.enabledTriggers?.length ?? 0 });
      return result;
    } catch (error) {
      const reason = safeReason(error);
      logger.warn('first-stage gate could not run', { migration: plan.migration, error: reason });
      return { kind: 'refused', code: 'first-stage-unchecked', message: `the checks before the first canary write could not run: ${reason}` };
    } finally {
      await opened?.close();
    }
  };
}
