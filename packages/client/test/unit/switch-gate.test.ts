import { describe, expect, it } from 'vitest';
import { FakeTime, flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import type { RoutingDocument } from '../../src/contract/routing-document.ts';
import { type GateSwitch, SwitchGate } from '../../src/switch-gate.ts';

const deferred = <T = void>() => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const at = (revision: number, percent: number) => routingDoc(revision, percent, { blue: true, green: true });

/** A gate whose unit is green from 50 % on; prepare() waits for the test unless `prepared` is set. */
function setup(options: { prepared?: boolean } = {}) {
  const time = new FakeTime();
  const switches: GateSwitch[] = [];
  const adopted: number[] = [];
  const preparing: { doc: RoutingDocument; done: () => void }[] = [];
  const gate = new SwitchGate({
    doc: at(1, 0),
    moves: (from, to) => from.producers.greenPercent >= 50 !== to.producers.greenPercent >= 50,
    prepare: (doc) => {
      if (options.prepared) return Promise.resolve();
      const wait = deferred();
      preparing.push({ doc, done: () => wait.resolve() });
      return wait.promise;
    },
    adopted: (doc) => adopted.push(doc.revision),
    switched: (change) => switches.push(change),
    clock: time,
  });
  const started: { name: string; revision: number }[] = [];
  const call = (name: string, outcome: Promise<string>) => (doc: RoutingDocument) => {
    started.push({ name, revision: doc.revision });
    return outcome;
  };
  return { time, gate, switches, adopted, preparing, started, call };
}

describe('SwitchGate', () => {
  it('starts calls at once in steady state and settles only once every call settled, failures included', async () => {
    // Prepare
    const { gate, started, call } = setup();
    const [a, b] = [deferred<string>(), deferred<string>()];
    const calls = [gate.run(call('a', a.promise)), gate.run(call('b', b.promise)).catch(() => 'failed')];
    let settled = false;

    // Act
    void gate.settled().then(() => {
      settled = true;
    });
    a.resolve('a');
    await flushPromises();
    const afterFirst = settled;
    b.reject(new Error('x'));
    const results = await Promise.all(calls);
    await flushPromises();

    // Assess
    expect(started).toEqual([
      { name: 'a', revision: 1 },
      { name: 'b', revision: 1 },
    ]);
    expect(afterFirst).toBe(false);
    expect(settled).toBe(true);
    expect(results).toEqual(['a', 'failed']);
    expect(gate.state).toMatchObject({ phase: 'steady', inFlight: 0 });
  });

  it('queues calls during a switch and starts them in order on the newest document, ahead of later calls', async () => {
    // Prepare
    const { time, gate, switches, adopted, preparing, started, call } = setup();
    const inFlight = deferred<string>();
    const first = gate.run(call('a', inFlight.promise));
    gate.accept(at(2, 50));
    const queued = [gate.run(call('b', Promise.resolve('b'))), gate.run(call('c', Promise.resolve('c')))];

    // Act
    gate.accept(at(3, 80));
    const beforeAck = [...started];
    await time.advance(40);
    inFlight.resolve('a');
    await flushPromises();
    const phaseAfterAck = gate.state.phase;
    for (const p of preparing) p.done();
    await flushPromises();
    const later = gate.run(call('d', Promise.resolve('d')));

    // Assess
    expect(beforeAck).toEqual([{ name: 'a', revision: 1 }]);
    expect(phaseAfterAck).toBe('switching');
    expect(started.map((s) => `${s.name}@${s.revision}`)).toEqual(['a@1', 'b@3', 'c@3', 'd@3']);
    expect(await Promise.all([first, ...queued, later])).toEqual(['a', 'b', 'c', 'd']);
    expect(preparing.map((p) => p.doc.revision)).toEqual([2, 3]);
    expect(adopted).toEqual([3]);
    expect(switches).toEqual([{ from: at(1, 0), to: at(3, 80), awaitedInFlight: 1, releasedQueued: 2, durationMs: 40 }]);
  });

  it('ends a switch at once, without a route change, when a newer document routes where the sends in flight went', async () => {
    // Prepare
    const { gate, switches, adopted, started, call } = setup();
    const inFlight = deferred<string>();
    const first = gate.run(call('a', inFlight.promise));
    gate.accept(at(2, 50));
    const queued = gate.run(call('b', Promise.resolve('b')));

    // Act
    gate.accept(routingDoc(3, 0, { blue: true, green: true }, { rolledBack: true }));
    inFlight.resolve('a');
    await Promise.all([first, queued]);

    // Assess
    expect(started.map((s) => `${s.name}@${s.revision}`)).toEqual(['a@1', 'b@3']);
    expect(gate.route.revision).toBe(3);
    expect(adopted).toEqual([3]);
    expect(switches).toEqual([]);
  });

  it('finishes a switch whose preparation failed, and turns a call that throws synchronously into a rejection', async () => {
    // Prepare
    const time = new FakeTime();
    const gate = new SwitchGate({
      doc: at(1, 0),
      moves: () => true,
      prepare: () => {
        throw new Error('no route to green');
      },
      adopted: () => undefined,
      switched: () => undefined,
      clock: time,
    });

    // Act
    gate.accept(at(2, 100));
    const result = gate.run(() => {
      throw new Error('sync');
    });

    // Assess
    await expect(result).rejects.toThrow('sync');
    await expect(gate.settled()).resolves.toBeUndefined();
    expect(gate.route.revision).toBe(2);
  });
});
