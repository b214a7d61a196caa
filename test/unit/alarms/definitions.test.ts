import { describe, expect, it } from 'vitest';
import { alarmConfigFrom, parseLagWatch } from '../../../src/alarms/alarm-config.ts';
import { alarmResources, expressionText } from '../../../src/alarms/cloudformation.ts';
import { alarmDefinitions } from '../../../src/alarms/definitions.ts';
import { AlarmConfigError } from '../../../src/alarms/errors.ts';
import { alarmName, parseAlarmName } from '../../../src/domain/alarm-names.ts';

const params = {
  migration: 'orders-kraft',
  namePrefix: 'kraft-canary-ci',
  blueClusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders-zk/0b0e8a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-1',
  greenClusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders-kraft/7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910-2',
  greenBrokerCount: '12',
  lagWatch: `orders-service:${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')};billing:invoices`,
};

describe('alarm definitions', () => {
  it('parses the lagWatch parameter and refuses what MSK would not publish', () => {
    // Assess
    expect(parseLagWatch('a:x,y; b:z')).toEqual([
      { group: 'a', topics: ['x', 'y'] },
      { group: 'b', topics: ['z'] },
    ]);
    expect(() => parseLagWatch('a:b:c')).toThrow(AlarmConfigError);
    expect(() => parseLagWatch('a:')).toThrow(AlarmConfigError);
    // CloudWatch drops lag of a group with characters outside ASCII: it could never alarm.
    expect(() => parseLagWatch('bestellungen-ä:orders')).toThrow(AlarmConfigError);
  });

  it('keeps every alarm within 10 metrics and splits larger groups', () => {
    // Act
    const defs = alarmDefinitions(alarmConfigFrom(params));
    // Assess
    expect(defs.every((d) => d.metrics.length <= 10)).toBe(true);
    expect(defs.filter((d) => d.name.includes('orders-service.offset-lag'))).toHaveLength(4);
    expect(defs.filter((d) => d.name.includes('under-replicated'))).toHaveLength(2);
  });

  it('names parse back to migration and signal', () => {
    // Assess
    expect(parseAlarmName(alarmName('p', 'm', 'cluster-health', 'green', 'x.y'))).toEqual({
      prefix: 'p',
      migration: 'm',
      signal: 'cluster-health',
      cluster: 'green',
    });
    expect(parseAlarmName('p.m.rollback')).toEqual({ prefix: 'p', migration: 'm', signal: null, cluster: null });
    expect(parseAlarmName('something-else')).toBeNull();
    expect(alarmName('p', 'm', 'lag', 'blue', 'g'.repeat(300)).length).toBe(255);
  });

  it.each([
    { expression: { kind: 'metric' as const, id: 'm0' }, text: 'm0' },
    { expression: { kind: 'max' as const, ids: ['m0', 'm1'] }, text: 'MAX([m0, m1])' },
    { expression: { kind: 'sum' as const, ids: ['b1', 'b2'] }, text: 'SUM([b1, b2])' },
    { expression: { kind: 'ratio' as const, numerator: 'e', denominator: 'o', minDenominator: 100 }, text: 'IF(o >= 100, FILL(e, 0) / o, 0)' },
  ])('writes $text', ({ expression, text }) => {
    expect(expressionText(expression)).toBe(text);
  });

  it('refuses an invalid deployment parameter with its name', () => {
    // Assess
    expect(() => alarmConfigFrom({ ...params, greenClusterArn: 'arn:aws:s3:::bucket' })).toThrow(/MSK cluster ARN/);
    expect(() => alarmConfigFrom({ ...params, alarmMaxErrorRate: '2' })).toThrow(/alarmMaxErrorRate/);
    expect(() => alarmConfigFrom({ ...params, migration: '' })).toThrow(/migration/);
  });

  it('40 groups × 20 topics deploy: nested composites by signal and cluster, none over 100 alarms or 10,240 characters', () => {
    // Prepare: 4 alarms per 10 topics per group on each cluster: 320 lag alarms, plus health and errors.
    const lagWatch = Array.from({ length: 40 }, (_, g) => `group-${g}:${Array.from({ length: 20 }, (_, t) => `topic-${t}`).join(',')}`).join(';');
    const config = alarmConfigFrom({ ...params, lagWatch });
    // Act
    const resources = alarmResources(config);
    // Assess
    const metricAlarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const composites = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::CompositeAlarm');
    expect(metricAlarms.length).toBeGreaterThan(300);
    const childrenOf = (rule: unknown) => [...String(rule).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1] as string);
    for (const [id, composite] of composites) {
      expect(childrenOf(composite.Properties.AlarmRule).length, id).toBeLessThanOrEqual(100);
      expect(String(composite.Properties.AlarmRule).length, id).toBeLessThanOrEqual(10_240);
      expect(composite.DependsOn).toHaveLength(childrenOf(composite.Properties.AlarmRule).length);
    }
    // Every metric alarm reaches the rollback composite, and the rule still listens to that one.
    const byName = new Map(composites.map(([, c]) => [String(c.Properties.AlarmName), childrenOf(c.Properties.AlarmRule)]));
    const reach = (name: string): string[] => (byName.has(name) ? (byName.get(name) ?? []).flatMap(reach) : [name]);
    expect(new Set(reach('kraft-canary-ci.orders-kraft.rollback'))).toEqual(new Set(metricAlarms.map((a) => String(a.Properties.AlarmName))));
    expect(JSON.stringify(resources.RollbackAlarmRule?.Properties.EventPattern)).toContain('"kraft-canary-ci.orders-kraft.rollback"');
    // A nested composite names its signal and cluster, so the rollback still picks the scenario.
    const nested = [...byName.keys()].filter((n) => !n.endsWith('.rollback'));
    expect(nested.map((n) => parseAlarmName(n)?.signal)).toContain('cluster-health');
    expect(nested.every((n) => parseAlarmName(n)?.cluster !== null)).toBe(true);
  });

  it('alarmMaxTimeLagSeconds=off keeps the offset-lag alarms only', () => {
    const defs = alarmDefinitions(alarmConfigFrom({ ...params, alarmMaxTimeLagSeconds: 'off' }));
    expect(defs.filter((d) => d.name.includes('.time-lag'))).toEqual([]);
    expect(defs.filter((d) => d.name.includes('.offset-lag')).length).toBeGreaterThan(0);
  });

  it('keeps one flat composite while every alarm fits one rule', () => {
    const resources = alarmResources(alarmConfigFrom(params));
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm')).toHaveLength(1);
  });

  it('refuses, at packaging, a lagWatch that would need more than 100 nested composites', () => {
    // Prepare: 3,000 groups × 1 topic: 12,000 lag alarms.
    const many = Array.from({ length: 3000 }, (_, i) => `group-with-a-long-name-${i}:topic`).join(';');
    // Assess
    expect(() => alarmResources(alarmConfigFrom({ ...params, lagWatch: many }))).toThrow(
      /nested composite alarms, and the rollback composite can reference 100/,
    );
  });
});
