import { z } from 'zod';
import { alarmNameFromArn, parseAlarmName } from '../../domain/alarm-names.ts';
import { clip } from '../../domain/clip.ts';
import { ROLLBACK_SCENARIOS, type RollbackScenario } from '../../domain/rollback-scenario.ts';
import { MigrationIdSchema } from '../../domain/schema-fields.ts';

/** One rollback request, whatever asked for it (alarm, state machine, Slack button, CLI). */
export interface RollbackRequest {
  readonly migration: string;
  readonly reason: string;
  readonly actor: string;
  readonly source: 'alarm' | 'state-machine' | 'operator';
  /** The green cluster itself is failing (health alarm, or the operator says so). */
  readonly clusterInstability: boolean;
  /** Forces the scenario; otherwise it follows from the document and clusterInstability. */
  readonly scenario?: RollbackScenario;
  /** The execution that asks for its own rollback: it is not stopped from here. */
  readonly executionArn?: string;
  /** Numbers behind the decision (alarm values, thresholds) for the notification. */
  readonly evidence?: Readonly<Record<string, string | number>>;
}

/** What the rollback handler makes of an event: a request, something to ignore, or junk. */
export type ParsedRollbackEvent =
  | { readonly kind: 'request'; readonly request: RollbackRequest }
  | { readonly kind: 'ignored'; readonly reason: 'not-in-alarm' | 'foreign-alarm' | 'foreign-migration'; readonly detail: string }
  | { readonly kind: 'malformed'; readonly issues: readonly string[] };

export interface RollbackEventContext {
  /** The migration this deployment serves; requests for another one are ignored. */
  readonly migration?: string;
  /** `<prefix>.<migration>.`: only alarms named under it may roll this migration back. */
  readonly alarmNamePrefix?: string;
}

const Scenario = z.enum(ROLLBACK_SCENARIOS);
const Reason = z.string().trim().min(1).max(900);
/** The state machine's own reasons carry text it cannot bound (a rejection's cause): clipped, never refused. */
const StateMachineReason = z
  .string()
  .trim()
  .min(1)
  .transform((text) => clip(text, 900));

const StateMachineInput = z.object({
  source: z.literal('state-machine'),
  migration: MigrationIdSchema,
  reason: StateMachineReason,
  executionArn: z.string().min(1).max(2048),
  scenario: Scenario.optional(),
});

const OperatorInput = z.object({
  source: z.literal('operator'),
  migration: MigrationIdSchema,
  reason: Reason,
  actor: z.string().trim().min(1).max(256),
  scenario: Scenario.optional(),
  clusterInstability: z.boolean().default(false),
});

const AlarmEvent = z.object({
  source: z.literal('aws.cloudwatch'),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  detail: z.object({
    alarmName: z.string().min(1).max(255),
    state: z.object({ value: z.string(), reason: z.string().optional(), reasonData: z.string().optional() }),
  }),
});

function reasonData(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Names of the child alarms a composite alarm reports as its trigger. */
function triggeringAlarms(data: Record<string, unknown>): string[] {
  const list = Array.isArray(data.triggeringAlarms) ? data.triggeringAlarms : [];
  return list.flatMap((a: unknown) => {
    const arn = (a as { arn?: unknown } | null)?.arn;
    return typeof arn === 'string' ? [alarmNameFromArn(arn)] : [];
  });
}

function evidence(data: Record<string, unknown>, children: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (children.length > 0) out['triggered by'] = clip(children.join(', '), 500);
  if (typeof data.threshold === 'number') out.threshold = data.threshold;
  if (Array.isArray(data.recentDatapoints)) out['recent values'] = clip(data.recentDatapoints.map(String).join(', '), 200);
  return out;
}

function fromAlarm(event: z.infer<typeof AlarmEvent>, context: RollbackEventContext): ParsedRollbackEvent {
  const { alarmName, state } = event.detail;
  if (state.value !== 'ALARM') return { kind: 'ignored', reason: 'not-in-alarm', detail: `${alarmName} is ${state.value}` };
  const parsed = parseAlarmName(alarmName);
  const ours = context.alarmNamePrefix === undefined || alarmName.startsWith(context.alarmNamePrefix);
  if (parsed === null || !ours) return { kind: 'ignored', reason: 'foreign-alarm', detail: alarmName };
  const data = reasonData(state.reasonData);
  const children = triggeringAlarms(data);
  const signals = [parsed.signal, ...children.map((name) => parseAlarmName(name)?.signal ?? null)];
  return {
    kind: 'request',
    request: {
      migration: parsed.migration,
      reason: clip(`alarm ${alarmName}: ${state.reason ?? 'in ALARM'}`, 900),
      actor: clip(`alarm:${alarmName}`, 256),
      source: 'alarm',
      clusterInstability: signals.includes('cluster-health'),
      evidence: evidence(data, children),
    },
  };
}

const issuesOf = (error: z.ZodError): string[] => error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);

function parse(event: unknown, context: RollbackEventContext): ParsedRollbackEvent {
  const source = (event as { source?: unknown } | null)?.source;
  if (source === 'aws.cloudwatch') {
    const alarm = AlarmEvent.safeParse(event);
    return alarm.success ? fromAlarm(alarm.data, context) : { kind: 'malformed', issues: issuesOf(alarm.error) };
  }
  if (source === 'state-machine') {
    const input = StateMachineInput.safeParse(event);
    if (!input.success) return { kind: 'malformed', issues: issuesOf(input.error) };
    const { migration, reason, executionArn, scenario } = input.data;
    const actor = `execution:${executionArn.split(':').at(-1) ?? executionArn}`;
    return {
      kind: 'request',
      request: {
        migration,
        reason,
        executionArn,
        actor,
        source: 'state-machine',
        clusterInstability: scenario === 'cluster-instability',
        ...(scenario ? { scenario } : {}),
      },
    };
  }
  if (source === 'operator') {
    const input = OperatorInput.safeParse(event);
    if (!input.success) return { kind: 'malformed', issues: issuesOf(input.error) };
    const { scenario, ...rest } = input.data;
    return { kind: 'request', request: { ...rest, source: 'operator', ...(scenario ? { scenario } : {}) } };
  }
  return { kind: 'malformed', issues: ['source: expected aws.cloudwatch, state-machine or operator'] };
}

/** Parses any of the three inputs of the rollback (alarm event, state machine, operator). Never throws. */
export function parseRollbackEvent(event: unknown, context: RollbackEventContext = {}): ParsedRollbackEvent {
  const parsed = parse(event, context);
  if (parsed.kind === 'request' && context.migration !== undefined && parsed.request.migration !== context.migration) {
    return { kind: 'ignored', reason: 'foreign-migration', detail: parsed.request.migration };
  }
  return parsed;
}
