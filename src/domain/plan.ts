import { err, type FieldIssue, ok, type Result } from '@kraft-canary/client/contract';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AnalysisSchema } from './analysis-plan.ts';
import { durationSeconds } from './duration.ts';
import { historyIssues } from './history-budget.ts';
import { IAM_PRINCIPAL_ARN } from './msk-resources.ts';
import { crossFieldIssues } from './plan-rules.ts';
import { GreenPercentSchema, MigrationIdSchema, zodIssues } from './schema-fields.ts';

const MSK_CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+(-\d+)?$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_USER_GROUP = /^S[A-Z0-9]{2,}$/;
const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const ClusterAuthSchema = z
  .object({
    mechanism: z.enum(['iam', 'scram-sha-512', 'tls', 'none']).default('iam'),
    /** Secrets Manager secret holding SCRAM credentials (MSK requires the AmazonMSK_ prefix). */
    secretId: z.string().min(1).max(2048).optional(),
  })
  .strict();

const ClusterSchema = z
  .object({
    arn: z.string().regex(MSK_CLUSTER_ARN, 'must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)'),
    bootstrap: z.string().min(1).max(1024),
    auth: ClusterAuthSchema.default({ mechanism: 'iam' }),
    schemaRegistry: z.url().optional(),
  })
  .strict();

/**
 * A consumer group the gates and alarms can see: MSK emits no consumer lag for a group whose
 * name contains a colon, and CloudWatch drops it for one with non-ASCII characters (Amazon MSK
 * developer guide, "Monitor consumer lags"). Either would leave a gate without data forever.
 */
const groupNameProblem = (name: string): string | null => {
  if (name.includes(':')) return 'MSK publishes no consumer lag for a group whose name contains ":"; the gates would never see it';
  if (!/^[\x20-\x7E]+$/.test(name))
    return 'CloudWatch drops consumer lag of a group whose name has characters outside printable ASCII; the gates would never see it';
  return null;
};

const ConsumerGroupSchema = z
  .string()
  .min(1)
  .max(255)
  .superRefine((name, ctx) => {
    const problem = groupNameProblem(name);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Per-group lag limits, keyed by groups the gates can see. */
const LagByGroupSchema = z.record(z.string().min(1), z.number().int().min(0).max(1e12)).superRefine((limits, ctx) => {
  for (const group of Object.keys(limits)) {
    const problem = groupNameProblem(group);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: [group], message: problem });
  }
});

/** A Lambda function ARN (unqualified, a version or an alias). */
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/**
 * A consumer group that cannot read both clusters (Kafka Streams, Connect, a service without the
 * client library): it stays on blue during the canary and moves to green at the cutover.
 */
const MoverSchema = z
  .object({
    group: ConsumerGroupSchema,
    kind: z.enum(['streams', 'connect', 'other']),
    /** Topics it reads; default: the migrated topics it commits on, on blue. */
    topics: z.array(z.string().min(1).max(249)).min(1).max(200).optional(),
    /** How the move is asked for: a Slack message to a person, or the operator's Lambda hook. */
    move: z
      .object({
        slack: z.literal(true).optional(),
        lambda: z.string().regex(LAMBDA_FUNCTION_ARN, 'must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)').optional(),
      })
      .strict()
      .refine((m) => (m.slack === true) !== (m.lambda !== undefined), 'set exactly one of slack: true or lambda: <function ARN>'),
    /** Kafka Streams stores or Connect source offsets, and how green gets them. */
    state: z
      .object({
        strategy: z.enum(['rebuild', 'replicate', 'reprocess']),
        /** What copies the changelog or offsets topics to green before the move. */
        replicatedBy: z
          .object({ tool: z.enum(['msk-replicator', 'mirrormaker2']), name: z.string().min(1).max(256) })
          .strict()
          .optional(),
      })
      .strict()
      .refine((s) => (s.strategy === 'replicate') === (s.replicatedBy !== undefined), {
        message: 'replicatedBy is required with strategy replicate, and only then',
        path: ['replicatedBy'],
      })
      .optional(),
  })
  .strict();

export type Mover = z.output<typeof MoverSchema>;

const GatesSchema = z
  .object({
    /** Highest consumer lag (messages) any group may show on either cluster during the bake. */
    maxLag: z.number().int().min(0).max(1e12).default(1000),
    /** Per-group overrides of maxLag. */
    maxLagByGroup: LagByGroupSchema.default({}),
    /** Largest rise in a group's lag from the start to the end of the bake window. */
    maxLagGrowth: z.number().int().min(0).max(1e12).default(500),
    /** Client send/consume errors as a fraction of operations, 0..1. */
    maxErrorRate: z.number().min(0).max(1).default(0.001),
  })
  .strict();

const StageSchema = z
  .object({
    greenPercent: GreenPercentSchema.refine((n) => n > 0, 'must be above 0'),
    bake: durationSeconds(0, 7 * 86_400).default(15 * 60),
    approval: z.enum(['auto', 'slack']).default('auto'),
    gates: GatesSchema.partial().strict().optional(),
  })
  .strict();

const WindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    start: z.string().regex(HH_MM, 'must be HH:MM (24 h)'),
    end: z.string().regex(HH_MM, 'must be HH:MM (24 h)'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  })
  .strict();

