import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { type ConfirmMovesPorts, confirmMoves } from '../src/controller/movers/confirm-moves.ts';
import { kafkajsAdmins } from '../src/kafka/kafka-admins.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';

/** ConfirmMoves: one poll of green for the moved consumer groups. */
export const createConfirmMovesHandler = (ports: ConfirmMovesPorts) => middy().handler(async (event: unknown) => confirmMoves(ports)(event));

export const handler = createConfirmMovesHandler({
  kafka: kafkajsAdmins({ scram: secretsManagerScram(awsClient(SecretsManagerClient)) }),
  clock: systemClock,
  logger: createJsonLogger({ function: 'confirm-moves' }),
});
