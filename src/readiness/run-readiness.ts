import { DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import type { Plan } from '../domain/plan.ts';
import type { Clock } from '../ports/index.ts';
import { authorizationOutcome } from './authorization-parity.ts';
import { type CheckOutcome, type CheckRow, type CheckStatus, outcomeOf, row, type SyncAction, type SyncScope, safeReason, worstStatus } from './check-row.ts';
import { checkClusters } from './cluster-parity.ts';
import { baselineRows, blueConsumers, type GroupBaseline } from './consumer-baseline.ts';
import { greenCoverage } from './consumer-coverage.ts';
import { checkControlTopic } from './control-topic.ts';
import { groupClassRows } from './group-classes.ts';
import { checkLambdaTriggers } from './lambda-trigger-parity.ts';
import { moverRows } from './mover-readiness.ts';
import type { ReadinessPorts } from './readiness-ports.ts';
import { checkSchemaRegistries } from './schema-registry-parity.ts';
import { checkTopics } from './topic-parity.ts';
import type { CoverageDeclaration } from './trigger-twins.ts';

export interface ReadinessOptions {
  /** Areas in which green may be changed; none by default (a read-only check). */
  readonly sync?: readonly SyncScope[];
  /** Everything sync will do, before it does any of it. */
  readonly onSyncPlan?: (descriptions: readonly string[]) => void;
  readonly onSyncResult?: (applied: AppliedAction) => void;
}

export interface AppliedAction {
  readonly scope: SyncScope;
  readonly description: string;
  readonly result: 'done' | 'failed';
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly migration: string;
  readonly checkedAt: string;
  readonly verdict: CheckStatus;
  readonly rows: readonly CheckRow[];
  /** Blue consumer groups with their lag when checked: the runbook's baseline snapshot. */
  readonly baseline: readonly GroupBaseline[];
  readonly applied: readonly AppliedAction[];
  /** What `--sync` would still change on green. */
  readonly pending: readonly { scope: SyncScope; description: string }[];
}

interface Inspection extends CheckOutcome {
  baseline: GroupBaseline[];
}

async function consumersOutcome(
  ports: ReadinessPorts,
  plan: Plan,
  declared: readonly CoverageDeclaration[],
  triggerGroups: readonly string[],
): Promise<CheckOutcome & { baseline: GroupBaseline[] }> {
  const blue = await blueConsumers(ports.blue, plan);
  const coverage = await greenCoverage(ports.green, blue.groups, plan, declared, 'readiness');
  const blueTopics = await ports.blue.kafka.listTopics();
  const classes = groupClassRows(blue.groups, blueTopics, plan, triggerGroups);
  const movers = await moverRows(ports, plan, blue.groups, blueTopics);
  return {
    rows: [...baselineRows(blue.groups, plan), ...blue.rows, ...coverage.rows, ...classes.rows, ...movers],
    actions: [],
    baseline: [...blue.groups],
  };
}

/** All the checks of the runbook's readiness list; each one failing to run is itself a failure. */
async function inspect(ports: ReadinessPorts, plan: Plan): Promise<Inspection> {
  const clusters = await outcomeOf('clusters', () => checkClusters(ports, plan));
  const topics = await outcomeOf('topics', () => checkTopics(ports, plan));
  const schemas = await outcomeOf('schemas', () => checkSchemaRegistries(ports, plan));
  const triggers = await outcomeOf('triggers', () => checkLambdaTriggers(ports, plan));
  const declared = 'declarations' in triggers ? triggers.declarations : [];
  const triggerGroups = 'blueGroups' in triggers ? triggers.blueGroups : [];
  const consumers = await outcomeOf('consumers', () => consumersOutcome(ports, plan, declared, triggerGroups));
  const authorization = await authorizationOutcome(ports, plan);
  const control = await outcomeOf('control-topic', () =>
    checkControlTopic({ blue: ports.blue.kafka, green: ports.green.kafka }, ports.controlTopic ?? DEFAULT_CONTROL_TOPIC),
  );
  const parts: CheckOutcome[] = [clusters, topics, schemas, consumers, triggers, authorization, control];
  return {
    rows: parts.flatMap((p) => p.rows),
    actions: parts.flatMap((p) => p.actions),
    baseline: 'baseline' in consumers ? consumers.baseline : [],
  };
}

async function apply(actions: readonly SyncAction[], options: ReadinessOptions): Promise<AppliedAction[]> {
  options.onSyncPlan?.(actions.map((a) => a.description));
  const applied: AppliedAction[] = [];
  // One at a time and in order: schema imports depend on earlier ones.
  for (const action of actions) {
    let outcome: AppliedAction;
    try {
      await action.run();
      outcome = { scope: action.scope, description: action.description, result: 'done' };
    } catch (error) {
      const hint = action.failureHint ? `. ${action.failureHint}` : '';
      outcome = { scope: action.scope, description: action.description, result: 'failed', reason: `${safeReason(error)}${hint}` };
    }
    applied.push(outcome);
    options.onSyncResult?.(outcome);
  }
  return applied;
}

/**
 * The readiness checks, shared by the `readiness` command and the preflight Lambda. With sync
 * scopes it changes green (never blue) to close the gaps found, then checks again, so that the
 * report shows the state after the changes and a second run changes nothing.
 */
export function runReadiness(ports: ReadinessPorts, clock: Clock) {
  return async (plan: Plan, options: ReadinessOptions = {}): Promise<ReadinessReport> => {
    const scopes = new Set(options.sync ?? []);
    let inspection = await inspect(ports, plan);
    const toApply = inspection.actions.filter((a) => scopes.has(a.scope));
    const applied = toApply.length > 0 ? await apply(toApply, options) : [];
    if (applied.length > 0) inspection = await inspect(ports, plan);
    const failedRows = applied.filter((a) => a.result === 'failed').map((a) => row(`sync/${a.scope}`, 'fail', `${a.description}: failed: ${a.reason}`));
    const rows = [...inspection.rows, ...failedRows];
    return {
      migration: plan.migration,
      checkedAt: new Date(clock.now()).toISOString(),
      verdict: worstStatus(rows),
      rows,
      baseline: inspection.baseline,
      applied,
      pending: inspection.actions.map((a) => ({ scope: a.scope, description: a.description })),
    };
  };
}
