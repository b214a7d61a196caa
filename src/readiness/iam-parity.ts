import { CLIENT_ACTIONS, type MskResourceKind, mskResourceArn } from '../domain/msk-resources.ts';
import type { Plan } from '../domain/plan.ts';
import { type CheckOutcome, type CheckRow, row } from './check-row.ts';
import type { PrincipalPolicySimulator, ReadinessPorts } from './readiness-ports.ts';

type Principal = NonNullable<Plan['clients']>['principals'][number];
/** Resources per SimulatePrincipalPolicy call, to keep each request small. */
const RESOURCES_PER_CALL = 40;

interface Grant {
  readonly action: string;
  readonly kind: MskResourceKind;
  readonly name: string;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The grants a principal holds on one cluster, by action, resource kind and name. */
async function grantsOn(iam: PrincipalPolicySimulator, principal: string, clusterArn: string, names: Record<MskResourceKind, string[]>): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (const kind of ['cluster', 'topic', 'group'] as const) {
    const byArn = new Map(names[kind].map((name) => [mskResourceArn(clusterArn, kind, name), name]));
    for (const arns of chunks([...byArn.keys()], RESOURCES_PER_CALL)) {
      for (const decision of await iam.simulate(principal, CLIENT_ACTIONS[kind], arns)) {
        const name = byArn.get(decision.resource);
        if (decision.allowed && name !== undefined) grants.push({ action: decision.action, kind, name });
      }
    }
  }
  return grants;
}

const grantKey = (g: Grant) => `${g.action} ${g.kind} ${g.name}`;

/** The policy statement that would give the principal on green what it has on blue. */
function statementFor(missing: readonly Grant[], greenArn: string): string {
  const statement = {
    Effect: 'Allow',
    Action: [...new Set(missing.map((g) => g.action))].sort(),
    Resource: [...new Set(missing.map((g) => mskResourceArn(greenArn, g.kind, g.name)))].sort(),
  };
  return JSON.stringify(statement);
}

async function principalRow(iam: PrincipalPolicySimulator, plan: Plan, principal: Principal, blueTopics: string[]): Promise<CheckRow> {
  const label = `authorization/iam/${principal.service ?? principal.arn}`;
  const names = { cluster: [''], topic: principal.topics ?? blueTopics, group: principal.groups ?? plan.consumerGroups };
  const onBlue = await grantsOn(iam, principal.arn, plan.clusters.blue.arn, names);
  if (onBlue.length === 0) return row(label, 'warn', `${principal.arn} may do nothing on blue: is it the principal the service runs as?`);
  const onGreen = new Set((await grantsOn(iam, principal.arn, plan.clusters.green.arn, names)).map(grantKey));
  const missing = onBlue.filter((grant) => !onGreen.has(grantKey(grant)));
  if (missing.length === 0) return row(label, 'ok', `same access on green: ${onBlue.length} action(s) allowed on blue are allowed on green`);
  const denied = missing.slice(0, 5).map((g) => `${g.action} on ${g.kind === 'cluster' ? 'the cluster' : `${g.kind} ${g.name}`}`);
  const more = missing.length > denied.length ? ` and ${missing.length - denied.length} more` : '';
  return row(
    label,
    'fail',
    `${principal.arn} is denied on green what it may do on blue: ${denied.join(', ')}${more}. Add to its IAM policy (readiness never edits IAM): ${statementFor(missing, plan.clusters.green.arn)}`,
  );
}

/**
 * IAM clusters: every plan principal may do on green what it may do on blue (Connect,
 * DescribeTopic, ReadData, WriteData, DescribeGroup, AlterGroup…), judged by IAM's policy
 * simulator against green's cluster, topic and group ARNs.
 */
export async function checkIamParity(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  if (plan.clusters.green.auth.mechanism !== 'iam') return { rows: [], actions: [] };
  const principals = plan.clients?.principals ?? [];
  if (principals.length === 0) {
    return { rows: [row('authorization/iam', 'warn', 'the plan names no clients.principals: client access to green is not checked')], actions: [] };
  }
  if (ports.iam === undefined) {
    // IAM has no VPC interface endpoint: the preflight Lambda leaves this check to the CLI.
    return {
      rows: [row('authorization/iam', 'warn', 'not checked here (no IAM access): run kraft-canary readiness or preflight from an operator machine')],
      actions: [],
    };
  }
  const iam = ports.iam;
  const excluded = new Set(plan.topics.exclude);
  const blueTopics = (await ports.blue.kafka.listTopics()).filter((topic) => !excluded.has(topic));
  const rows: CheckRow[] = [];
  for (const principal of principals) rows.push(await principalRow(iam, plan, principal, blueTopics));
  return { rows, actions: [] };
}
