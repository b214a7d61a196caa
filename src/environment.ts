import { CLIENT_METRICS, DEFAULT_CONTROL_TOPIC, DEFAULT_PARAMETER_PREFIX } from '@kraft-canary/client/contract';
import { migrationAlarmPrefix } from './domain/alarm-names.ts';

/**
 * The environment variables the deployment sets (serverless.yml), read in one place by the
 * functions and the CLI: each name is written once here, with its default. Every reader takes
 * the environment as an argument (process.env in production, a plain record in tests).
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** Alarm names start with it when the deployment sets no ALARM_PREFIX. */
export const DEFAULT_ALARM_PREFIX = 'kraft-canary';

/** `PARAMETER_PREFIX`: the SSM path the migrations' parameters live under. */
export const parameterPrefix = (env: Env): string => env.PARAMETER_PREFIX ?? DEFAULT_PARAMETER_PREFIX;

/** `METRICS_NAMESPACE`: the CloudWatch namespace the controller and the clients publish to. */
export const metricsNamespace = (env: Env): string => env.METRICS_NAMESPACE ?? CLIENT_METRICS.defaultNamespace;

/** `ALARM_PREFIX`: the deployment's alarms are named `<prefix>.<migration>.…` (src/domain/alarm-names.ts). */
export const alarmPrefix = (env: Env): string => env.ALARM_PREFIX ?? DEFAULT_ALARM_PREFIX;

/** `SLACK_BOT_TOKEN_PARAM`, else `<prefix>/slack/bot-token`. */
export const botTokenParameter = (env: Env, prefix: string = parameterPrefix(env)): string => env.SLACK_BOT_TOKEN_PARAM ?? `${prefix}/slack/bot-token`;

/** `SLACK_SIGNING_SECRET_PARAM`, else `<prefix>/slack/signing-secret`. */
export const signingSecretParameter = (env: Env, prefix: string = parameterPrefix(env)): string =>
  env.SLACK_SIGNING_SECRET_PARAM ?? `${prefix}/slack/signing-secret`;

/** `AUDIT_BUCKET`: the versioned bucket decommission records go to. */
export const auditBucket = (env: Env): string => env.AUDIT_BUCKET ?? '';

/**
 * What the rollback function serves (`MIGRATION`, `ALARM_PREFIX`): requests for another
 * migration, and alarms not named under `<ALARM_PREFIX>.<migration>.`, are ignored. Without a
 * migration it serves any.
 */
export function rollbackScope(env: Env): { migration?: string; alarmNamePrefix?: string } {
  if (!env.MIGRATION) return {};
  return { migration: env.MIGRATION, ...(env.ALARM_PREFIX ? { alarmNamePrefix: migrationAlarmPrefix(env.ALARM_PREFIX, env.MIGRATION) } : {}) };
}

/** `MOVER_HOOKS`: the move hooks' function ARNs (comma-separated) that the deployment lets RequestMoves invoke. */
export const moverHooks = (env: Env): string[] =>
  (env.MOVER_HOOKS ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn.length > 0);

/** `CONTROL_TOPIC`: the compacted topic routing documents are published to. */
export const controlTopic = (env: Env): string => env.CONTROL_TOPIC ?? DEFAULT_CONTROL_TOPIC;

/**
 * The publisher's connection to one cluster (`<SIDE>_CLUSTER_ARN`, `<SIDE>_BOOTSTRAP`,
 * `KAFKA_AUTH` = iam | scram-sha-512 | tls | none, `<SIDE>_KAFKA_SECRET_ID` for SCRAM), in the
 * plan's cluster shape so that the controller's one Kafka configuration builder serves it.
 */
export function publisherCluster(env: Env, side: 'blue' | 'green'): { arn: string; bootstrap: string; auth: { mechanism: KafkaAuth; secretId?: string } } {
  const prefix = side.toUpperCase();
  const mechanism = (['iam', 'scram-sha-512', 'tls', 'none'] as const).find((m) => m === env.KAFKA_AUTH) ?? 'iam';
  const secretId = env[`${prefix}_KAFKA_SECRET_ID`];
  return {
    arn: env[`${prefix}_CLUSTER_ARN`] ?? '',
    bootstrap: env[`${prefix}_BOOTSTRAP`] ?? '',
    auth: { mechanism, ...(secretId ? { secretId } : {}) },
  };
}

export type KafkaAuth = 'iam' | 'scram-sha-512' | 'tls' | 'none';
