import type { ApprovalDecision, ApprovalRecord, ExecutionControl, TaskDecision } from '../../ports/index.ts';
import { ApprovalRejectedError, RolledBackError } from '../errors.ts';

/** The rollback use case as seen from an approval: the same path the alarms take. */
export interface OperatorRollback {
  readonly source: 'operator';
  readonly migration: string;
  readonly reason: string;
  readonly actor: string;
}
export type RollBack = (input: OperatorRollback) => Promise<unknown>;

export interface ApplyApprovalDecisionPorts {
  readonly executions: ExecutionControl;
  readonly rollBack: RollBack;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const who = (decision: ApprovalDecision): string =>
  `${decision.byName ? `${decision.byName} (${decision.by})` : decision.by}${decision.via === 'cli' ? ' via the CLI' : ''}`;

function stepName(record: ApprovalRecord): string {
  if (record.kind === 'pause') return `the pause of ${record.migration} at ${record.toPercent}%`;
  if (record.kind === 'promote') return `the full promotion of ${record.migration} from ${record.fromPercent}%`;
  return record.kind === 'decommission'
    ? `decommission of ${record.migration}`
    : `stage ${record.stageIndex + 1} of ${record.migration} (${record.fromPercent}% → ${record.toPercent}%)`;
}

/** Approve or reject: the answer the waiting task gets, whoever decided and however. */
export const sendApprovalOutcome =
  (executions: ExecutionControl) =>
  async (record: ApprovalRecord, decision: ApprovalDecision & { action: 'approve' | 'reject' }): Promise<TaskDecision> => {
    if (decision.action === 'reject') {
      const because = decision.reason ? `: ${decision.reason}` : '';
      const rejected = new ApprovalRejectedError(`Rejected by ${who(decision)} at ${iso(decision.at)}${because}`);
      return executions.sendTaskFailure(record.taskToken, rejected.name, rejected.message);
    }
    return executions.sendTaskSuccess(record.taskToken, {
      decision: 'approved',
      approver: decision.by,
      ...(decision.byName ? { approverName: decision.byName } : {}),
      via: decision.via,
      decidedAt: iso(decision.at),
    });
  };

/**
 * Resumes the waiting task with a decision. 'already-decided' means the task no longer waits
 * (timed out, stopped, or decided elsewhere): an answer, not an error. "Roll back now" runs the
 * rollback use case first, so that routing is safe before the workflow hears about it.
 */
export const applyApprovalDecision =
  (ports: ApplyApprovalDecisionPorts) =>
  async (record: ApprovalRecord, decision: ApprovalDecision): Promise<TaskDecision> => {
    if (decision.action !== 'roll-back') return sendApprovalOutcome(ports.executions)(record, { ...decision, action: decision.action });
    const because = decision.reason ? `: ${decision.reason}` : '';
    const reason = `Rolled back by ${who(decision)} during the approval of ${stepName(record)}${because}`;
    await ports.rollBack({ source: 'operator', migration: record.migration, reason, actor: decision.by });
    const rolledBack = new RolledBackError(reason);
    return ports.executions.sendTaskFailure(record.taskToken, rolledBack.name, rolledBack.message);
  };
