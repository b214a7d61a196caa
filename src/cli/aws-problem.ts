import { safeReason } from '../readiness/check-row.ts';

/** The error and its causes, outermost first: adapters wrap SDK errors with the SDK error as cause. */
function chain(error: unknown): unknown[] {
  const found: unknown[] = [];
  for (let e = error; e instanceof Error && found.length < 5; e = e.cause) found.push(e);
  return found;
}

/**
 * One line on why a call to AWS failed. The SDK's own set-up failures (no region, no
 * credentials) are named with what to do; anything else is the adapter's safe reason
 * (operation and error name, never a raw message).
 */
export function awsProblem(error: unknown): string {
  for (const e of chain(error) as Error[]) {
    if (e.message === 'Region is missing') return 'no AWS region: set AWS_REGION or the region of your AWS profile';
    if (e.name === 'CredentialsProviderError') return 'no AWS credentials: set them in the environment, a profile (AWS_PROFILE) or SSO (aws sso login)';
    if (e.name === 'ExpiredTokenException' || e.name === 'ExpiredToken') return 'your AWS credentials have expired: renew them (e.g. aws sso login)';
  }
  return safeReason(error);
}
