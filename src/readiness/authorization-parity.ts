import type { Plan } from '../domain/plan.ts';
import { checkAclParity } from './acl-parity.ts';
import { type CheckOutcome, outcomeOf } from './check-row.ts';
import { checkIamParity } from './iam-parity.ts';
import type { ReadinessPorts } from './readiness-ports.ts';
import { checkScramParity } from './scram-parity.ts';

/** Clients allowed on green as on blue: IAM policies, SCRAM secrets, Kafka ACLs. */
export async function authorizationOutcome(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  const parts = [
    await outcomeOf('authorization/iam', () => checkIamParity(ports, plan)),
    await outcomeOf('authorization/scram', () => checkScramParity(ports, plan)),
    await outcomeOf('authorization/acls', () => checkAclParity(ports, plan)),
  ];
  return { rows: parts.flatMap((p) => p.rows), actions: parts.flatMap((p) => p.actions) };
}
