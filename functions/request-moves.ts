import { LambdaClient } from '@aws-sdk/client-lambda';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { LambdaMoveHooks } from '../src/aws/lambda-move-hooks.ts';
import { type RequestMovesPorts, requestMoves } from '../src/controller/movers/request-moves.ts';
import { moverHooks } from '../src/environment.ts';

/** RequestMoves: invokes the movers' hooks and words the Slack request for the others. */
export const createRequestMovesHandler = (ports: RequestMovesPorts) => middy().handler(async (event: unknown) => requestMoves(ports)(event));

export const handler = createRequestMovesHandler({
  hooks: new LambdaMoveHooks(awsClient(LambdaClient)),
  allowedHooks: moverHooks(process.env),
  clock: systemClock,
  logger: createJsonLogger({ function: 'request-moves' }),
});
