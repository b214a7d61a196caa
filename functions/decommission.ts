import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { mskClient } from '../src/aws/msk-client.ts';
import { MskClusterRegistry } from '../src/aws/msk-cluster-registry.ts';
import { S3AuditArchive } from '../src/aws/s3-audit-archive.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type DecommissionPorts, decommission } from '../src/controller/decommission/decommission.ts';
import { auditBucket, parameterPrefix } from '../src/environment.ts';
import { kafkajsAdmins } from '../src/kafka/kafka-admins.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';

/**
 * Decommission: checks that blue has had no client for the plan's quiet period (MSK
 * ClientConnectionCount), snapshots blue to the audit bucket, then DeleteCluster behind
 * invariant 6 (dry-run by default).
 */
export const createDecommissionHandler = (ports: DecommissionPorts) => middy().handler(async (event: unknown) => decommission(ports)(event));

const prefix = parameterPrefix(process.env);
const metrics = new CloudWatchMetrics(awsClient(CloudWatchClient));

export const handler = createDecommissionHandler({
  routing: new SsmRoutingStore(awsClient(SSMClient), prefix),
  clusters: new MskClusterRegistry(mskClient()),
  kafka: kafkajsAdmins({ scram: secretsManagerScram(awsClient(SecretsManagerClient)) }),
  archive: new S3AuditArchive(new S3Client({}), auditBucket(process.env)),
  metrics,
  catalog: metrics,
  clock: systemClock,
  logger: createJsonLogger({ function: 'decommission' }),
});
