import { z } from 'zod';
import type { Plan } from '../../domain/plan.ts';
import type {
  AuditArchive,
  Clock,
  ClusterDescription,
  ClusterRegistry,
  KafkaAdmins,
  Logger,
  MetricsCatalog,
  MetricsReader,
  Notification,
  RoutingStore,
} from '../../ports/index.ts';
import { groupLag } from '../drain/group-offsets.ts';
import type { MetricTiming } from '../gates/metric-timing.ts';
import { readRouting } from '../routing/current-routing.ts';
import { ApprovalSchema, DrainProofSchema, ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';
import { type BlueQuiet, describeBlueQuiet, readBlueQuiet } from './blue-connections.ts';
import { type ClusterSnapshot, snapshotCluster } from './cluster-snapshot.ts';

export interface DecommissionPorts {
  readonly routing: RoutingStore;
  readonly clusters: ClusterRegistry;
  readonly kafka: KafkaAdmins;
  readonly archive: AuditArchive;
  /** Blue's MSK ClientConnectionCount (CloudWatch GetMetricData / ListMetrics). */
  readonly metrics: MetricsReader;
  readonly catalog: MetricsCatalog;
  /** Default CloudWatch's: one-minute periods, two minutes of publication delay. */
  readonly metricTiming?: MetricTiming;
  readonly clock: Clock;
  readonly logger: Logger;
}

export const DecommissionInputSchema = z.object({
  plan: z.unknown(),
  /** Blue as preflight recorded it: the ARN and CurrentVersion that may be deleted. */
  expected: z.object({ arn: z.string().min(1), currentVersion: z.string().min(1) }),
  drainProof: DrainProofSchema.nullable().default(null),
  approval: ApprovalSchema,
  executionArn: ExecutionArnSchema,
});

export type DecommissionInput = z.input<typeof DecommissionInputSchema>;
type Input = z.output<typeof DecommissionInputSchema>;

export interface GuardCheck {
  name: 'phase-complete' | 'drain-proof' | 'approved' | 'arn-matches' | 'version-matches' | 'blue-empty' | 'blue-no-clients';
  ok: boolean;
  detail: string;
}

export interface DecommissionOutput {
  kind: 'deleted' | 'dry-run' | 'refused';
  cluster: { arn: string; name: string; state: string; currentVersion: string };
  checks: GuardCheck[];
  /** What deletion would remove (dry-run) or removed. */
  holds: { topics: number; partitions: number; groups: number };
  snapshot: { key: string; versionId?: string } | null;
  notification: Notification;
}

/**
 * How old the drain proof may be at deletion: the approval wait plus the drain window and an
 * hour. After completion nothing produces to blue and no consumer reads it, so the proof only
 * ages; `blue-empty` re-checks the offsets in the snapshot itself.
 */
const maxProofAgeMs = (plan: Plan) => (plan.approvalTimeout + plan.drain.stableFor + 3600) * 1000;

interface Observed {
  readonly phase: string | null;
  /** When the routing document was last written (the `complete` write once complete). */
  readonly writtenAt: number | null;
  readonly cluster: ClusterDescription;
  readonly snapshot: ClusterSnapshot;
  readonly quiet: BlueQuiet;
}

function guards(plan: Plan, input: Input, { phase, writtenAt, cluster, snapshot, quiet }: Observed, now: number): GuardCheck[] {
  const proof = input.drainProof;
  const proofOk = proof !== null && proof.cluster === 'blue' && proof.provenAt <= now && now - proof.provenAt <= maxProofAgeMs(plan);
  const lagging = snapshot.offsets.groups.filter((g) => groupLag(g) > 0).map((g) => g.group);
  return [
    { name: 'phase-complete', ok: phase === 'complete', detail: `routing phase is ${phase ?? 'missing'}` },
    {
      name: 'drain-proof',
      ok: proofOk,
      detail: proof === null ? 'no drain proof' : `blue proven drained at ${new Date(proof.provenAt).toISOString()} (${proof.cluster})`,
    },
    { name: 'approved', ok: input.approval !== null, detail: input.approval ? `approved by ${input.approval.approver}` : 'nobody approved the deletion' },
    {
      name: 'arn-matches',
      ok: input.expected.arn === plan.clusters.blue.arn && cluster.arn === input.expected.arn,
      detail: `preflight recorded ${input.expected.arn}`,
    },
    {
      name: 'version-matches',
      ok: cluster.currentVersion === input.expected.currentVersion,
      detail: `CurrentVersion ${cluster.currentVersion}, preflight saw ${input.expected.currentVersion}`,
    },
    {
      name: 'blue-empty',
      ok: lagging.length === 0,
      detail: lagging.length === 0 ? 'every group on blue is at the high watermark' : `groups behind on blue: ${lagging.slice(0, 10).join(', ')}`,
    },
    { name: 'blue-no-clients', ok: quiet.verdict.verdict === 'quiet', detail: describeBlueQuiet(quiet, phase === 'complete' ? writtenAt : null) },
  ];
}

const snapshotKey = (migration: string, at: number) => `${migration}/decommission/${new Date(at).toISOString()}.json`;

function output(
  kind: DecommissionOutput['kind'],
  cluster: ClusterDescription,
  checks: GuardCheck[],
  snapshot: ClusterSnapshot,
  stored: DecommissionOutput['snapshot'],
  plan: Plan,
): DecommissionOutput {
  const holds = {
    topics: snapshot.topics.length,
    partitions: snapshot.topics.reduce((n, t) => n + t.partitions.length, 0),
    groups: snapshot.offsets.groups.length,
  };
  const failed = checks.filter((c) => !c.ok).map((c) => `${c.name} (${c.detail})`);
  const what = `${cluster.name} (${cluster.arn}) with ${holds.topics} topics, ${holds.partitions} partitions, ${holds.groups} groups`;
  const text =
    kind === 'deleted'
      ? `deleted ${what}; snapshot ${stored?.key}`
      : kind === 'dry-run'
        ? `dry run: would delete ${what}${failed.length ? `; would refuse: ${failed.join('; ')}` : ''}`
        : `refused to delete ${what}: ${failed.join('; ')}`;
  return {
    kind,
    cluster: { arn: cluster.arn, name: cluster.name, state: cluster.state, currentVersion: cluster.currentVersion },
    checks,
    holds,
    snapshot: stored,
    notification: { migration: plan.migration, kind: 'decommission', text: `${plan.migration}: ${text}` },
  };
}

/**
 * Deletes blue behind invariant 6: the phase is complete, a fresh drain proof exists, a person
 * approved, the ARN is the one preflight recorded, MSK still reports the CurrentVersion
 * preflight saw, and no client has been connected to blue for the plan's quiet period (a
 * consumer that never read `complete` would spin reconnecting to a deleted cluster). First a snapshot (cluster, topics with configs, group offsets) goes to the
 * versioned audit bucket, which outlives the cluster. Dry-run (the plan's default) only reports.
 */
export const decommission =
  (ports: DecommissionPorts) =>
  async (raw: unknown): Promise<DecommissionOutput> => {
    const input = parseStepInput(DecommissionInputSchema, raw, 'Decommission');
    const plan = planFrom(input.plan);
    const now = ports.clock.now();
    const { doc } = await readRouting(ports.routing, plan.migration);
    const cluster = await ports.clusters.describe(plan.clusters.blue.arn);
    // Read before the snapshot connects: this step's own admin connection is not a client.
    const quiet = await readBlueQuiet({ metrics: ports.metrics, catalog: ports.catalog, timing: ports.metricTiming }, plan, now, cluster.brokerCount);
    const admin = await ports.kafka(plan, 'blue');
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await snapshotCluster(admin, plan, cluster, { at: now, executionArn: input.executionArn });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const writtenAt = doc ? Date.parse(doc.updatedAt) : null;
    const checks = guards(plan, input, { phase: doc?.phase ?? null, writtenAt, cluster, snapshot, quiet }, now);
    if (plan.decommission !== 'delete') return output('dry-run', cluster, checks, snapshot, null, plan);
    if (checks.some((c) => !c.ok)) return output('refused', cluster, checks, snapshot, null, plan);
    const stored = await ports.archive.put(snapshotKey(plan.migration, now), snapshot);
    await ports.clusters.delete(cluster.arn, input.expected.currentVersion);
    ports.logger.info('blue deleted', { migration: plan.migration, cluster: cluster.arn, snapshot: stored.key });
    return output('deleted', cluster, checks, snapshot, stored, plan);
  };
