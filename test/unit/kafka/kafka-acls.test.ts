import { describe, expect, it } from 'vitest';
import { bindingsOf, entryOf } from '../../../src/kafka/kafka-acls.ts';
import { acl } from '../../support/fakes/fake-acls.ts';

describe('Kafka ACL codes', () => {
  it('names DescribeAcls resources and converts them back for CreateAcls', () => {
    // Prepare: TOPIC 2, PREFIXED 4, READ 3, ALLOW 3 (Kafka protocol codes).
    const described = [
      { resourceType: 2, resourceName: 'orders.', resourcePatternType: 4, acls: [{ principal: 'User:billing', host: '*', operation: 3, permissionType: 3 }] },
    ];
    // Act
    const [binding] = bindingsOf(described as never);
    // Assess
    expect(binding).toEqual(acl({ resourceName: 'orders.', patternType: 'PREFIXED', principal: 'User:billing', operation: 'READ' }));
    expect(entryOf(binding as never)).toEqual({
      resourceType: 2,
      resourceName: 'orders.',
      resourcePatternType: 4,
      principal: 'User:billing',
      host: '*',
      operation: 3,
      permissionType: 3,
    });
  });

  it('keeps an unknown code visible and refuses to create an unknown name', () => {
    const [binding] = bindingsOf([
      { resourceType: 9, resourceName: 'x', resourcePatternType: 3, acls: [{ principal: 'User:a', host: '*', operation: 4, permissionType: 3 }] },
    ] as never);
    expect(binding?.resourceType).toBe('UNKNOWN(9)');
    expect(() => entryOf(binding as never)).toThrow(RangeError);
  });
});
