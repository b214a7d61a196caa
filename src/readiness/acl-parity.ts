import { describeAcl, missingAcls } from '../domain/acl-diff.ts';
import type { Plan } from '../domain/plan.ts';
import { type CheckOutcome, row } from './check-row.ts';
import type { ReadinessPorts } from './readiness-ports.ts';

/** Kafka ACLs authorize clients on SCRAM and TLS clusters (IAM clusters use IAM policies instead). */
const usesAcls = (plan: Plan) => ['scram-sha-512', 'tls'].includes(plan.clusters.green.auth.mechanism);

/** Every ACL of blue exists on green; --sync creates the missing ones on green only. */
export async function checkAclParity(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  if (!usesAcls(plan)) return { rows: [], actions: [] };
  const blueAcls = ports.blue.acls;
  const greenAcls = ports.green.acls;
  if (blueAcls === undefined || greenAcls === undefined)
    return { rows: [row('authorization/acls', 'fail', 'cannot check: no ACL access to both clusters')], actions: [] };
  const [blue, green] = await Promise.all([blueAcls.describeAcls(), greenAcls.describeAcls()]);
  const missing = missingAcls(blue, green);
  if (missing.length === 0) return { rows: [row('authorization/acls', 'ok', `all ${blue.length} ACL(s) of blue exist on green`)], actions: [] };
  const shown = missing.slice(0, 5).map(describeAcl).join('; ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  return {
    rows: [row('authorization/acls', 'fail', `${missing.length} ACL(s) of blue are missing on green: ${shown}${more}`)],
    actions: [{ scope: 'authorization', description: `create ${missing.length} ACL(s) on green`, run: () => greenAcls.createAcls(missing) }],
  };
}
