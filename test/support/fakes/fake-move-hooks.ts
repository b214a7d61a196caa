import type { MoveHooks, MoveRequest } from '../../../src/ports/index.ts';

/** Move hooks that record each invocation and do what the test says the application does. */
export class FakeMoveHooks implements MoveHooks {
  readonly calls: { arn: string; request: MoveRequest }[] = [];
  /** What the invoked hook does (restart the application against green); nothing by default. */
  onInvoke: (request: MoveRequest) => void = () => undefined;
  /** Thrown by invoke when set: Lambda refused the invocation. */
  failure: Error | null = null;

  async invoke(arn: string, request: MoveRequest): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.calls.push({ arn, request });
    this.onInvoke(request);
  }
}
