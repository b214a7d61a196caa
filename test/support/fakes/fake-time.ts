import type { Clock, Timers } from '../../../src/ports/index.ts';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A clock that reads a mutable instant. */
export function manualClock(start: number): { now: () => number; at: number } {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

/** A manual clock and timer queue: nothing happens until advance() says time passed. */
export class FakeTime implements Clock, Timers {
  #now: number;
  #nextId = 1;
  #pending: Pending[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  }

  /** Delays of the timers still pending, from now. */
  pendingDelays(): number[] {
    return this.#pending.map((p) => p.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order and letting promise callbacks run between. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      await flushPromises();
      const due = this.#pending.filter((p) => p.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      this.#now = due.at;
      due.fn();
    }
    this.#now = until;
    await flushPromises();
  }
}

export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/** A sequence of fixed "random" numbers, repeating the last one. */
export const fixedRandom = (...values: number[]) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0.5;
};
