import { createServer, type Server, type Socket } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClient } from '../../../src/aws/aws-client.ts';
import { translateAwsError } from '../../../src/aws/errors.ts';

/**
 * A service endpoint that accepts connections and never answers (a blackholed route behaves
 * the same from the client's side, only earlier): the real Node HTTP handler gives up after
 * the request timeout and the error names the endpoint.
 */
let server: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('AWS SDK client timeouts (src/aws/aws-client.ts)', () => {
  it('a silent endpoint fails the call within seconds, naming the endpoint', async () => {
    // Prepare
    const { port } = server.address() as { port: number };
    const client = awsClient(
      SSMClient,
      { region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      { connectionTimeoutMs: 500, requestTimeoutMs: 500 },
    );
    // Act
    const started = performance.now();
    const failure = await client.send(new GetParameterCommand({ Name: '/kraft-canary/x/routing' })).catch((e: unknown) => e as Error);
    const elapsed = performance.now() - started;
    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(elapsed).toBeLessThan(10_000);
    const translated = translateAwsError('GetParameter', failure);
    expect(translated.name).toBe('TransientAwsError');
    expect(translated.message).toContain('no answer from 127.0.0.1');
  });
});
