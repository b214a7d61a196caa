import { BatchAssociateScramSecretCommand, type KafkaClient, ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import type { ScramSecretAssociations } from '../readiness/readiness-ports.ts';
import { AwsCallError, translateAwsError } from './errors.ts';

/** MSK's SCRAM secret associations (kafka:ListScramSecrets, kafka:BatchAssociateScramSecret). */
export class MskScramSecrets implements ScramSecretAssociations {
  readonly #client: KafkaClient;

  constructor(client: KafkaClient) {
    this.#client = client;
  }

  async list(clusterArn: string): Promise<string[]> {
    const secrets: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.#client
        .send(new ListScramSecretsCommand({ ClusterArn: clusterArn, ...(next ? { NextToken: next } : {}) }))
        .catch((error: unknown) => {
          throw translateAwsError('ListScramSecrets', error);
        });
      secrets.push(...(page.SecretArnList ?? []));
      next = page.NextToken;
    } while (next);
    return secrets.sort();
  }

  async associate(clusterArn: string, secretArns: readonly string[]): Promise<void> {
    const answer = await this.#client
      .send(new BatchAssociateScramSecretCommand({ ClusterArn: clusterArn, SecretArnList: [...secretArns] }))
      .catch((error: unknown) => {
        throw translateAwsError('BatchAssociateScramSecret', error);
      });
    const failed = answer.UnprocessedScramSecrets ?? [];
    if (failed.length > 0) throw new AwsCallError('BatchAssociateScramSecret', failed.map((f) => f.ErrorCode ?? 'Unprocessed').join(','));
  }
}
