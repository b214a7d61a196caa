import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import kafkajs, { type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Plan } from '../domain/plan.ts';
import { KafkaCredentialsError } from './errors.ts';
import type { ScramCredentialSource } from './scram-credentials.ts';

export type PlanCluster = Plan['clusters']['blue'];

export interface KafkaConfigDeps {
  /** Needed for clusters that authenticate with SCRAM. */
  readonly scram?: ScramCredentialSource;
  /** MSK IAM token for a region; defaults to the AWS signer with the default credential chain. */
  readonly iamToken?: (region: string) => Promise<{ token: string; expiryTime: number }>;
  readonly clientId?: string;
}

/** The region of an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/...). */
export const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

async function saslFor(cluster: PlanCluster, deps: KafkaConfigDeps): Promise<SASLOptions | undefined> {
  const { mechanism, secretId } = cluster.auth;
  if (mechanism === 'iam') {
    const sign = deps.iamToken ?? ((region: string) => generateAuthToken({ region }));
    const region = regionOfArn(cluster.arn);
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: (await sign(region)).token }) };
  }
  if (mechanism === 'scram-sha-512') {
    if (secretId === undefined || deps.scram === undefined) {
      throw new KafkaCredentialsError('scram-sha-512 needs clusters.<side>.auth.secretId and a Secrets Manager client');
    }
    const { username, password } = await deps.scram(secretId);
    return { mechanism: 'scram-sha-512', username, password };
  }
  return undefined;
}

/** kafkajs settings for one plan cluster: TLS unless the cluster is plaintext, SASL per its auth. */
export async function kafkaConfigFor(cluster: PlanCluster, deps: KafkaConfigDeps = {}): Promise<KafkaConfig> {
  const sasl = await saslFor(cluster, deps);
  return {
    clientId: deps.clientId ?? 'kraft-canary-controller',
    brokers: cluster.bootstrap
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    ssl: cluster.auth.mechanism !== 'none',
    ...(sasl ? { sasl } : {}),
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    retry: { retries: 3 },
    // kafkajs logs to stdout with its own format; the controller reports failures itself.
    logLevel: kafkajs.logLevel.NOTHING,
  };
}
