import type { IamDecision, PrincipalPolicySimulator } from '../../../src/readiness/readiness-ports.ts';

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
