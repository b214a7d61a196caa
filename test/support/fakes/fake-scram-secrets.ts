import type { ScramSecretAssociations } from '../../../src/readiness/readiness-ports.ts';

export class FakeScramSecrets implements ScramSecretAssociations {
  readonly associations = new Map<string, Set<string>>();
  readonly written: string[] = [];

  add(clusterArn: string, ...secretArns: string[]): this {
    const set = this.associations.get(clusterArn) ?? new Set<string>();
    for (const arn of secretArns) set.add(arn);
    this.associations.set(clusterArn, set);
    return this;
  }

  async list(clusterArn: string): Promise<string[]> {
    return [...(this.associations.get(clusterArn) ?? [])].sort();
  }

  async associate(clusterArn: string, secretArns: readonly string[]): Promise<void> {
    this.written.push(clusterArn);
    this.add(clusterArn, ...secretArns);
  }
}
