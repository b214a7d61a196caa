import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';

/**
 * Executions reserved for the rollback function, so that it never waits for capacity the
 * account's other functions took. Lambda keeps at least 100 of a region's concurrency
 * unreserved, so an account whose limit is lower (new accounts may start at 10) cannot reserve
 * any: `none` deploys without a reservation. Never 0, which would stop the function.
 */
export function rollbackReservedConcurrency(params: DeploymentParams): number | null {
  const value =
    typeof params.rollbackReservedConcurrency === 'string' ? params.rollbackReservedConcurrency.trim() : String(params.rollbackReservedConcurrency ?? '5');
  if (value === 'none') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new DeploymentConfigError(`rollbackReservedConcurrency must be a whole number above 0, or none; got ${value}`);
  return n;
}
