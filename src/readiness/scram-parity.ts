import type { Plan } from '../domain/plan.ts';
import { type CheckOutcome, row } from './check-row.ts';
import type { ReadinessPorts } from './readiness-ports.ts';

const secretName = (arn: string) => arn.split(':secret:')[1] ?? arn;
const usesScram = (plan: Plan) => plan.clusters.blue.auth.mechanism === 'scram-sha-512' || plan.clusters.green.auth.mechanism === 'scram-sha-512';

/** SCRAM clusters: every secret associated with blue is associated with green; --sync associates the missing ones with green. */
export async function checkScramParity(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  if (!usesScram(plan)) return { rows: [], actions: [] };
  const scram = ports.scram;
  if (scram === undefined) return { rows: [row('authorization/scram', 'fail', 'cannot check: no access to the MSK SCRAM secrets')], actions: [] };
  const [blue, green] = await Promise.all([scram.list(plan.clusters.blue.arn), scram.list(plan.clusters.green.arn)]);
  const onGreen = new Set(green);
  const missing = blue.filter((arn) => !onGreen.has(arn));
  if (missing.length === 0)
    return { rows: [row('authorization/scram', 'ok', `all ${blue.length} SCRAM secret(s) of blue are associated with green`)], actions: [] };
  const names = missing.map(secretName).join(', ');
  return {
    rows: [row('authorization/scram', 'fail', `${missing.length} SCRAM secret(s) of blue are not associated with green: ${names}`)],
    actions: [
      {
        scope: 'authorization',
        description: `associate ${missing.length} SCRAM secret(s) with green: ${names}`,
        failureHint: 'the secrets must be named AmazonMSK_… and encrypted with a customer-managed KMS key',
        run: () => scram.associate(plan.clusters.green.arn, missing),
      },
    ],
  };
}
