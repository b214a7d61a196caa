import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** The move hooks of the `moverHooks` parameter (comma-separated function ARNs), checked. */
export function moverHookArns(params: DeploymentParams): string[] {
  const value = typeof params.moverHooks === 'string' ? params.moverHooks : '';
  const arns = value
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn.length > 0);
  const wrong = arns.find((arn) => !LAMBDA_FUNCTION_ARN.test(arn));
  if (wrong !== undefined) throw new DeploymentConfigError(`moverHooks: "${wrong}" is not a Lambda function ARN`);
  return arns;
}

/**
 * RequestMoves may invoke exactly the listed hooks, and nothing when none is listed. A
 * qualified ARN (version or alias) grants that qualifier only, as the plan names it.
 */
export function moverHookStatements(params: DeploymentParams): Record<string, unknown>[] {
  const arns = moverHookArns(params);
  return arns.length === 0 ? [] : [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: arns }];
}
