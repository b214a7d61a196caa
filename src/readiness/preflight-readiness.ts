import type { Plan } from '../domain/plan.ts';
import { authorizationOutcome } from './authorization-parity.ts';
import { type CheckOutcome, outcomeOf, row, safeReason } from './check-row.ts';
import { checkKraftAndParity } from './cluster-parity.ts';
import { blueConsumers, stateRows } from './consumer-baseline.ts';
import { greenCoverage } from './consumer-coverage.ts';
import { checkLambdaTriggers } from './lambda-trigger-parity.ts';
import type { OpenedReadinessPorts, ReadinessPorts } from './readiness-ports.ts';
import { checkSchemaRegistries } from './schema-registry-parity.ts';

export type PreflightCheck = (plan: Plan) => Promise<CheckOutcome>;

async function consumersAndTriggers(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  const triggers = await outcomeOf('triggers', () => checkLambdaTriggers(ports, plan));
  const declared = 'declarations' in triggers ? triggers.declarations : [];
  const consumers = await outcomeOf('consumers', async () => {
    const blue = await blueConsumers(ports.blue, plan);
    const coverage = await greenCoverage(ports.green, blue.groups, plan, declared, 'readiness');
    return { rows: [...stateRows(blue.groups), ...blue.rows, ...coverage.rows], actions: [] };
  });
  return { rows: [...consumers.rows, ...triggers.rows], actions: [] };
}

/**
 * The readiness checks the preflight use case does not run itself (it checks reachability,
 * ACTIVE, topic parity and blue's lag): green's KRaft mode and specs, the schema registries,
 * consumer groups' state and readers on green, Lambda trigger twins, and client authorization
 * (IAM, SCRAM, ACLs). Read-only: the
 * preflight never syncs; the actions in the outcomes are dropped. Pass as `extraChecks`.
 */
export function preflightReadinessChecks(ports: ReadinessPorts): PreflightCheck[] {
  const readOnly = async (run: Promise<CheckOutcome>): Promise<CheckOutcome> => ({ rows: (await run).rows, actions: [] });
  return [
    (plan) => readOnly(outcomeOf('clusters', () => checkKraftAndParity(ports, plan))),
    (plan) => readOnly(outcomeOf('schemas', () => checkSchemaRegistries(ports, plan))),
    (plan) => consumersAndTriggers(ports, plan),
    (plan) => readOnly(authorizationOutcome(ports, plan)),
  ];
}

/**
 * One preflight check that opens the plan's readiness ports, runs preflightReadinessChecks and
 * closes them: pass `[preflightReadiness(open)]` as the preflight's `extraChecks`.
 */
export function preflightReadiness(open: (plan: Plan) => Promise<OpenedReadinessPorts>): PreflightCheck {
  return async (plan) => {
    const opened = await outcomeOfOpen(open, plan);
    if ('rows' in opened) return opened;
    try {
      const outcomes = await Promise.all(preflightReadinessChecks(opened.ports).map((check) => check(plan)));
      return { rows: outcomes.flatMap((o) => o.rows), actions: [] };
    } finally {
      await opened.close();
    }
  };
}

async function outcomeOfOpen(open: (plan: Plan) => Promise<OpenedReadinessPorts>, plan: Plan): Promise<OpenedReadinessPorts | CheckOutcome> {
  try {
    return await open(plan);
  } catch (error) {
    return { rows: [row('readiness', 'fail', `cannot connect the readiness checks: ${safeReason(error)}`)], actions: [] };
  }
}
