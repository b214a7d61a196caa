/**
 * The operators' hooks that move a consumer group to green at the cutover (asynchronous Lambda
 * invocations in src/aws/). A hook restarts its application against green, reading from green's
 * earliest offsets; it must be idempotent, since an asynchronous invocation may run twice.
 */

export interface MoveRequest {
  readonly type: 'kraft-canary.move';
  readonly migration: string;
  readonly group: string;
  readonly kind: 'streams' | 'connect' | 'other';
  readonly cluster: 'green';
  /** Green's bootstrap string from the plan. */
  readonly bootstrap: string;
  /** Where the group must start on green when it has no committed offsets there. */
  readonly startFrom: 'earliest';
  readonly executionArn: string;
}

export interface MoveHooks {
  invoke(functionArn: string, request: MoveRequest): Promise<void>;
}
