import { describe, expect, it } from 'vitest';
import { clusterNameOf, clusterNames } from '../../../src/domain/metric-names.ts';
import { domainPlan } from '../../support/domain-fixtures.ts';

describe('metric names', () => {
  it.each([
    { arn: 'arn:aws:kafka:eu-west-1:1:cluster/blue-zk/0a1b', name: 'blue-zk' },
    { arn: 'not-an-arn', name: 'not-an-arn' },
  ])('reads the MSK cluster name of $arn', ({ arn, name }) => {
    expect(clusterNameOf(arn)).toBe(name);
  });

  it('names both clusters of a plan', () => {
    expect(clusterNames(domainPlan())).toEqual({ blue: 'payments-zk', green: 'payments-kraft' });
  });
});
