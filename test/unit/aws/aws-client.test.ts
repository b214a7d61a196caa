import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { awsClient, CONNECTION_TIMEOUT_MS, nameEndpointOnFailure, REQUEST_TIMEOUT_MS } from '../../../src/aws/aws-client.ts';
import { translateAwsError } from '../../../src/aws/errors.ts';
import { mskClient } from '../../../src/aws/msk-client.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const sources = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(folder, e.name)) : e.name.endsWith('.ts') ? [join(folder, e.name)] : [],
  );
const timeoutError = () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });

describe('awsClient', () => {
  it('gives every client a connection timeout of seconds and a bounded request timeout', async () => {
    // Act
    const client = awsClient(SSMClient, { region: 'eu-west-1' });
    const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    const config = await handler.configProvider;
    // Assess
    expect(CONNECTION_TIMEOUT_MS).toBeLessThanOrEqual(5_000);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
    expect(config).toMatchObject({ connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true });
    expect(client.middlewareStack.identify().some((m) => m.startsWith('kraftCanaryNameEndpointOnFailure'))).toBe(true);
  });

  it('is how every AWS SDK client in functions/ and src/ is made (the rehearsal has none)', () => {
    // Act
    const raw = [...sources('functions'), ...sources('src')]
      .filter((file) => !file.startsWith('src/local/') && file !== 'src/aws/aws-client.ts')
      .flatMap((file) => (/new [A-Z][A-Za-z]*Client\(/.test(readFileSync(join(ROOT, file), 'utf8')) ? [file] : []));
    // Assess
    expect(raw).toEqual([]);
  });

  it("puts the Lambdas' MSK client on the dual-stack endpoint that MSK's kafka-api VPC endpoint serves", async () => {
    const client = mskClient();
    expect(await client.config.useDualstackEndpoint()).toBe(true);
  });
});

describe('nameEndpointOnFailure', () => {
  it('names the host a call got no answer from, keeping the error name the retry strategy reads', async () => {
    // Prepare
    const call = nameEndpointOnFailure(async () => {
      throw timeoutError();
    });
    // Act
    const error = (await call({ request: { hostname: 'ssm.eu-west-1.amazonaws.com' } }).catch((e: unknown) => e)) as Error & { endpoint?: string };
    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError', endpoint: 'ssm.eu-west-1.amazonaws.com' });
    expect(error.message).toContain('ssm.eu-west-1.amazonaws.com');
    expect(translateAwsError('GetParameter', error).message).toBe(
      'GetParameter failed transiently (TimeoutError): no answer from ssm.eu-west-1.amazonaws.com (is there a VPC endpoint or a NAT route to it?)',
    );
  });

  it('leaves an answer from the service (an HTTP status) as it is', async () => {
    // Prepare
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const call = nameEndpointOnFailure(async () => {
      throw denied;
    });
    // Act
    const error = (await call({ request: { hostname: 'ssm.eu-west-1.amazonaws.com' } }).catch((e: unknown) => e)) as Error;
    // Assess
    expect(error.message).toBe('denied');
    expect(translateAwsError('GetParameter', error).message).toBe('GetParameter failed (AccessDeniedException)');
  });

  it('passes results through', async () => {
    expect(await nameEndpointOnFailure(async () => 'ok')({})).toBe('ok');
  });
});

describe('a client without a route (SDK call through the whole middleware stack)', () => {
  it('fails with the endpoint in the message, not a hang', async () => {
    // Prepare: a request handler that never gets a connection, as in a subnet without a route.
    const client = awsClient(SSMClient, { region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    client.config.requestHandler = { handle: async () => Promise.reject(timeoutError()) } as never;
    // Act
    const error = (await client.send(new GetParameterCommand({ Name: '/x' })).catch((e: unknown) => e)) as Error;
    // Assess
    expect(error.message).toContain('ssm.eu-west-1.amazonaws.com');
    expect(translateAwsError('GetParameter', error)).toMatchObject({ name: 'TransientAwsError' });
  });
});
