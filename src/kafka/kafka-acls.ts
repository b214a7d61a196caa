import type { AclEntry, DescribeAclResource } from 'kafkajs';
import type { AclBinding } from '../domain/acl-diff.ts';

/** Kafka protocol codes of ACL fields (the values of kafkajs's Acl* enums), by name. */
const RESOURCE_TYPES = { TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6 } as const;
const PATTERN_TYPES = { LITERAL: 3, PREFIXED: 4 } as const;
const OPERATIONS = {
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as const;
const PERMISSIONS = { DENY: 2, ALLOW: 3 } as const;

/** The filter that matches every ACL (ANY = 1 in each field). */
export const ANY_ACL = { resourceType: 1, resourcePatternType: 1, operation: 1, permissionType: 1 } as const;

const nameOf = (codes: Readonly<Record<string, number>>, code: number) => Object.entries(codes).find(([, c]) => c === code)?.[0] ?? `UNKNOWN(${code})`;
const codeOf = (codes: Readonly<Record<string, number>>, name: string) => {
  const code = codes[name];
  if (code === undefined) throw new RangeError(`unknown ACL value ${name}`);
  return code;
};

/** DescribeAcls resources as one binding per ACL, named as the broker spells them. */
export function bindingsOf(resources: readonly DescribeAclResource[]): AclBinding[] {
  return resources.flatMap((resource) =>
    resource.acls.map((acl) => ({
      resourceType: nameOf(RESOURCE_TYPES, resource.resourceType),
      resourceName: resource.resourceName,
      patternType: nameOf(PATTERN_TYPES, resource.resourcePatternType),
      principal: acl.principal,
      host: acl.host,
      operation: nameOf(OPERATIONS, acl.operation),
      permissionType: nameOf(PERMISSIONS, acl.permissionType),
    })),
  );
}

/** A binding as CreateAcls takes it. */
export function entryOf(acl: AclBinding): AclEntry {
  return {
    resourceType: codeOf(RESOURCE_TYPES, acl.resourceType),
    resourceName: acl.resourceName,
    resourcePatternType: codeOf(PATTERN_TYPES, acl.patternType),
    principal: acl.principal,
    host: acl.host,
    operation: codeOf(OPERATIONS, acl.operation),
    permissionType: codeOf(PERMISSIONS, acl.permissionType),
  } as unknown as AclEntry;
}
