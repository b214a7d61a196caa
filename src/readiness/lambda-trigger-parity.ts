import type { Plan } from '../domain/plan.ts';
import type { LambdaKafkaTrigger, LambdaKafkaTriggers, NewLambdaKafkaTrigger } from '../ports/index.ts';
import { type CheckOutcome, type CheckRow, row, type SyncAction } from './check-row.ts';
import type { ReadinessPorts } from './readiness-ports.ts';
import { type CoverageDeclaration, isActive, pairTriggers, type TriggerPair, triggerDeclarations, triggerGroup } from './trigger-twins.ts';

export const functionName = (t: Pick<LambdaKafkaTrigger, 'functionArn'>): string => t.functionArn.split(':function:')[1] ?? t.functionArn;

const access = (t: LambdaKafkaTrigger): string =>
  t.sourceAccess
    .map((a) => `${a.type}=${a.uri}`)
    .sort()
    .join(', ') || '(none)';

/** The twin to create on green: same function, topics, group, batching and auth; disabled. */
export function twinSpec(blue: LambdaKafkaTrigger, greenArn: string): NewLambdaKafkaTrigger {
  return {
    sourceArn: greenArn,
    functionArn: blue.functionArn,
    topics: blue.topics,
    // The same group id on both clusters keeps one name for the reader in lag metrics and gates.
    consumerGroupId: triggerGroup(blue),
    ...(blue.batchSize === undefined ? {} : { batchSize: blue.batchSize }),
    ...(blue.batchingWindowSeconds === undefined ? {} : { batchingWindowSeconds: blue.batchingWindowSeconds }),
    // Green starts empty: reading from its start loses nothing produced before the trigger polls.
    startingPosition: 'TRIM_HORIZON',
    sourceAccess: blue.sourceAccess,
    filterPatterns: blue.filterPatterns,
    ...(blue.onFailureDestination === undefined ? {} : { onFailureDestination: blue.onFailureDestination }),
    enabled: false,
  };
}

/** Differences of an existing twin that matter: each a [status, text]. */
export function twinDifferences(blue: LambdaKafkaTrigger, green: LambdaKafkaTrigger): [CheckRow['status'], string][] {
  const found: [CheckRow['status'], string][] = [];
  const compare = (name: string, b: unknown, g: unknown) => {
    if (b !== g) found.push(['warn', `${name}: blue ${b ?? '(default)'}, green ${g ?? '(default)'}`]);
  };
  compare('consumer group', triggerGroup(blue), triggerGroup(green));
  compare('batch size', blue.batchSize, green.batchSize);
  compare('batching window (s)', blue.batchingWindowSeconds, green.batchingWindowSeconds);
  compare('authentication', access(blue), access(green));
  compare('filters', [...blue.filterPatterns].sort().join(' | '), [...green.filterPatterns].sort().join(' | '));
  compare('on-failure destination', blue.onFailureDestination, green.onFailureDestination);
  if (green.startingPosition === 'LATEST') {
    found.push(['fail', 'starts at LATEST on green: messages produced before it polls would be skipped; recreate it with TRIM_HORIZON']);
  }
  return found;
}

function pairOutcome({ blue, green }: TriggerPair, greenArn: string, triggers: LambdaKafkaTriggers): CheckOutcome {
  const check = `triggers/${functionName(blue)}`;
  const what = `${blue.topics.join(', ')} (group ${triggerGroup(blue)})`;
  if (green === undefined) {
    const spec = twinSpec(blue, greenArn);
    const action: SyncAction = {
      scope: 'triggers',
      description: `create a disabled Lambda trigger for ${functionName(blue)} on green: ${what}, batch size ${spec.batchSize ?? 'default'}, TRIM_HORIZON, auth ${access(blue)}`,
      run: async () => void (await triggers.create(spec)),
    };
    return { rows: [row(check, 'fail', `no twin on green for ${what}`)], actions: [action] };
  }
  const rows = twinDifferences(blue, green).map(([status, text]) => row(check, status, text));
  if (!isActive(green)) rows.push(row(check, 'ok', `twin ${green.uuid} is ${green.state}: the rollout enables it at the first stage`));
  return { rows, actions: [] };
}

export interface TriggerFindings extends CheckOutcome {
  /** Blue trigger groups that green twins read for (consumer coverage counts them). */
  readonly declarations: CoverageDeclaration[];
  /** The groups of every Lambda trigger on blue, twinned or not (group classes name them). */
  readonly blueGroups: string[];
}

/** Check 5: each Lambda trigger on blue has a twin on green; sync creates the missing ones disabled. */
export async function checkLambdaTriggers(ports: ReadinessPorts, plan: Plan): Promise<TriggerFindings> {
  const greenArn = plan.clusters.green.arn;
  const [blue, green] = await Promise.all([ports.triggers.list(plan.clusters.blue.arn), ports.triggers.list(greenArn)]);
  const pairs = pairTriggers(blue, green);
  const outcome: TriggerFindings = { rows: [], actions: [], declarations: triggerDeclarations(pairs), blueGroups: blue.map(triggerGroup) };
  for (const pair of pairs) {
    const part = pairOutcome(pair, greenArn, ports.triggers);
    outcome.rows.push(...part.rows);
    outcome.actions.push(...part.actions);
  }
  const twins = pairs.filter((p) => p.green !== undefined).length;
  const status = outcome.rows.some((r) => r.status === 'fail') ? 'fail' : 'ok';
  outcome.rows.unshift(
    row('triggers', status, blue.length === 0 ? 'no Lambda trigger reads blue' : `${twins} of ${blue.length} Lambda triggers on blue have a twin on green`),
  );
  return outcome;
}
