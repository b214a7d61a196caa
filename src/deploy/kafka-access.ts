import { DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';

export interface Statement {
  Effect: 'Allow';
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, unknown>;
}

/**
 * How much a function may do on the clusters: read offsets and metadata of both, of blue only
 * (the decommission snapshot), or also create topics on green (the preflight's topic sync).
 */
export type KafkaAccess = 'read' | 'read-blue' | 'read-and-sync-topics' | 'publish-control-topic';

const MSK_ARN = /^arn:(aws[a-z-]*):kafka:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9-]+)\/([A-Za-z0-9-]+)$/;

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];

function clusterArn(params: DeploymentParams, key: 'blueClusterArn' | 'greenClusterArn'): string {
  const arn = typeof params[key] === 'string' ? (params[key] as string).trim() : '';
  if (!MSK_ARN.test(arn)) throw new DeploymentConfigError(`${key} must be an MSK cluster ARN, got "${arn}"`);
  return arn;
}

/** MSK IAM access control names topics and groups under the cluster: .../topic/<name>/<uuid>/<topic>. */
const under = (arn: string, kind: 'topic' | 'group'): string => `${arn.replace(':cluster/', `:${kind}/`)}/*`;

/**
 * Data-plane grants for the functions that talk Kafka (preflight, the first-stage gate in
 * set-routing, drain confirmation, decommission): connect and describe on the clusters of this
 * migration only, topic creation only on green and only for preflight's topic sync, and the
 * SCRAM secrets when the clusters use SCRAM.
 */
export function kafkaStatements(params: DeploymentParams, access: KafkaAccess): Statement[] {
  if (access === 'publish-control-topic') return [...controlTopicStatements(params), ...secretStatements(params)];
  const green = clusterArn(params, 'greenClusterArn');
  const clusters = access === 'read-blue' ? [clusterArn(params, 'blueClusterArn')] : [clusterArn(params, 'blueClusterArn'), green];
  const statements: Statement[] = [
    { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: clusters },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration'],
      Resource: clusters.map((arn) => under(arn, 'topic')),
    },
    { Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup'], Resource: clusters.map((arn) => under(arn, 'group')) },
  ];
  if (access === 'read-and-sync-topics') {
    statements.push({
      Effect: 'Allow',
      Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:AlterTopicDynamicConfiguration'],
      Resource: [under(green, 'topic')],
    });
    // The control topic is the one topic the preflight creates on blue (docs/client.md, Push).
    statements.push({ Effect: 'Allow', Action: ['kafka-cluster:CreateTopic'], Resource: [controlTopicArn(clusterArn(params, 'blueClusterArn'), params)] });
  }
  statements.push(...secretStatements(params));
  return statements;
}

/**
 * The publisher's grants: connect to both clusters and describe and write the control topic,
 * nothing else (no other topic, no group, no cluster-level action). Clients get read access
 * to it only (docs/client.md, "Push"), so only this function can push a routing document.
 */
function controlTopicStatements(params: DeploymentParams): Statement[] {
  const clusters = [clusterArn(params, 'blueClusterArn'), clusterArn(params, 'greenClusterArn')];
  return [
    { Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: clusters },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      Resource: clusters.map((arn) => controlTopicArn(arn, params)),
    },
  ];
}

/** MSK IAM names a topic under its cluster: arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>. */
function controlTopicArn(clusterArnText: string, params: DeploymentParams): string {
  const topic = typeof params.controlTopic === 'string' && params.controlTopic.trim() !== '' ? params.controlTopic.trim() : DEFAULT_CONTROL_TOPIC;
  return `${clusterArnText.replace(':cluster/', ':topic/')}/${topic}`;
}

function secretStatements(params: DeploymentParams): Statement[] {
  const statements: Statement[] = [];
  const secrets = list(params.kafkaSecretArns);
  if (secrets.length > 0) statements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secrets });
  const key = typeof params.kafkaSecretKmsKeyArn === 'string' ? params.kafkaSecretKmsKeyArn.trim() : '';
  if (secrets.length > 0 && key !== '') {
    statements.push({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [key],
      Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
    });
  }
  return statements;
}

/** Subnets and security groups of the functions that reach the brokers (MSK lives in a VPC). */
export function kafkaVpc(params: DeploymentParams): { subnetIds: string[]; securityGroupIds: string[] } {
  const subnetIds = list(params.subnetIds);
  const securityGroupIds = list(params.securityGroupIds);
  if (subnetIds.length === 0 || securityGroupIds.length === 0) {
    throw new DeploymentConfigError('subnetIds and securityGroupIds are required: preflight, setRouting, confirmDrain and decommission reach the brokers');
  }
  return { subnetIds, securityGroupIds };
}
