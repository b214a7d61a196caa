/**
 * The ARNs MSK IAM access control authorizes against, derived from a cluster ARN
 * (`arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`): a topic is
 * `…:topic/<name>/<uuid>/<topic>` and a consumer group `…:group/<name>/<uuid>/<group>`.
 */
export type MskResourceKind = 'cluster' | 'topic' | 'group';

export function mskResourceArn(clusterArn: string, kind: MskResourceKind, name?: string): string {
  if (kind === 'cluster') return clusterArn;
  return `${clusterArn.replace(':cluster/', `:${kind}/`)}/${name}`;
}

/** The kafka-cluster actions a producing or consuming client uses, per resource kind. */
export const CLIENT_ACTIONS: Readonly<Record<MskResourceKind, readonly string[]>> = {
  cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
  topic: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
  group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
};

/** An IAM role or user ARN: the client principals a plan may name. */
export const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
