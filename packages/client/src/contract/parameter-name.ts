/** Where the routing document of a migration lives in SSM Parameter Store. */
export const DEFAULT_PARAMETER_PREFIX = '/kraft-canary';

export const routingParameterName = (prefix: string, migration: string): string => `${prefix}/${migration}/routing`;
