/**
 * The barrier behind invariant 5. While open, calls run at once and are counted in flight.
 * close() stops new calls from starting (they queue, in arrival order); drained() resolves
 * once every started call has settled (acknowledged or failed); open() starts the queued calls
 * synchronously, in order, before any later call can overtake them. Nothing is ever dropped.
 */
export class SwitchGate {
  #open = true;
  #inFlight = 0;
  readonly #queue: (() => void)[] = [];
  #drainWaiters: (() => void)[] = [];

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#queue.length;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#open && this.#queue.length === 0) return this.#start(call);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push(() => {
        this.#start(call).then(resolve, reject);
      });
    });
  }

  close(): void {
    this.#open = false;
  }

  /** Resolves when nothing is in flight (immediately if nothing is). */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Opens the gate and starts every queued call in order; returns how many were queued. */
  open(): number {
    this.#open = true;
    const waiting = this.#queue.splice(0);
    for (const start of waiting) start();
    return waiting.length;
  }

  #start<T>(call: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    let promise: Promise<T>;
    try {
      promise = call();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(this.#settle, this.#settle);
    return promise;
  }

  readonly #settle = (): void => {
    this.#inFlight -= 1;
    if (this.#inFlight > 0 || this.#drainWaiters.length === 0) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  };
}
