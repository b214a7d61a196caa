import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { openAwsReadinessPorts } from '../src/aws/aws-readiness-ports.ts';
import { CloudWatchAlarmStates } from '../src/aws/cloudwatch-alarm-states.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { mskClient } from '../src/aws/msk-client.ts';
import { MskClusterRegistry } from '../src/aws/msk-cluster-registry.ts';
import { SfnExecutionControl } from '../src/aws/sfn-execution-control.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { preflight } from '../src/controller/preflight/preflight.ts';
import type { PreflightPorts } from '../src/controller/preflight/preflight-ports.ts';
import { alarmPrefix, parameterPrefix } from '../src/environment.ts';
import { kafkajsAdmins } from '../src/kafka/kafka-admins.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';
import { preflightReadiness } from '../src/readiness/preflight-readiness.ts';

/** Preflight: validates the plan, takes the lock, checks clusters and topics, picks the start stage. */
export const createPreflightHandler = (ports: PreflightPorts) => middy().handler(async (event: unknown) => preflight(ports)(event));

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const store = new SsmRoutingStore(ssm, prefix);
const scram = secretsManagerScram(awsClient(SecretsManagerClient));
const msk = mskClient();
const readiness = { msk, lambda: awsClient(LambdaClient), secrets: new SsmSecretSource(ssm), prefix, kafka: { scram } };

export const handler = createPreflightHandler({
  routing: store,
  flags: store,
  clock: systemClock,
  prefix,
  clusters: new MskClusterRegistry(msk),
  kafka: kafkajsAdmins({ scram }),
  logger: createJsonLogger({ function: 'preflight' }),
  // KRaft mode, specs, schema registries, readers on green, Lambda trigger twins (src/readiness/).
  extraChecks: [preflightReadiness((plan) => openAwsReadinessPorts(plan, readiness))],
  // `<ALARM_PREFIX>.<migration>.rollback`; a wrong or missing prefix refuses (alarm-missing), never skips.
  alarms: { states: new CloudWatchAlarmStates(awsClient(CloudWatchClient)), namePrefix: alarmPrefix(process.env) },
  // A lock whose execution was stopped from outside (it never ran ReleaseLock) is taken over.
  executions: new SfnExecutionControl(awsClient(SFNClient)),
});
