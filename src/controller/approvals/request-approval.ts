import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { z } from 'zod';
import type { GateResult } from '../../domain/gates.ts';
import type { ApprovalChannel, ApprovalContext, ApprovalMessageRef, ApprovalRecord, ApprovalStore, Clock, Logger } from '../../ports/index.ts';
import { ApprovalNotPostedError, PauseLiftedError } from '../errors.ts';
import { parseStepInput } from '../step-input.ts';

export interface RequestApprovalPorts {
  readonly approvals: ApprovalStore;
  readonly channel: ApprovalChannel;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A short random id (lower-case letters and digits): the only thing the buttons carry. */
  readonly newApprovalId: () => string;
  /**
   * Whether the migration is still paused (a `pause` hold checks it once its record is stored,
   * so that a resume that came before the record existed is not lost).
   */
  readonly stillPaused?: (migration: string) => Promise<boolean>;
}

const CLUSTER = z.enum(['blue', 'green']);
const GateResultSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'inconclusive']),
  reasons: z.array(z.string()),
  measurements: z.object({
    lag: z.array(z.object({ cluster: CLUSTER, group: z.string(), max: z.number().nullable(), growth: z.number().nullable() })),
    errorRate: z.array(z.object({ cluster: CLUSTER, rate: z.number().nullable(), errors: z.number(), operations: z.number() })),
  }),
});

const PERCENT = z.number().min(0).max(100);

/** The RequestApproval state's payload (`.waitForTaskToken`). */
export const RequestApprovalInputSchema = z.object({
  taskToken: z.string().min(1).max(8192),
  migration: z.string().regex(MIGRATION_ID),
  kind: z.enum(['stage', 'decommission', 'pause', 'promote']),
  /** Who paused (or asked for the full promotion) and why. */
  pause: z.object({ by: z.string().min(1).max(256), reason: z.string().max(1024) }).optional(),
  stageIndex: z.number().int().min(-1).max(100),
  fromPercent: PERCENT,
  toPercent: PERCENT,
  gate: GateResultSchema.nullable().default(null),
  bakeSeconds: z.number().min(0).default(0),
  executionArn: z.string().min(1).max(2048),
  channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/)
    .nullable()
    .default(null),
  approvers: z.object({ users: z.array(z.string()).max(100).default([]), userGroup: z.string().optional() }),
  /** The plan's approvalTimeout; the state's TimeoutSecondsPath uses the same number. */
  timeoutSeconds: z
    .number()
    .int()
    .min(60)
    .max(366 * 86_400)
    .default(86_400),
  /** The plan's onApprovalTimeout, for the message text only: the state machine enforces it. */
  onTimeout: z.enum(['hold', 'rollback']).nullable().default(null),
});

export type RequestApprovalInput = z.input<typeof RequestApprovalInputSchema>;

export interface RequestApprovalOutput {
  readonly approvalId: string;
  readonly expiresAt: number;
  readonly posted: boolean;
}

/**
 * Records stay in SSM's standard tier (4 KB) when they can: the facts the message showed are
 * kept (to re-render it when a CLI decision settles it) only while the record fits in this.
 */
export const EVIDENCE_RECORD_LIMIT = 4000;

function withEvidence(record: ApprovalRecord, evidence: ApprovalContext): ApprovalRecord {
  const full = { ...record, evidence };
  return JSON.stringify(full).length <= EVIDENCE_RECORD_LIMIT ? full : record;
}

/** The message's location lets a CLI decision edit it; without it only the buttons' own answers show the decision. */
async function rememberMessage(ports: RequestApprovalPorts, record: ApprovalRecord, message: ApprovalMessageRef | undefined): Promise<void> {
  if (message === undefined || record.channel === null) return;
  try {
    await ports.approvals.update({ ...record, message });
  } catch (cause) {
    ports.logger.warn('approval message location not stored', { migration: record.migration, approvalId: record.approvalId, error: (cause as Error).name });
  }
}

function toRecord(input: z.output<typeof RequestApprovalInputSchema>, approvalId: string, now: number): ApprovalRecord {
  const { userGroup, users } = input.approvers;
  return {
    approvalId,
    migration: input.migration,
    kind: input.kind,
    stageIndex: input.stageIndex,
    fromPercent: input.fromPercent,
    toPercent: input.toPercent,
    executionArn: input.executionArn,
    channel: input.channel,
    approvers: userGroup === undefined ? { users } : { users, userGroup },
    taskToken: input.taskToken,
    createdAt: now,
    expiresAt: now + input.timeoutSeconds * 1000,
    onTimeout: input.onTimeout,
    ...(input.pause === undefined ? {} : { pause: input.pause }),
  };
}

/**
 * Stores the task token server-side under a short approval id, then asks the channel. The record
 * is written first so that no click can arrive before it exists; when posting fails the record
 * goes again and the step fails (`ApprovalNotPostedError`), so the state machine can retry.
 */
export const requestApproval =
  (ports: RequestApprovalPorts) =>
  async (event: unknown): Promise<RequestApprovalOutput> => {
    const input = parseStepInput(RequestApprovalInputSchema, event, 'RequestApproval');
    const facts: ApprovalContext = { gate: input.gate as GateResult | null, bakeSeconds: input.bakeSeconds };
    const record = withEvidence(toRecord(input, ports.newApprovalId(), ports.clock.now()), facts);
    await ports.approvals.put(record);
    if (record.kind === 'pause' && ports.stillPaused !== undefined && !(await ports.stillPaused(record.migration))) {
      await ports.approvals.remove(record.migration, record.approvalId);
      throw new PauseLiftedError(record.migration);
    }
    const fields = { migration: record.migration, approvalId: record.approvalId, kind: record.kind, stageIndex: record.stageIndex };
    let message: ApprovalMessageRef | undefined;
    try {
      message = (await ports.channel.post(record, facts)) ?? undefined;
    } catch (cause) {
      await ports.approvals.remove(record.migration, record.approvalId);
      ports.logger.error('approval request could not be posted', { ...fields, error: (cause as Error).name });
      throw new ApprovalNotPostedError(record.migration, { cause });
    }
    await rememberMessage(ports, record, message);
    const posted = record.channel !== null;
    ports.logger.info(posted ? 'approval requested' : 'approval requested (no channel: decide with the CLI)', {
      ...fields,
      expiresAt: new Date(record.expiresAt).toISOString(),
    });
    return { approvalId: record.approvalId, expiresAt: record.expiresAt, posted };
  };
