import type { AclBinding } from '../../src/domain/acl-diff.ts';
import type { IamDecision, KafkaAclWriter, PrincipalPolicySimulator, ScramSecretAssociations } from '../../src/readiness/readiness-ports.ts';

/** IAM's policy simulator over a table of allowed (principal, action, resource ARN) triples; prefix `*` matches. */
export class FakePolicySimulator implements PrincipalPolicySimulator {
  readonly #allowed: { principal: string; action: string; resource: string }[] = [];
  calls = 0;

  allow(principal: string, actions: readonly string[], resources: readonly string[]): this {
    for (const action of actions) for (const resource of resources) this.#allowed.push({ principal, action, resource });
    return this;
  }

  async simulate(principalArn: string, actions: readonly string[], resourceArns: readonly string[]): Promise<IamDecision[]> {
    this.calls += 1;
    const matches = (pattern: string, value: string) => (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value);
    return actions.flatMap((action) =>
      resourceArns.map((resource) => ({
        action,
        resource,
        allowed: this.#allowed.some((a) => a.principal === principalArn && a.action === action && matches(a.resource, resource)),
      })),
    );
  }
}

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

export class FakeAcls implements KafkaAclWriter {
  readonly acls: AclBinding[] = [];
  created = 0;

  async describeAcls(): Promise<AclBinding[]> {
    return [...this.acls];
  }

  async createAcls(acls: readonly AclBinding[]): Promise<void> {
    this.created += acls.length;
    this.acls.push(...acls);
  }
}

export const acl = (overrides: Partial<AclBinding> = {}): AclBinding => ({
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  principal: 'User:orders-service',
  host: '*',
  operation: 'WRITE',
  permissionType: 'ALLOW',
  ...overrides,
});
