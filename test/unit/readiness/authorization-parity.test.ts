import { describe, expect, it } from 'vitest';
import { CLIENT_ACTIONS, mskResourceArn } from '../../../src/domain/msk-resources.ts';
import { authorizationOutcome } from '../../../src/readiness/authorization-parity.ts';
import { runReadiness } from '../../../src/readiness/run-readiness.ts';
import { acl, FakeAcls } from '../../support/fakes/fake-acls.ts';
import { FakePolicySimulator } from '../../support/fakes/fake-policy-simulator.ts';
import { FakeScramSecrets } from '../../support/fakes/fake-scram-secrets.ts';
import { BLUE_ARN, GREEN_ARN, readinessWorld } from '../../support/readiness-world.ts';

const ORDERS_ROLE = 'arn:aws:iam::123456789012:role/orders-service';
const BILLING_ROLE = 'arn:aws:iam::123456789012:role/billing';
const clock = { now: () => Date.parse('2026-05-04T10:00:00.000Z') };
const SECRET = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_${name}-AbCdEf`;

/** Everything a producing and consuming service is allowed on one cluster. */
function allowAll(iam: FakePolicySimulator, principal: string, cluster: string, topics: string[], groups: string[]) {
  iam.allow(principal, CLIENT_ACTIONS.cluster, [cluster]);
  iam.allow(
    principal,
    CLIENT_ACTIONS.topic,
    topics.map((t) => mskResourceArn(cluster, 'topic', t)),
  );
  iam.allow(
    principal,
    CLIENT_ACTIONS.group,
    groups.map((g) => mskResourceArn(cluster, 'group', g)),
  );
}

function iamWorld(principals: { arn: string; service?: string; groups?: string[] }[]) {
  const w = readinessWorld({ clients: { principals }, consumerGroups: ['billing'] });
  w.blue.topic('orders', 3, 3).topic('payments', 3, 3);
  const iam = new FakePolicySimulator();
  return { w, iam, ports: { ...w.ports, iam } };
}

describe('authorization parity: IAM clusters', () => {
  it('passes a principal allowed on green whatever it is allowed on blue', async () => {
    // Prepare
    const { w, iam, ports } = iamWorld([{ arn: ORDERS_ROLE, service: 'orders' }]);
    allowAll(iam, ORDERS_ROLE, BLUE_ARN, ['orders', 'payments'], ['billing']);
    allowAll(iam, ORDERS_ROLE, GREEN_ARN, ['orders', 'payments'], ['billing']);
    // Act
    const outcome = await authorizationOutcome(ports, w.plan);
    // Assess
    expect(outcome.rows).toEqual([{ check: 'authorization/iam/orders', status: 'ok', details: expect.stringMatching(/^same access on green: 10 action/) }]);
  });

  it('fails a principal denied on green, naming each action and resource and the statement to add', async () => {
    // Prepare: green's policy names only the cluster (a policy copied with blue's topic ARNs).
    const { w, iam, ports } = iamWorld([{ arn: ORDERS_ROLE, service: 'orders' }]);
    allowAll(iam, ORDERS_ROLE, BLUE_ARN, ['orders'], []);
    iam.allow(ORDERS_ROLE, CLIENT_ACTIONS.cluster, [GREEN_ARN]);
    // Act
    const outcome = await authorizationOutcome(ports, w.plan);
    // Assess
    const [only] = outcome.rows;
    expect(only?.status).toBe('fail');
    expect(only?.details).toContain('kafka-cluster:WriteData on topic orders');
    expect(only?.details).toContain(`"Resource":["${mskResourceArn(GREEN_ARN, 'topic', 'orders')}"]`);
    expect(only?.details).toContain('"Action":["kafka-cluster:DescribeTopic","kafka-cluster:ReadData","kafka-cluster:WriteData"]');
    expect(outcome.actions).toEqual([]);
  });

  it('fails a partially allowed principal on what is missing only', async () => {
    // Prepare: on green it may write orders but not join its consumer group.
    const { w, iam, ports } = iamWorld([{ arn: BILLING_ROLE, groups: ['billing'] }]);
    allowAll(iam, BILLING_ROLE, BLUE_ARN, ['orders'], ['billing']);
    allowAll(iam, BILLING_ROLE, GREEN_ARN, ['orders'], []);
    // Act
    const outcome = await authorizationOutcome(ports, w.plan);
    // Assess
    expect(outcome.rows[0]?.check).toBe(`authorization/iam/${BILLING_ROLE}`);
    expect(outcome.rows[0]?.details).toMatch(
      /denied on green what it may do on blue: kafka-cluster:DescribeGroup on group billing, kafka-cluster:AlterGroup on group billing\./,
    );
  });

  it('warns when a principal may do nothing on blue, and when the plan names no principal', async () => {
    const { w, ports } = iamWorld([{ arn: ORDERS_ROLE }]);
    const none = readinessWorld();
    expect((await authorizationOutcome(ports, w.plan)).rows[0]).toMatchObject({ status: 'warn', details: expect.stringContaining('may do nothing on blue') });
    expect((await authorizationOutcome({ ...none.ports, iam: new FakePolicySimulator() }, none.plan)).rows).toEqual([
      { check: 'authorization/iam', status: 'warn', details: 'the plan names no clients.principals: client access to green is not checked' },
    ]);
  });

  it('leaves IAM to the CLI where the simulator cannot be reached (a Lambda in a VPC)', async () => {
    const { w } = iamWorld([{ arn: ORDERS_ROLE }]);
    const outcome = await authorizationOutcome(w.ports, w.plan);
    expect(outcome.rows).toEqual([{ check: 'authorization/iam', status: 'warn', details: expect.stringContaining('run kraft-canary readiness') }]);
  });
});

function scramWorld() {
  const auth = { mechanism: 'scram-sha-512' as const };
  const w = readinessWorld({
    clusters: { blue: { arn: BLUE_ARN, bootstrap: 'b-1.blue:9096', auth }, green: { arn: GREEN_ARN, bootstrap: 'b-1.green:9096', auth } },
  });
  const scram = new FakeScramSecrets().add(BLUE_ARN, SECRET('orders'), SECRET('billing')).add(GREEN_ARN, SECRET('orders'));
  const blueAcls = new FakeAcls();
  const greenAcls = new FakeAcls();
  const ports = { ...w.ports, scram, blue: { ...w.ports.blue, acls: blueAcls }, green: { ...w.ports.green, acls: greenAcls } };
  return { w, scram, blueAcls, greenAcls, ports };
}

describe('authorization parity: SCRAM secrets and Kafka ACLs', () => {
  it('fails for a secret of blue not associated with green; --sync associates it with green only, and a second run changes nothing', async () => {
    // Prepare
    const { w, scram, ports } = scramWorld();
    // Act
    const before = await authorizationOutcome(ports, w.plan);
    const report = await runReadiness(ports, clock)(w.plan, { sync: ['authorization'] });
    const again = await runReadiness(ports, clock)(w.plan, { sync: ['authorization'] });
    // Assess
    expect(before.rows.find((r) => r.check === 'authorization/scram')).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('AmazonMSK_billing-AbCdEf'),
    });
    expect(report.applied).toEqual([
      { scope: 'authorization', description: 'associate 1 SCRAM secret(s) with green: AmazonMSK_billing-AbCdEf', result: 'done' },
    ]);
    expect(scram.written).toEqual([GREEN_ARN]);
    expect(report.rows.find((r) => r.check === 'authorization/scram')?.status).toBe('ok');
    expect(again.applied).toEqual([]);
  });

  it('diffs ACLs by principal, pattern, operation and permission; literal and prefixed patterns are different ACLs', async () => {
    // Prepare
    const { w, blueAcls, greenAcls, ports } = scramWorld();
    blueAcls.acls.push(
      acl(),
      acl({ patternType: 'PREFIXED', resourceName: 'orders.' }),
      acl({ resourceType: 'GROUP', resourceName: 'billing', operation: 'READ', principal: 'User:billing' }),
      acl({ operation: 'READ', permissionType: 'DENY', principal: 'User:intern' }),
    );
    greenAcls.acls.push(acl(), acl({ patternType: 'LITERAL', resourceName: 'orders.' }));
    // Act
    const outcome = await authorizationOutcome({ ...ports, scram: new FakeScramSecrets() }, w.plan);
    // Assess
    const row = outcome.rows.find((r) => r.check === 'authorization/acls');
    expect(row?.status).toBe('fail');
    expect(row?.details).toMatch(/^3 ACL\(s\) of blue are missing on green: ALLOW User:orders-service WRITE on TOPIC PREFIXED "orders\." from \*; /);
    expect(row?.details).toContain('DENY User:intern READ on TOPIC LITERAL "orders"');
    expect(outcome.actions.map((a) => a.description)).toEqual(['create 3 ACL(s) on green']);
  });

  it('--sync creates the missing ACLs on green only; a second run changes nothing', async () => {
    // Prepare
    const { w, blueAcls, greenAcls, scram, ports } = scramWorld();
    scram.add(GREEN_ARN, SECRET('billing'));
    blueAcls.acls.push(acl(), acl({ patternType: 'PREFIXED', resourceName: 'orders.' }));
    // Act
    const first = await runReadiness(ports, clock)(w.plan, { sync: ['authorization'] });
    const second = await runReadiness(ports, clock)(w.plan, { sync: ['authorization'] });
    // Assess
    expect(first.applied.map((a) => [a.description, a.result])).toEqual([['create 2 ACL(s) on green', 'done']]);
    expect(greenAcls.created).toBe(2);
    expect(blueAcls.acls).toHaveLength(2);
    expect(second.applied).toEqual([]);
    expect(second.rows.filter((r) => r.check.startsWith('authorization/'))).toEqual([
      { check: 'authorization/scram', status: 'ok', details: 'all 2 SCRAM secret(s) of blue are associated with green' },
      { check: 'authorization/acls', status: 'ok', details: 'all 2 ACL(s) of blue exist on green' },
    ]);
  });

  it('fails, not passes, when the secrets or ACLs cannot be read', async () => {
    const { w } = scramWorld();
    const outcome = await authorizationOutcome(w.ports, w.plan);
    expect(outcome.rows.map((r) => [r.check, r.status])).toEqual([
      ['authorization/scram', 'fail'],
      ['authorization/acls', 'fail'],
    ]);
  });
});
