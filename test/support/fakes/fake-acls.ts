import type { AclBinding } from '../../../src/domain/acl-diff.ts';
import type { KafkaAclWriter } from '../../../src/readiness/readiness-ports.ts';

export class FakeAcls implements KafkaAclWriter {
  readonly acls: AclBinding[] = [];
  created = 0;

  async describeAcls(): Promise<AclBinding[]> {
    return [...this.acls];
  }

  async createAcls(acls: readonly AclBinding[]): Promise<void> {
    this.created += acls.length;
    this.acls.push(...acls);
  }
}

export const acl = (overrides: Partial<AclBinding> = {}): AclBinding => ({
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  principal: 'User:orders-service',
  host: '*',
  operation: 'WRITE',
  permissionType: 'ALLOW',
  ...overrides,
});
