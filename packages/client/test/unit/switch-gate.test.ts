import { describe, expect, it } from 'vitest';
import { SwitchGate } from '../../src/switch-gate.ts';
import { flushPromises } from '../../../../test/support/fakes/fake-time.ts';

const deferred = () => {
  let resolve: () => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('SwitchGate', () => {
  it('drains only once every started call settled, failures included', async () => {
    // Prepare
    const gate = new SwitchGate();
    const [a, b] = [deferred(), deferred()];
    const calls = [gate.run(() => a.promise), gate.run(() => b.promise).catch(() => 'failed')];
    let drained = false;

    // Act
    gate.close();
    void gate.drained().then(() => {
      drained = true;
    });
    a.resolve();
    await flushPromises();
    const afterFirst = drained;
    b.reject(new Error('x'));
    await Promise.all(calls);
    await flushPromises();

    // Assess
    expect(afterFirst).toBe(false);
    expect(drained).toBe(true);
    expect(gate.inFlight).toBe(0);
  });

  it('queues calls while closed and starts them in order on open, ahead of later calls', async () => {
    // Prepare
    const gate = new SwitchGate();
    const started: string[] = [];
    const call = (name: string) => () => {
      started.push(name);
      return Promise.resolve(name);
    };
    gate.close();
    const queued = [gate.run(call('a')), gate.run(call('b'))];

    // Act
    const beforeOpen = [...started];
    const released = gate.open();
    const later = gate.run(call('c'));

    // Assess
    expect(beforeOpen).toEqual([]);
    expect(released).toBe(2);
    expect(started).toEqual(['a', 'b', 'c']);
    expect(await Promise.all([...queued, later])).toEqual(['a', 'b', 'c']);
  });

  it('turns a call that throws synchronously into a rejection', async () => {
    // Prepare
    const gate = new SwitchGate();

    // Act
    const result = gate.run(() => {
      throw new Error('sync');
    });

    // Assess
    await expect(result).rejects.toThrow('sync');
    await expect(gate.drained()).resolves.toBeUndefined();
  });
});
