import { describe, expect, it } from 'vitest';
import { LocalClusterError } from '../../../../src/local/rehearsal/errors.ts';
import { LOCAL_CLUSTER_VERSION, LocalClusterRegistry } from '../../../../src/local/rehearsal/local-cluster-registry.ts';
import { loadRehearsalPlan } from '../../../../src/local/rehearsal/rehearsal-plan.ts';

const plan = () => {
  const loaded = loadRehearsalPlan(undefined, 'built-in plan');
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
};

const fakeCluster = () => {
  const cluster = {
    running: true,
    brokerIds: [1, 2, 3],
    stop: async () => {
      cluster.running = false;
    },
  };
  return cluster;
};

describe('LocalClusterRegistry', () => {
  it('describes each side from the plan, ZooKeeper blue and KRaft green', async () => {
    // Prepare
    const registry = new LocalClusterRegistry(plan(), { blue: fakeCluster(), green: fakeCluster() }, () => 5);

    // Act
    const blue = await registry.describe(plan().clusters.blue.arn);
    const green = await registry.describe(plan().clusters.green.arn);

    // Assess
    expect(blue).toMatchObject({ name: 'rehearsal-blue', state: 'ACTIVE', metadataMode: 'ZOOKEEPER', currentVersion: LOCAL_CLUSTER_VERSION, brokerCount: 3 });
    expect(green).toMatchObject({ name: 'rehearsal-green', state: 'ACTIVE', metadataMode: 'KRAFT' });
  });

  it('deletes blue by stopping it, behind the CurrentVersion guard', async () => {
    // Prepare
    const blue = fakeCluster();
    const registry = new LocalClusterRegistry(plan(), { blue, green: fakeCluster() }, () => 42);

    // Act
    const stale = registry.delete(plan().clusters.blue.arn, 'K-OLD');
    await expect(stale).rejects.toBeInstanceOf(LocalClusterError);
    await registry.delete(plan().clusters.blue.arn, LOCAL_CLUSTER_VERSION);

    // Assess
    expect(blue.running).toBe(false);
    expect(registry.deletedAt).toBe(42);
    expect((await registry.describe(plan().clusters.blue.arn)).state).toBe('DELETING');
  });

  it('refuses an ARN that is not one of the two clusters', async () => {
    // Prepare
    const registry = new LocalClusterRegistry(plan(), { blue: fakeCluster(), green: fakeCluster() }, () => 0);

    // Act
    const described = registry.describe('arn:aws:kafka:local:000000000000:cluster/other/x');

    // Assess
    await expect(described).rejects.toThrow('no local cluster');
  });
});
