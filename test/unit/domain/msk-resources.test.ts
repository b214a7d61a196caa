import { describe, expect, it } from 'vitest';
import { describeAcl, missingAcls } from '../../../src/domain/acl-diff.ts';
import { IAM_PRINCIPAL_ARN, mskResourceArn } from '../../../src/domain/msk-resources.ts';
import { acl } from '../../support/fakes/fake-acls.ts';

const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders-green/9f8e7d6c-aaaa-bbbb-cccc-444455556666-3';

describe('mskResourceArn', () => {
  it.each([
    { kind: 'cluster', name: undefined, arn: CLUSTER },
    { kind: 'topic', name: 'orders', arn: 'arn:aws:kafka:eu-west-1:123456789012:topic/orders-green/9f8e7d6c-aaaa-bbbb-cccc-444455556666-3/orders' },
    { kind: 'group', name: 'billing', arn: 'arn:aws:kafka:eu-west-1:123456789012:group/orders-green/9f8e7d6c-aaaa-bbbb-cccc-444455556666-3/billing' },
  ] as const)('$kind', ({ kind, name, arn }) => {
    expect(mskResourceArn(CLUSTER, kind, name)).toBe(arn);
  });
});

describe('IAM_PRINCIPAL_ARN', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/orders-service', true],
    ['arn:aws:iam::123456789012:role/service-role/path/orders', true],
    ['arn:aws-cn:iam::123456789012:user/deploy', true],
    ['arn:aws:sts::123456789012:assumed-role/orders/session', false],
    ['arn:aws:iam::123456789012:group/admins', false],
    ['orders-service', false],
  ])('%s: %s', (arn, valid) => {
    expect(IAM_PRINCIPAL_ARN.test(arn)).toBe(valid);
  });
});

describe('missingAcls', () => {
  it('lists what blue has and green lacks, once each', () => {
    const blue = [acl(), acl(), acl({ host: '10.0.0.1' }), acl({ permissionType: 'DENY' })];
    const green = [acl({ permissionType: 'DENY' })];
    expect(missingAcls(blue, green)).toEqual([acl(), acl({ host: '10.0.0.1' })]);
  });

  it('describes a binding for a person', () => {
    expect(describeAcl(acl())).toBe('ALLOW User:orders-service WRITE on TOPIC LITERAL "orders" from *');
  });
});
