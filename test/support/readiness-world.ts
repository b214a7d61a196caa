import type { Plan, PlanInput } from '../../src/domain/plan.ts';
import type { ClusterDescription } from '../../src/ports/index.ts';
import type { ReadinessPorts } from '../../src/readiness/readiness-ports.ts';
import { FakeKafkaCluster } from './fakes/fake-kafka-cluster.ts';
import { FakeTriggers } from './fakes/fake-lambda-triggers.ts';
import { clusterDescription } from './fakes/memory-cluster-registry.ts';
import { BLUE_ARN, GREEN_ARN, plan as rolloutPlan } from './rollout-fixtures.ts';

export { BLUE_ARN, GREEN_ARN };

/** Two fake clusters, MSK descriptions, Lambda triggers and the plan that names them. */
export interface ReadinessWorld {
  plan: Plan;
  blue: FakeKafkaCluster;
  green: FakeKafkaCluster;
  triggers: FakeTriggers;
  msk: Map<string, ClusterDescription | Error>;
  ports: ReadinessPorts;
}

export function readinessWorld(overrides: Partial<PlanInput> = {}): ReadinessWorld {
  const blue = new FakeKafkaCluster();
  const green = new FakeKafkaCluster();
  const triggers = new FakeTriggers();
  const msk = new Map<string, ClusterDescription | Error>([
    [BLUE_ARN, clusterDescription({ arn: BLUE_ARN, name: 'orders-blue' })],
    [GREEN_ARN, clusterDescription({ arn: GREEN_ARN, name: 'orders-green', kafkaVersion: '3.9.x.kraft', metadataMode: 'KRAFT' })],
  ]);
  const clusters = {
    describe: async (arn: string) => {
      const found = msk.get(arn);
      if (found === undefined || found instanceof Error) throw found ?? new Error('no such cluster');
      return found;
    },
  };
  const ports: ReadinessPorts = { clusters, blue: { kafka: blue, groups: blue }, green: { kafka: green, groups: green }, triggers };
  return { plan: rolloutPlan({ consumerGroups: [], ...overrides }), blue, green, triggers, msk, ports };
}
