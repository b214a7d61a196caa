/**
 * Errors of the controller use cases. Expected outcomes (refusals, holds) are values; these are
 * the unexpected ones. The ASL matches `name` in Retry/Catch, so names are part of the contract.
 */

/** The state machine handed a step input it cannot use (a broken definition or execution input). */
export class InvalidStepInputError extends Error {
  override readonly name = 'InvalidStepInputError';
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.issues = issues;
  }
}

/** The routing parameter holds text that is not a valid routing document. */
export class UnreadableRoutingDocumentError extends Error {
  override readonly name = 'UnreadableRoutingDocumentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A rolled-back document could not be built to re-assert a rollback (never expected). */
export class RollbackReassertError extends Error {
  override readonly name = 'RollbackReassertError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The approval request could not be posted; the record was removed and the step may be retried. */
export class ApprovalNotPostedError extends Error {
  override readonly name = 'ApprovalNotPostedError';
  readonly migration: string;
  constructor(migration: string, options?: { cause?: unknown }) {
    super(`approval request for ${migration} could not be posted`, options);
    this.migration = migration;
  }
}

/** A decision was made where no Slack access is wired (no message editor): the message stays as it is. */
export class NoMessageEditorError extends Error {
  override readonly name = 'NoMessageEditorError';
  constructor(options?: { cause?: unknown }) {
    super('no Slack access is configured to edit the approval message', options);
  }
}
