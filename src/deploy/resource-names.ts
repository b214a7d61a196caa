import { createHash } from 'node:crypto';
import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { ALARM_NAME_MAX } from '../domain/alarm-names.ts';
import { DeploymentConfigError } from './errors.ts';

/**
 * Physical names of one deployment (one stack per migration and stage). Every name that AWS
 * requires to be unique in an account and region carries the migration, so that deploying a
 * second migration to the same stage creates a second set of resources instead of replacing
 * the first. Names that could outgrow a service's limit keep their head and their last part
 * (the function key) and put a short hash of the full name between them, so they stay unique.
 */

/** Documented maximum lengths (characters). */
export const NAME_LIMITS = {
  /** CloudFormation stack names: 128 characters. */
  stack: 128,
  /** Lambda function names: 64 characters. */
  function: 64,
  /** IAM role names: 64 characters. */
  role: 64,
  /** Step Functions state machine names: 80 characters (Step Functions service quotas). */
  stateMachine: 80,
  /** EventBridge Scheduler schedule names: 64 characters. */
  schedule: 64,
  /** SQS queue names: 80 characters. */
  queue: 80,
  /** CloudWatch Logs log group names: 512 characters. */
  logGroup: 512,
  /** EventBridge rule names: 64 characters of A-Z, a-z, 0-9, '.', '-' and '_'. */
  rule: 64,
  /** CloudWatch alarm names, metric and composite: 255 characters (src/domain/alarm-names.ts). */
  alarm: ALARM_NAME_MAX,
} as const;

/** Functions of serverless.yml, by key. */
export const FUNCTION_KEYS = [
  'preflight',
  'setRouting',
  'evaluateGates',
  'requestApproval',
  'slackInteractions',
  'notify',
  'confirmDrain',
  'requestMoves',
  'confirmMoves',
  'decommission',
  'releaseLock',
  'rollback',
  'checkControls',
  'executionEnded',
  'publishRouting',
] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

const HASH_LENGTH = 8;

/**
 * `head-…-tail` within `max` characters: unchanged when it fits, otherwise the head cut short,
 * then a hash of the whole name, then the tail kept whole (so a function's name still ends in
 * its key).
 */
export function boundedName(head: string, tail: string, max: number): string {
  const full = tail === '' ? head : `${head}-${tail}`;
  if (full.length <= max) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const keep = max - HASH_LENGTH - 1 - (tail === '' ? 0 : tail.length + 1);
  if (keep < 1) throw new DeploymentConfigError(`cannot name "${full}" in ${max} characters`);
  const cut = head.slice(0, keep).replace(/-+$/, '');
  return tail === '' ? `${cut}-${digest}` : `${cut}-${digest}-${tail}`;
}

export interface DeploymentNames {
  /** CloudFormation stack. */
  readonly stack: string;
  /** `kraft-canary-<stage>`: the alarm name prefix (alarm names then carry the migration). */
  readonly prefix: string;
  /** `<prefix>-<migration>`: dashboard, HTTP API and everything else that is per migration. */
  readonly migration: string;
  readonly stateMachine: string;
  readonly stateMachineLogGroup: string;
  readonly schedule: string;
  /**
   * The EventBridge rule on the routing parameter's change events, which invokes the publisher:
   * the framework's own name for it (`<function>-rule-1`) while that fits in 64 characters, so
   * that a deployed rule keeps its name, and beyond that bounded like the others (ending in
   * `-publishRouting-rule-1`).
   */
  readonly routingChangeRule: string;
  readonly functions: Readonly<Record<FunctionKey, string>>;
  readonly roles: Readonly<Record<FunctionKey, string>>;
}

const STAGE = /^[A-Za-z0-9-]{1,40}$/;

/** Every physical name of the deployment of `migration` to `stage` in `region`. */
export function deploymentNames(stage: string, migration: string, region: string): DeploymentNames {
  if (!STAGE.test(stage)) throw new DeploymentConfigError(`stage "${stage}" must be 1-40 characters of A-Z, a-z, 0-9 and -`);
  if (!MIGRATION_ID.test(migration)) throw new DeploymentConfigError(`migration "${migration}" is not a valid id`);
  const prefix = `kraft-canary-${stage}`;
  const perMigration = `${prefix}-${migration}`;
  const byKey = (name: (key: FunctionKey) => string) => Object.fromEntries(FUNCTION_KEYS.map((key) => [key, name(key)])) as Record<FunctionKey, string>;
  const stateMachine = boundedName(perMigration, '', NAME_LIMITS.stateMachine);
  return {
    stack: boundedName(perMigration, '', NAME_LIMITS.stack),
    prefix,
    migration: perMigration,
    stateMachine,
    stateMachineLogGroup: `/aws/vendedlogs/states/${stateMachine}`,
    schedule: boundedName(perMigration, 'rollout', NAME_LIMITS.schedule),
    routingChangeRule: boundedName(perMigration, 'publishRouting-rule-1', NAME_LIMITS.rule),
    functions: byKey((key) => boundedName(perMigration, key, NAME_LIMITS.function)),
    // IAM is global: the region keeps a migration deployed to two regions apart.
    roles: byKey((key) => boundedName(`${perMigration}-${key}`, region, NAME_LIMITS.role)),
  };
}
