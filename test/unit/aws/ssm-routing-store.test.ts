import { DeleteParameterCommand, GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { routingParameterName } from '@kraft-canary/client/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmRoutingStore } from '../../../src/aws/ssm-routing-store.ts';
import { routingDoc } from '../../support/rollout-fixtures.ts';

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });

const client = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(client);
const store = new SsmRoutingStore(client, '/kc');

beforeEach(() => ssm.reset());

describe('SsmRoutingStore routing document', () => {
  it('names the parameter <prefix>/<migration>/routing', () => {
    expect(routingParameterName('/kc', 'orders')).toBe('/kc/orders/routing');
  });

  it('reads the latest version and its text', async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: '/kc/orders/routing' }).resolves({ Parameter: { Version: 7, Value: '{"a":1}' } });
    // Act / Assess
    expect(await store.read('orders')).toEqual({ version: 7, text: '{"a":1}' });
  });

  it('answers null for a missing parameter', async () => {
    ssm.on(GetParameterCommand).rejects(sdkError('ParameterNotFound'));
    expect(await store.read('orders')).toBeNull();
  });

  it('writes with Overwrite true as a String and returns the new version', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 8 });
    // Act
    const version = await store.write('orders', routingDoc());
    // Assess
    expect(version).toBe(8);
    const input = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ Name: '/kc/orders/routing', Type: 'String', Overwrite: true });
    expect(JSON.parse(input?.Value ?? '')).toMatchObject({ migration: 'orders', revision: 1 });
  });

  it('creates the first document create-only (Overwrite false) and returns its version', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    // Act
    const version = await store.createFirst('orders', routingDoc());
    // Assess
    expect(version).toBe(1);
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toMatchObject({ Name: '/kc/orders/routing', Type: 'String', Overwrite: false });
  });

  it('answers null instead of overwriting when the routing parameter already exists', async () => {
    // Prepare
    ssm.on(PutParameterCommand).rejects(sdkError('ParameterAlreadyExists'));
    // Act / Assess
    expect(await store.createFirst('orders', routingDoc())).toBeNull();
    expect(ssm.commandCalls(PutParameterCommand).every((c) => c.args[0].input.Overwrite === false)).toBe(true);
  });

  it('passes any other create failure on', async () => {
    ssm.on(PutParameterCommand).rejects(sdkError('AccessDeniedException'));
    await expect(store.createFirst('orders', routingDoc())).rejects.toMatchObject({ name: 'AwsCallError' });
    await expect(store.createFirst('orders', routingDoc({ phase: 'complete' }))).rejects.toMatchObject({ name: 'InvalidRoutingWriteError' });
  });

  it('refuses an invalid document without calling SSM', async () => {
    await expect(store.write('orders', routingDoc({ phase: 'complete' }))).rejects.toMatchObject({ name: 'InvalidRoutingWriteError' });
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('pages through the history and keeps versions after the given one, oldest first', async () => {
    // Prepare
    ssm
      .on(GetParameterHistoryCommand, { Name: '/kc/orders/routing', NextToken: undefined })
      .resolves({
        Parameters: [
          { Version: 1, Value: 'a' },
          { Version: 2, Value: 'b' },
        ],
        NextToken: 't',
      })
      .on(GetParameterHistoryCommand, { NextToken: 't' })
      .resolves({
        Parameters: [
          { Version: 4, Value: 'd' },
          { Version: 3, Value: 'c' },
        ],
      });
    // Act
    const history = await store.historySince('orders', 1);
    // Assess
    expect(history).toEqual([
      { version: 2, text: 'b' },
      { version: 3, text: 'c' },
      { version: 4, text: 'd' },
    ]);
  });

  it('has no history for a missing parameter', async () => {
    ssm.on(GetParameterHistoryCommand).rejects(sdkError('ParameterNotFound'));
    expect(await store.historySince('orders', 0)).toEqual([]);
  });

  it.each([
    ['ThrottlingException', 'TransientAwsError'],
    ['InternalServerError', 'TransientAwsError'],
    ['AccessDeniedException', 'AwsCallError'],
  ])('maps %s on read to %s', async (sdk, expected) => {
    ssm.on(GetParameterCommand).rejects(sdkError(sdk));
    await expect(store.read('orders')).rejects.toMatchObject({ name: expected, operation: 'GetParameter' });
  });
});

describe('SsmRoutingStore create-only flags', () => {
  it('creates with Overwrite false', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    // Act
    const created = await store.create('/kc/orders/lock', 'arn:x');
    // Assess
    expect(created).toBe(true);
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toMatchObject({ Name: '/kc/orders/lock', Value: 'arn:x', Overwrite: false });
  });

  it('answers false when the flag exists', async () => {
    ssm.on(PutParameterCommand).rejects(sdkError('ParameterAlreadyExists'));
    expect(await store.create('/kc/orders/lock', 'arn:x')).toBe(false);
  });

  it('throws other PutParameter failures', async () => {
    ssm.on(PutParameterCommand).rejects(sdkError('TooManyUpdates', { $retryable: {} }));
    await expect(store.create('/kc/orders/lock', 'arn:x')).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('gets a value, or null when absent', async () => {
    ssm
      .on(GetParameterCommand, { Name: '/kc/a' })
      .resolves({ Parameter: { Version: 1, Value: 'v' } })
      .on(GetParameterCommand, { Name: '/kc/b' })
      .rejects(sdkError('ParameterNotFound'));
    expect([await store.get('/kc/a'), await store.get('/kc/b')]).toEqual(['v', null]);
  });

  it('removes, treating a missing flag as removed', async () => {
    ssm.on(DeleteParameterCommand).rejectsOnce(sdkError('ParameterNotFound')).resolves({});
    await expect(store.remove('/kc/a')).resolves.toBeUndefined();
    await expect(store.remove('/kc/a')).resolves.toBeUndefined();
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(2);
  });

  it('throws other delete failures', async () => {
    ssm.on(DeleteParameterCommand).rejects(sdkError('AccessDeniedException'));
    await expect(store.remove('/kc/a')).rejects.toMatchObject({ name: 'AwsCallError', errorName: 'AccessDeniedException' });
  });
});
