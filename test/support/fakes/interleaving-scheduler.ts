import type { Gate } from './stepped-routing-store.ts';

const always = () => true;

/**
 * Runs concurrent actors one store operation at a time in an order chosen by `choose`:
 * every actor runs until it reaches its next gate (or finishes), then `choose` picks which
 * waiting actor performs its operation. Deterministic: the same choices give the same run.
 * A gate may be offered only while a condition holds (an acknowledgement only after its send);
 * the run ends when no waiting actor may go on, and `blocked` names those still waiting.
 */
export class InterleavingScheduler {
  readonly #waiting = new Map<string, { resume: () => void; enabled: () => boolean }>();
  readonly #finished = new Set<string>();
  readonly #actors: readonly string[];
  #wake: (() => void) | null = null;
  /** Operations performed so far; an actor's finish step is this count when it returned. */
  steps = 0;
  readonly finishedAt = new Map<string, number>();

  constructor(actors: readonly string[]) {
    this.#actors = actors;
  }

  gateFor(actor: string, enabled: () => boolean = always): Gate {
    return () =>
      new Promise<void>((resume) => {
        this.#waiting.set(actor, { resume, enabled });
        this.#signal();
      });
  }

  /** Actors waiting at a gate whose condition never held (after run() returned). */
  get blocked(): string[] {
    return [...this.#waiting.keys()].sort();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #settled(): Promise<void> {
    while (!this.#actors.every((a) => this.#waiting.has(a) || this.#finished.has(a))) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /**
   * Starts every actor and drives them to the end. `choose` gets the waiting actors (sorted)
   * and returns an index into them. Rejections of actors are collected, not thrown.
   */
  async run(bodies: Readonly<Record<string, () => Promise<unknown>>>, choose: (waiting: readonly string[]) => number): Promise<Map<string, unknown>> {
    const failures = new Map<string, unknown>();
    for (const actor of this.#actors) {
      const body = bodies[actor];
      if (body === undefined) throw new Error(`no body for actor ${actor}`);
      body()
        .catch((error: unknown) => failures.set(actor, error))
        .finally(() => {
          this.#finished.add(actor);
          this.finishedAt.set(actor, this.steps);
          this.#signal();
        });
    }
    for (;;) {
      await this.#settled();
      const waiting = [...this.#waiting].flatMap(([actor, gate]) => (gate.enabled() ? [actor] : [])).sort();
      if (waiting.length === 0) return failures;
      const actor = waiting[choose(waiting)] ?? waiting[0] ?? '';
      const gate = this.#waiting.get(actor);
      this.#waiting.delete(actor);
      this.steps += 1;
      gate?.resume();
    }
  }
}
