import type { IAMClient } from '@aws-sdk/client-iam';
import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Plan } from '../domain/plan.ts';
import { type KafkaConfigDeps, kafkaConfigFor } from '../kafka/kafka-config.ts';
import { KafkajsAdmin } from '../kafka/kafkajs-admin.ts';
import { KafkajsGroupInspector } from '../kafka/kafkajs-group-inspector.ts';
import type { SecretSource } from '../ports/index.ts';
import type { OpenedReadinessPorts } from '../readiness/readiness-ports.ts';
import { httpSchemaRegistry } from '../schema-registry/http-schema-registry.ts';
import { readRegistryCredentials } from '../schema-registry/registry-credentials.ts';
import { IamPolicySimulator } from './iam-policy-simulator.ts';
import { LambdaEventSourceTriggers } from './lambda-kafka-triggers.ts';
import { MskClusterRegistry } from './msk-cluster-registry.ts';
import { MskScramSecrets } from './msk-scram-secrets.ts';

export interface AwsReadinessDeps {
  readonly msk: KafkaClient;
  readonly lambda: LambdaClient;
  /** IAM's policy simulator, for the client-authorization check on IAM clusters. */
  readonly iam?: IAMClient;
  /** SecureString reader for the registry logins (`<prefix>/<migration>/schema-registry/<side>`). */
  readonly secrets: SecretSource;
  readonly prefix: string;
  readonly kafka?: KafkaConfigDeps;
  readonly registryTimeoutMs?: number;
  /**
   * false: no schema registry clients (and no registry logins read). The first-stage gate
   * needs only Kafka and Lambda, so its function is granted nothing for the registries.
   */
  readonly schemaRegistries?: boolean;
}

/**
 * The production adapters behind the readiness checks, for one plan: kafkajs admins with the
 * plan's auth, MSK, Lambda event source mappings and the plan's schema registries. Close them
 * when done.
 */
export async function openAwsReadinessPorts(plan: Plan, deps: AwsReadinessDeps): Promise<OpenedReadinessPorts> {
  const sides = (['blue', 'green'] as const).map(async (side) => {
    const config = await kafkaConfigFor(plan.clusters[side], deps.kafka);
    const url = deps.schemaRegistries === false ? undefined : plan.clusters[side].schemaRegistry;
    const credentials = url === undefined ? null : await readRegistryCredentials(deps.secrets, deps.prefix, plan, side);
    const kafka = new KafkajsAdmin(config);
    return {
      kafka,
      acls: kafka,
      groups: new KafkajsGroupInspector(config),
      ...(url === undefined ? {} : { registry: httpSchemaRegistry({ url, credentials, timeoutMs: deps.registryTimeoutMs ?? 10_000 }) }),
    };
  });
  const [blue, green] = await Promise.all(sides);
  if (blue === undefined || green === undefined) throw new Error('unreachable: two sides');
  return {
    ports: {
      clusters: new MskClusterRegistry(deps.msk),
      blue,
      green,
      triggers: new LambdaEventSourceTriggers(deps.lambda),
      scram: new MskScramSecrets(deps.msk),
      ...(deps.iam === undefined ? {} : { iam: new IamPolicySimulator(deps.iam) }),
    },
    close: async () => {
      await Promise.allSettled([blue.kafka.disconnect(), blue.groups.disconnect(), green.kafka.disconnect(), green.groups.disconnect()]);
    },
  };
}
