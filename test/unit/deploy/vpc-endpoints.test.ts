import { describe, expect, it } from 'vitest';
import { endpointServices, vpcEndpointResources } from '../../../src/deploy/vpc-endpoints.ts';

const network = { subnetIds: 'subnet-1,subnet-2', securityGroupIds: 'sg-1', vpcId: 'vpc-0abc', routeTableIds: 'rtb-1' };

describe('endpointServices', () => {
  it.each([
    ['', []],
    ['none', []],
    ['all', ['ssm', 'monitoring', 'kafka-api', 'states', 'lambda', 'secretsmanager', 'sts', 's3']],
    ['s3, ssm', ['ssm', 's3']],
  ])('vpcEndpoints "%s" → %j', (value, expected) => {
    expect(endpointServices({ vpcEndpoints: value })).toEqual(expected);
  });

  it('names an unknown service', () => {
    expect(() => endpointServices({ vpcEndpoints: 'ssm,kafka' })).toThrow(/unknown service kafka/);
  });
});

describe('vpcEndpointResources', () => {
  it('creates nothing with none (the functions use a NAT route)', () => {
    expect(vpcEndpointResources({ ...network, vpcEndpoints: 'none' })).toEqual({});
  });

  it('needs the VPC for interface endpoints and the route tables for the S3 gateway', () => {
    expect(() => vpcEndpointResources({ ...network, vpcId: '', vpcEndpoints: 'ssm' })).toThrow(/vpcId is required/);
    expect(() => vpcEndpointResources({ ...network, routeTableIds: '', vpcEndpoints: 's3' })).toThrow(/routeTableIds is required/);
  });

  it('a gateway alone needs no security group', () => {
    expect(Object.keys(vpcEndpointResources({ ...network, vpcEndpoints: 's3' }))).toEqual(['VpcEndpointS3']);
  });
});
