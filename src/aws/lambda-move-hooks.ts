import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { MoveHooks, MoveRequest } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

/**
 * Invokes an operator's move hook asynchronously (InvocationType Event): Lambda queues the
 * event and answers at once, and the rollout then watches green for the moved group instead of
 * waiting on the hook, which may take as long as a restart does.
 */
export class LambdaMoveHooks implements MoveHooks {
  readonly #client: LambdaClient;

  constructor(client: LambdaClient) {
    this.#client = client;
  }

  async invoke(functionArn: string, request: MoveRequest): Promise<void> {
    try {
      await this.#client.send(
        new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(request)) }),
      );
    } catch (error) {
      throw translateAwsError('Invoke', error);
    }
  }
}
