import { describe, expect, it } from 'vitest';
import { alarmConfigFrom, parseLagWatch } from '../../../src/alarms/alarm-config.ts';
import { alarmName, parseAlarmName } from '../../../src/domain/alarm-names.ts';
import { alarmResources, expressionText } from '../../../src/alarms/cloudformation.ts';
import { alarmDefinitions } from '../../../src/alarms/definitions.ts';
import { AlarmConfigError } from '../../../src/alarms/errors.ts';

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
    expect(parseLagWatch('a:x,y; b:z')).toEqual([{ group: 'a', topics: ['x', 'y'] }, { group: 'b', topics: ['z'] }]);
    expect(() => parseLagWatch('a:b:c')).toThrow(AlarmConfigError);
    expect(() => parseLagWatch('a:')).toThrow(AlarmConfigError);
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
    expect(parseAlarmName(alarmName('p', 'm', 'cluster-health', 'green', 'x.y'))).toEqual({ prefix: 'p', migration: 'm', signal: 'cluster-health', cluster: 'green' });
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

  it('refuses a composite rule over the CloudWatch limit', () => {
    // Prepare
    const many = Array.from({ length: 120 }, (_, i) => `group-with-a-long-name-${i}:topic`).join(';');
    // Assess
    expect(() => alarmResources(alarmConfigFrom({ ...params, lagWatch: many }))).toThrow(AlarmConfigError);
  });
});
