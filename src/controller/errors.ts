/**
 * Errors of the controller use cases. Expected outcomes (refusals, holds) are values; these are
 * the unexpected ones. The ASL matches `name` in Retry/Catch, so names are part of the contract.
 */
import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** The state machine handed a step input it cannot use (a broken definition or execution input). */
export class InvalidStepInputError extends KraftCanaryError {
  override readonly name = 'InvalidStepInputError';
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], options?: KraftCanaryErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/** The routing parameter holds text that is not a valid routing document. */
export class UnreadableRoutingDocumentError extends KraftCanaryError {
  override readonly name = 'UnreadableRoutingDocumentError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** A rolled-back document could not be built to re-assert a rollback (never expected). */
export class RollbackReassertError extends KraftCanaryError {
  override readonly name = 'RollbackReassertError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** A pause was lifted while its hold was being set up: the state machine checks the controls again. */
export class PauseLiftedError extends KraftCanaryError {
  override readonly name = 'PauseLiftedError';
  constructor(migration: string, options?: KraftCanaryErrorOptions) {
    super(`${migration} was resumed before its hold was set up`, options);
  }
}

/** The approval request could not be posted; the record was removed and the step may be retried (retriable). */
export class ApprovalNotPostedError extends KraftCanaryError {
  override readonly name = 'ApprovalNotPostedError';
  readonly migration: string;
  constructor(migration: string, options?: KraftCanaryErrorOptions) {
    super(`approval request for ${migration} could not be posted`, { ...options, retriable: true });
    this.migration = migration;
  }
}

/** A decision was made where no Slack access is wired (no message editor): the message stays as it is. */
export class NoMessageEditorError extends KraftCanaryError {
  override readonly name = 'NoMessageEditorError';
  constructor(options?: KraftCanaryErrorOptions) {
    super('no Slack access is configured to edit the approval message', options);
  }
}

/**
 * A person rejected an approval. The waiting task fails with this error's name, which the state
 * machine's Catch routes on (StageRejected, DecommissionRejected); the message names who and why.
 */
export class ApprovalRejectedError extends KraftCanaryError {
  override readonly name = 'ApprovalRejected';
}

/** A person rolled back from an approval: the waiting task fails with this name (RolledBackByOperator). */
export class RolledBackError extends KraftCanaryError {
  override readonly name = 'RolledBack';
}

/** A mover's hook is not among the functions this deployment may invoke (the moverHooks parameter). */
export class MoverHookNotAllowedError extends KraftCanaryError {
  override readonly name = 'MoverHookNotAllowedError';
  constructor(group: string, options?: KraftCanaryErrorOptions) {
    super(`the move hook of ${group} is not in this deployment's moverHooks: redeploy with it to let the rollout invoke it`, options);
  }
}
