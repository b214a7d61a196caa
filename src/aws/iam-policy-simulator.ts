import { type EvaluationResult, type IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { IamDecision, PrincipalPolicySimulator } from '../readiness/readiness-ports.ts';
import { translateAwsError } from './errors.ts';

/**
 * Per-resource decisions of one EvaluationResult. IAM now returns one result per action with
 * the per-resource decisions in ResourceSpecificResults (AWS IAM API reference,
 * EvaluationResult); older answers gave one result per action and resource.
 */
function decisionsOf(result: EvaluationResult, requested: readonly string[]): IamDecision[] {
  const action = result.EvalActionName ?? '';
  const specific = result.ResourceSpecificResults ?? [];
  if (specific.length > 0) {
    return specific.map((r) => ({ action, resource: r.EvalResourceName ?? '', allowed: r.EvalResourceDecision === 'allowed' }));
  }
  const named = result.EvalResourceName;
  const resources = named === undefined || named === '*' ? requested : [named];
  return resources.map((resource) => ({ action, resource, allowed: result.EvalDecision === 'allowed' }));
}

/** IAM's policy simulator (iam:SimulatePrincipalPolicy), read-only. */
export class IamPolicySimulator implements PrincipalPolicySimulator {
  readonly #client: IAMClient;

  constructor(client: IAMClient) {
    this.#client = client;
  }

  async simulate(principalArn: string, actions: readonly string[], resourceArns: readonly string[]): Promise<IamDecision[]> {
    const decisions: IamDecision[] = [];
    let marker: string | undefined;
    do {
      const input = { PolicySourceArn: principalArn, ActionNames: [...actions], ResourceArns: [...resourceArns], ...(marker ? { Marker: marker } : {}) };
      const page = await this.#client.send(new SimulatePrincipalPolicyCommand(input)).catch((error: unknown) => {
        throw translateAwsError('SimulatePrincipalPolicy', error);
      });
      for (const result of page.EvaluationResults ?? []) decisions.push(...decisionsOf(result, resourceArns));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return decisions;
  }
}
