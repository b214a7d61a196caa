/**
 * @kraft-canary/client/ssm: the routing document read from SSM Parameter Store. Needs the
 * optional peer dependency @aws-sdk/client-ssm.
 */
export { errorName } from './sdk-error-name.ts';
export { routingFailureKind, SsmRoutingSource } from './ssm-routing-source.ts';
