import { GetParameterCommand, InternalServerError, ParameterNotFound, SSMClient, ThrottlingException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime, fixedRandom } from '../../../../../test/support/fakes/fake-time.ts';
import { docText, MIGRATION, routingDoc } from '../../../../../test/support/routing-docs.ts';
import { RoutingSourceReadError } from '../../../src/errors.ts';
import { RoutingWatcher, type RoutingWatcherEvents } from '../../../src/routing-watcher.ts';
import { routingFailureKind, SsmRoutingSource } from '../../../src/ssm/ssm-routing-source.ts';

const ssm = mockClient(SSMClient);
afterEach(() => ssm.reset());

const good = docText(routingDoc(5, 50, { blue: true, green: true }));
const meta = { $metadata: {} };
const accessDenied = Object.assign(new Error('User is not authorized to perform ssm:GetParameter'), { name: 'AccessDeniedException', $fault: 'client' });
const throttled = new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', ...meta });
const notFound = new ParameterNotFound({ message: 'not found', ...meta });

function watch(timeoutMs = 1_000) {
  const time = new FakeTime();
  const source = new SsmRoutingSource(new SSMClient({ region: 'eu-west-1' }), MIGRATION, '/kc');
  const watcher = new RoutingWatcher({ migration: MIGRATION, source, clock: time, timers: time, random: fixedRandom(1), timeoutMs });
  const seen: { warning: RoutingWatcherEvents['warning'][]; failed: RoutingWatcherEvents['read-failed'][]; changes: number } = {
    warning: [],
    failed: [],
    changes: 0,
  };
  watcher.events.on('warning', (e) => seen.warning.push(e));
  watcher.events.on('read-failed', (e) => seen.failed.push(e));
  watcher.events.on('change', () => {
    seen.changes += 1;
  });
  return { time, source, watcher, seen };
}

describe('SsmRoutingSource', () => {
  it('reads <prefix>/<migration>/routing with GetParameter', async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: '/kc/orders-move/routing' }).resolves({ Parameter: { Value: good } });
    const { source } = watch();

    // Act
    const text = await source.fetch();

    // Assess
    expect(text).toBe(good);
    expect(source.parameterName).toBe('/kc/orders-move/routing');
  });

  it.each([
    ['throttling', throttled, 'throttled', true],
    ['a 5xx', new InternalServerError({ message: 'boom', ...meta }), 'unavailable', true],
    ['AccessDenied', accessDenied, 'access-denied', false],
    ['an unknown error', new Error('weird'), 'other', false],
  ])('turns %s into a RoutingSourceReadError of kind %s', async (_label, failure, kind, retriable) => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(failure);
    const { source } = watch();

    // Act
    const thrown = await source.fetch().catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(RoutingSourceReadError);
    expect(thrown).toMatchObject({ kind, retriable, cause: failure });
    expect((thrown as Error).message).not.toContain('not authorized');
  });

  it('answers null for ParameterNotFound', async () => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(notFound);

    // Act
    const text = await watch().source.fetch();

    // Assess
    expect(text).toBeNull();
  });

  it('classifies an aborted call as a timeout', () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();

    // Act
    const kind = routingFailureKind(new Error('Request aborted'), controller.signal);

    // Assess
    expect(kind).toBe('timeout');
  });

  it('under throttling, AccessDenied, ParameterNotFound and timeouts keeps the last good document, backs off on read failures (a missing parameter is none) and says why', async () => {
    // Prepare
    const { watcher, time, seen } = watch(1_000);
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: good } })
      .rejectsOnce(throttled)
      .rejectsOnce(accessDenied)
      .rejectsOnce(notFound)
      .callsFakeOnce(() => new Promise(() => undefined))
      .resolves({ Parameter: { Value: good } });
    await watcher.start();

    // Act
    for (let i = 0; i < 5; i++) {
      await time.advance(time.pendingDelays()[0] as number);
      await time.advance(1_000); // lets the hanging read hit its 1 s timeout
    }
    watcher.stop();

    // Assess
    expect(watcher.current().revision).toBe(5);
    expect(seen.changes).toBe(1);
    expect(seen.failed.map((f) => [f.kind, f.consecutiveFailures, f.nextPollInMs, f.keptRevision])).toEqual([
      ['throttled', 1, 30_000, 5],
      ['access-denied', 2, 60_000, 5],
      ['timeout', 1, 30_000, 5],
    ]);
    expect(seen.warning.map((w) => [w.code, w.keptRevision])).toEqual([['missing', 5]]);
    expect(watcher.staleness().consecutiveFailures).toBe(0);
  });
});