export const PlanSchema = z
  .object({
    migration: MigrationIdSchema,
    description: z.string().max(1024).optional(),
    clusters: z.object({ blue: ClusterSchema, green: ClusterSchema }).strict(),
    topics: z
      .object({
        sync: z.boolean().default(false),
        exclude: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ sync: false, exclude: [] }),
    /** Groups to check when the broker cannot list groups; always checked in addition to listed ones. */
    consumerGroups: z.array(ConsumerGroupSchema).max(1000).default([]),
    /** Groups that move to green at the cutover instead of reading both clusters. No default: see clients. */
    movers: z.array(MoverSchema).max(100).optional(),
    /** The services' IAM principals, whose access to green readiness compares with blue (IAM clusters). */
    clients: z
      .object({
        principals: z
          .array(
            z
              .object({
                arn: z.string().regex(IAM_PRINCIPAL_ARN, 'must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)'),
                service: z.string().min(1).max(128).optional(),
                /** Topics it uses; default: every topic on blue outside topics.exclude. */
                topics: z.array(z.string().min(1).max(249)).max(200).optional(),
                /** Consumer groups it uses; default: the plan's consumerGroups. */
                groups: z.array(ConsumerGroupSchema).max(200).optional(),
              })
              .strict(),
          )
          .max(100)
          .default([]),
      })
      .strict()
      // No default: a plan without it normalizes as before, so its execution names do not change.
      .optional(),
    stages: z.array(StageSchema).min(2, 'a plan needs at least two stages: a canary below 100 and the final 100').max(20),
    gates: GatesSchema.default({ maxLag: 1000, maxLagByGroup: {}, maxLagGrowth: 500, maxErrorRate: 0.001 }),
    /** Green compared with blue after each bake below 100 %; off when absent (see AnalysisSchema). */
    analysis: AnalysisSchema.optional(),
    drain: z
      .object({
        stableFor: durationSeconds(0, 86_400).default(10 * 60),
        timeout: durationSeconds(60, 14 * 86_400).default(2 * 3600),
        pollEvery: durationSeconds(1, 3600).default(60),
      })
      .strict()
      .default({ stableFor: 600, timeout: 7200, pollEvery: 60 }),
    window: WindowSchema.optional(),
    approvers: z
      .object({
        users: z.array(z.string().regex(SLACK_USER, 'must be a Slack user id such as U0123ABCD')).max(100).default([]),
        userGroup: z.string().regex(SLACK_USER_GROUP, 'must be a Slack user group id such as S0123ABCD').optional(),
      })
      .strict()
      .default({ users: [] }),
    slack: z
      .object({ channel: z.string().regex(SLACK_CHANNEL, 'must be a Slack channel id such as C0123ABCD') })
      .strict()
      .optional(),
    approvalTimeout: durationSeconds(60, 7 * 86_400).default(86_400),
    onApprovalTimeout: z.enum(['hold', 'rollback']).default('hold'),
    decommission: z.enum(['dry-run', 'delete']).default('dry-run'),
    /**
     * How long blue must have had no client connection (MSK ClientConnectionCount, per-minute
     * minimum of every broker) before Decommission deletes it; a dry run reports the same check.
     * Judged in whole metric periods, so anything under a minute means the last whole minute.
     * No schema default: a plan that leaves it out normalizes (and hashes into its execution
     * name) exactly as it did before the field existed; read it with decommissionQuietSeconds.
     */
    decommissionQuietFor: durationSeconds(1, 86_400).optional(),
  })
  .strict();

export type Plan = z.output<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Stage = Plan['stages'][number];
export type Gates = Plan['gates'];

export { crossFieldIssues } from './plan-rules.ts';

export interface PlanError {
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

const byPath = (a: FieldIssue, b: FieldIssue) => a.path.localeCompare(b.path, 'en', { numeric: true });

/** Validates a plan value, reporting every problem at once, each with its field path. */
export function validatePlan(input: unknown): Result<Plan, PlanError> {
  const parsed = PlanSchema.safeParse(input);
  const issues = [...(parsed.success ? historyIssues(parsed.data) : zodIssues(parsed.error)), ...crossFieldIssues(input)];
  if (issues.length > 0 || !parsed.success) {
    const sorted = issues.sort(byPath);
    return err({ message: `plan has ${sorted.length} error${sorted.length === 1 ? '' : 's'}`, issues: sorted });
  }
  return ok(parsed.data);
}

/** Parses YAML or JSON plan text (JSON is YAML 1.2) and validates it. */
export function parsePlan(text: string): Result<Plan, PlanError> {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    const message = String((cause as Error).message).replace(/\n[\s\S]*$/, '');
    return err({ message: 'plan is not valid YAML or JSON', issues: [{ path: '(root)', message }] });
  }
  return validatePlan(value);
}

/** The quiet period when a plan does not set decommissionQuietFor: 15 minutes. */
export const DEFAULT_DECOMMISSION_QUIET_SECONDS = 15 * 60;

/** Seconds blue must have been free of clients before it may be deleted. */
export const decommissionQuietSeconds = (plan: Plan): number => plan.decommissionQuietFor ?? DEFAULT_DECOMMISSION_QUIET_SECONDS;

/** Gates in force for one stage: the plan's, with the stage's overrides applied. */
export function stageGates(plan: Plan, stageIndex: number): Gates {
  const overrides = plan.stages[stageIndex]?.gates ?? {};
  return {
    ...plan.gates,
    ...overrides,
    maxLagByGroup: { ...plan.gates.maxLagByGroup, ...(overrides.maxLagByGroup ?? {}) },
  };
}
