import type { ApprovalAction, ApprovalChannel, ApprovalContext, ApprovalDecision, ApprovalRecord, Clock, TaskDecision, Timers } from '../../ports/index.ts';

/** Decides one approval request: automatically, or by asking the person at the terminal. */
export type Decider = (record: ApprovalRecord, context: ApprovalContext) => Promise<{ action: ApprovalAction; by: string; byName: string }>;

/** Applies a decision to the waiting task (the controller's applyApprovalDecision). */
export type ApplyDecision = (record: ApprovalRecord, decision: ApprovalDecision) => Promise<TaskDecision>;

export interface LocalApprovalsOptions {
  readonly decide: Decider;
  readonly apply: ApplyDecision;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly onEvent: (at: number, text: string) => void;
}

export function describeRequest(record: ApprovalRecord, context: ApprovalContext): string {
  const gate = context.gate ? `, gate ${context.gate.verdict}` : '';
  return record.kind === 'decommission'
    ? `decommission of blue (${record.migration})`
    : `stage ${record.stageIndex + 1}: ${record.fromPercent}% → ${record.toPercent}% green${gate}`;
}

export const autoApprove: Decider = async () => ({ action: 'approve', by: 'rehearsal', byName: 'automatic approval' });

const ANSWERS: Record<string, ApprovalAction> = { '': 'approve', y: 'approve', yes: 'approve', n: 'reject', no: 'reject', r: 'roll-back' };

/**
 * Asks at the terminal. An unanswered question approves after `autoAfterMs`, so a rehearsal
 * left running in a terminal still finishes; anything unrecognised asks again.
 */
export function promptApproval(ask: (question: string, timeoutMs: number) => Promise<string | null>, autoAfterMs: number): Decider {
  return async (record, context) => {
    const seconds = Math.round(autoAfterMs / 1000);
    for (;;) {
      const answer = await ask(`Approve ${describeRequest(record, context)}? [Y]es / [n]o / [r]oll back (yes in ${seconds} s): `, autoAfterMs);
      if (answer === null) return autoApprove(record, context);
      const action = ANSWERS[answer.trim().toLowerCase()];
      if (action) return { action, by: 'rehearsal-operator', byName: 'operator at the terminal' };
    }
  };
}

/**
 * The approval channel of the rehearsal: instead of posting to Slack, it decides and applies
 * the decision through the same use case a Slack click reaches. The decision comes after
 * post() returns, as a click would: the task is waiting for its token by then.
 */
export function createLocalApprovalChannel(options: LocalApprovalsOptions): ApprovalChannel {
  const { decide, apply, clock, timers, onEvent } = options;
  const resolve = async (record: ApprovalRecord, context: ApprovalContext) => {
    const what = describeRequest(record, context);
    try {
      const choice = await decide(record, context);
      const decision: ApprovalDecision = { ...choice, at: clock.now(), via: 'cli' };
      const applied = await apply(record, decision);
      onEvent(clock.now(), `approval: ${what}: ${choice.action} by ${choice.byName}${applied === 'accepted' ? '' : ' (the task no longer waited)'}`);
    } catch (error) {
      onEvent(clock.now(), `approval: ${what}: could not be applied (${error instanceof Error ? error.name : 'unknown error'})`);
    }
  };
  return {
    async post(record, context) {
      onEvent(clock.now(), `approval requested: ${describeRequest(record, context)}`);
      timers.setTimeout(() => void resolve(record, context), 0);
    },
    async settle() {},
    async tell() {},
    async groupMembers() {
      return [];
    },
  };
}
