/** One Kafka ACL binding, as DescribeAcls lists it (names as the broker spells them). */
export interface AclBinding {
  readonly resourceType: string;
  readonly resourceName: string;
  readonly patternType: string;
  readonly principal: string;
  readonly host: string;
  readonly operation: string;
  readonly permissionType: string;
}

const keyOf = (acl: AclBinding) =>
  [acl.principal, acl.resourceType, acl.patternType, acl.resourceName, acl.operation, acl.permissionType, acl.host].join('\u0000');

/** The bindings of blue that green lacks, by principal, resource pattern, operation, permission and host. */
export function missingAcls(blue: readonly AclBinding[], green: readonly AclBinding[]): AclBinding[] {
  const present = new Set(green.map(keyOf));
  const seen = new Set<string>();
  return blue.filter((acl) => {
    const key = keyOf(acl);
    if (present.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const describeAcl = (acl: AclBinding): string =>
  `${acl.permissionType} ${acl.principal} ${acl.operation} on ${acl.resourceType} ${acl.patternType} ${JSON.stringify(acl.resourceName)} from ${acl.host}`;
