import type { PlanInput } from '../../domain/plan.ts';

/** The migration id every rehearsal uses; it names the routing parameter in the local store. */
export const REHEARSAL_MIGRATION = 'rehearsal';

/**
 * The runbook's rollout (20 → 50 → 80 → 100 with 15-minute bakes and a 10-minute drain window),
 * as a plan. Cluster ARNs are placeholders: the rehearsal's clusters are local, and the
 * bootstrap strings are replaced by the local brokers' addresses at start.
 */
export const DEFAULT_REHEARSAL_PLAN: PlanInput = {
  migration: REHEARSAL_MIGRATION,
  description: 'Built-in rehearsal: the runbook rollout on two local clusters',
  clusters: {
    blue: {
      arn: 'arn:aws:kafka:local:000000000000:cluster/rehearsal-blue/00000000-0000-0000-0000-00000000b1e0',
      bootstrap: 'localhost:9092',
      auth: { mechanism: 'none' },
    },
    green: {
      arn: 'arn:aws:kafka:local:000000000000:cluster/rehearsal-green/00000000-0000-0000-0000-0000000093ee',
      bootstrap: 'localhost:9093',
      auth: { mechanism: 'none' },
    },
  },
  // The fleet's groups (one per simulated service) are added when the rehearsal starts.
  consumerGroups: [],
  stages: [
    { greenPercent: 20, bake: '15m' },
    { greenPercent: 50, bake: '15m' },
    { greenPercent: 80, bake: '15m' },
    { greenPercent: 100, bake: '15m' },
  ],
  // The runbook's lag gates; the error gate at 1 % instead of 0.1 %: a rehearsal bake holds
  // `speed` times fewer operations than a production one, so one consumer restart (which
  // librdkafka's mock broker causes now and then while a group forms) weighs that much more.
  gates: { maxLag: 1000, maxLagGrowth: 500, maxErrorRate: 0.01 },
  // Green judged against blue after every bake below 100 %. A rehearsal bake holds `speed` times
  // fewer sends than a production one (a few hundred per cluster at 20 %), hence 100 samples; and
  // its tail latencies are the stalls of one process on a shared machine (bursts that hit both
  // clusters at once, not independent samples), so it limits medians rather than p99s.
  analysis: { minSamples: 100, produceLatency: { percentile: 50, maxRatio: 1.5 }, handlingTime: { percentile: 50, maxRatio: 1.5 } },
  drain: { stableFor: '10m', timeout: '2h', pollEvery: '1m' },
  // Deleting blue needs a person's approval through Slack in production; the rehearsal asks
  // the same way, answered automatically or at the terminal.
  slack: { channel: 'C0REHEARSAL' },
  approvers: { users: ['U0REHEARSAL'] },
  decommission: 'delete',
};
