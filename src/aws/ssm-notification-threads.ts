import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { NotificationThread, NotificationThreads } from '../ports/index.ts';
import { errorName, translateAwsError } from './errors.ts';
import { DEFAULT_PARAMETER_PREFIX } from './ssm-routing-store.ts';

export const threadParameterName = (prefix: string, migration: string): string => `${prefix}/${migration}/slack-thread`;

const readThread = (text: string | undefined): NotificationThread | null => {
  try {
    const value = JSON.parse(text ?? '') as Partial<NotificationThread>;
    return typeof value.channel === 'string' && typeof value.ts === 'string' ? { channel: value.channel, ts: value.ts } : null;
  } catch {
    return null;
  }
};

/** The Slack thread of each migration as a small String parameter (not secret: a channel id and a ts). */
export class SsmNotificationThreads implements NotificationThreads {
  readonly #client: SSMClient;
  readonly #prefix: string;

  constructor(client: SSMClient, prefix: string = DEFAULT_PARAMETER_PREFIX) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async get(migration: string): Promise<NotificationThread | null> {
    try {
      const out = await this.#client.send(new GetParameterCommand({ Name: threadParameterName(this.#prefix, migration) }));
      return readThread(out.Parameter?.Value);
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return null;
      throw translateAwsError('GetParameter', error);
    }
  }

  async put(migration: string, thread: NotificationThread): Promise<void> {
    const Name = threadParameterName(this.#prefix, migration);
    try {
      await this.#client.send(new PutParameterCommand({ Name, Value: JSON.stringify(thread), Type: 'String', Overwrite: true }));
    } catch (error) {
      throw translateAwsError('PutParameter', error);
    }
  }
}
