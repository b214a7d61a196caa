import { describe, expect, it } from 'vitest';
import {
  alarmPrefix,
  auditBucket,
  botTokenParameter,
  metricsNamespace,
  parameterPrefix,
  rollbackScope,
  signingSecretParameter,
} from '../../src/environment.ts';

describe('the deployment environment', () => {
  it('falls back to the defaults the contract and the alarms share', () => {
    expect([parameterPrefix({}), metricsNamespace({}), alarmPrefix({}), auditBucket({})]).toEqual(['/kraft-canary', 'KraftCanary', 'kraft-canary', '']);
    expect([botTokenParameter({}), signingSecretParameter({})]).toEqual(['/kraft-canary/slack/bot-token', '/kraft-canary/slack/signing-secret']);
  });

  it('reads what the deployment sets', () => {
    const env = {
      PARAMETER_PREFIX: '/kc',
      METRICS_NAMESPACE: 'Payments',
      ALARM_PREFIX: 'kraft-canary-prod',
      AUDIT_BUCKET: 'audit',
      SLACK_BOT_TOKEN_PARAM: '/x/bot',
      SLACK_SIGNING_SECRET_PARAM: '/x/signing',
    };
    expect([parameterPrefix(env), metricsNamespace(env), alarmPrefix(env), auditBucket(env)]).toEqual(['/kc', 'Payments', 'kraft-canary-prod', 'audit']);
    expect([botTokenParameter(env), signingSecretParameter(env)]).toEqual(['/x/bot', '/x/signing']);
  });

  it('names the Slack parameters under a prefix given on the command line', () => {
    expect([botTokenParameter({}, '/cli'), signingSecretParameter({ PARAMETER_PREFIX: '/kc' }, '/cli')]).toEqual([
      '/cli/slack/bot-token',
      '/cli/slack/signing-secret',
    ]);
  });

  it.each([
    { env: {}, scope: {} },
    { env: { ALARM_PREFIX: 'kraft-canary-prod' }, scope: {} },
    { env: { MIGRATION: 'orders' }, scope: { migration: 'orders' } },
    { env: { MIGRATION: 'orders', ALARM_PREFIX: 'kraft-canary-prod' }, scope: { migration: 'orders', alarmNamePrefix: 'kraft-canary-prod.orders.' } },
  ])('the rollback serves $scope', ({ env, scope }) => {
    expect(rollbackScope(env)).toEqual(scope);
  });
});
