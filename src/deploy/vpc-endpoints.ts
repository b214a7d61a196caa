import type { CfnResource } from '../alarms/cloudformation.ts';
import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';
import { kafkaVpc } from './kafka-access.ts';

/**
 * VPC endpoints for the functions that run in the VPC (preflight, setRouting, confirmDrain,
 * decommission). A Lambda in a VPC reaches AWS APIs only through a NAT route or VPC endpoints;
 * without either, every SSM, CloudWatch, MSK, Step Functions, Lambda, Secrets Manager or S3
 * call waits for a connection that never comes. `vpcEndpoints` is `none` (a NAT route exists),
 * `all`, or a comma-separated list of the services below (when the VPC already has some).
 */
export const INTERFACE_SERVICES = ['ssm', 'monitoring', 'kafka-api', 'states', 'lambda', 'secretsmanager', 'sts'] as const;
export const GATEWAY_SERVICES = ['s3'] as const;
export type EndpointService = (typeof INTERFACE_SERVICES)[number] | (typeof GATEWAY_SERVICES)[number];
const ALL: readonly EndpointService[] = [...INTERFACE_SERVICES, ...GATEWAY_SERVICES];

export const ENDPOINT_SECURITY_GROUP_LOGICAL_ID = 'VpcEndpointSecurityGroup';

/**
 * PrivateLink service names. MSK's API is served by the dual-stack endpoint service
 * `aws.api.<region>.kafka-api` (the Amazon MSK developer guide, "Use Amazon MSK APIs with
 * Interface VPC Endpoints": `com.amazonaws.<region>.kafka` takes no new connections); the
 * functions' MSK client uses the matching dual-stack name (src/aws/msk-client.ts).
 */
const REGION = '$' + '{AWS::Region}';
const serviceName = (service: EndpointService): { 'Fn::Sub': string } =>
  service === 'kafka-api' ? { 'Fn::Sub': `aws.api.${REGION}.kafka-api` } : { 'Fn::Sub': `com.amazonaws.${REGION}.${service}` };

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];

/** The services whose endpoints this stack creates. */
export function endpointServices(params: DeploymentParams): EndpointService[] {
  const asked = list(params.vpcEndpoints);
  if (asked.length === 0 || (asked.length === 1 && asked[0] === 'none')) return [];
  if (asked.length === 1 && asked[0] === 'all') return [...ALL];
  const unknown = asked.filter((s) => !(ALL as readonly string[]).includes(s));
  if (unknown.length > 0) throw new DeploymentConfigError(`vpcEndpoints: unknown service ${unknown.join(', ')}; use none, all or some of ${ALL.join(', ')}`);
  return ALL.filter((s) => asked.includes(s));
}

const logicalId = (service: EndpointService): string =>
  `VpcEndpoint${service
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

function securityGroup(vpcId: string, functionGroups: readonly string[]): CfnResource {
  return {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'kraft-canary VPC endpoints: HTTPS from the functions that run in the VPC',
      VpcId: vpcId,
      SecurityGroupIngress: functionGroups.map((group) => ({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: group,
        Description: 'kraft-canary functions',
      })),
      // Endpoints only answer: no outbound rule (the group is stateful).
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'no outbound traffic' }],
    },
  };
}

/** The endpoints and their security group; nothing when `vpcEndpoints` is none. */
export function vpcEndpointResources(params: DeploymentParams): Record<string, CfnResource> {
  const services = endpointServices(params);
  if (services.length === 0) return {};
  const { subnetIds, securityGroupIds } = kafkaVpc(params);
  const vpcId = typeof params.vpcId === 'string' ? params.vpcId.trim() : '';
  if (!/^vpc-[0-9a-f]+$/.test(vpcId)) throw new DeploymentConfigError(`vpcId is required with vpcEndpoints (got "${vpcId}")`);
  const resources: Record<string, CfnResource> = {};
  const interfaces = services.filter((s) => (INTERFACE_SERVICES as readonly string[]).includes(s));
  if (interfaces.length > 0) resources[ENDPOINT_SECURITY_GROUP_LOGICAL_ID] = securityGroup(vpcId, securityGroupIds);
  for (const service of interfaces) {
    resources[logicalId(service)] = {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcEndpointType: 'Interface',
        ServiceName: serviceName(service),
        VpcId: vpcId,
        SubnetIds: subnetIds,
        SecurityGroupIds: [{ Ref: ENDPOINT_SECURITY_GROUP_LOGICAL_ID }],
        // The SDK's default endpoint names resolve to the endpoint inside the VPC.
        PrivateDnsEnabled: true,
      },
    };
  }
  if (services.includes('s3')) {
    const routeTableIds = list(params.routeTableIds);
    if (routeTableIds.length === 0) throw new DeploymentConfigError('routeTableIds is required for the s3 gateway endpoint (vpcEndpoints)');
    resources[logicalId('s3')] = {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcEndpointType: 'Gateway', ServiceName: serviceName('s3'), VpcId: vpcId, RouteTableIds: routeTableIds },
    };
  }
  return resources;
}
