import { describe, expect, it } from 'vitest';
import { alarmName, alarmNameFromArn, compositeAlarmName, migrationAlarmPrefix, parseAlarmName } from '../../../src/domain/alarm-names.ts';

describe('alarm names', () => {
  it('builds and parses back a signal alarm, even with dots in the detail', () => {
    const name = alarmName('KraftCanary', 'orders', 'lag', 'green', 'group.with.dots');
    expect(name).toBe('KraftCanary.orders.lag.green.group.with.dots');
    expect(parseAlarmName(name)).toEqual({ prefix: 'KraftCanary', migration: 'orders', signal: 'lag', cluster: 'green' });
  });

  it('keeps a long name within 255 characters, ending in a hash', () => {
    const name = alarmName('KraftCanary', 'orders', 'lag', 'green', 'g'.repeat(300));
    expect(name).toHaveLength(255);
    expect(name).toMatch(/~[0-9a-f]{12}$/);
  });

  it('names the composite alarm and the prefix of a migration', () => {
    expect(compositeAlarmName('KraftCanary', 'orders')).toBe('KraftCanary.orders.rollback');
    expect(migrationAlarmPrefix('KraftCanary', 'orders')).toBe('KraftCanary.orders.');
    expect(parseAlarmName('KraftCanary.orders.rollback')).toEqual({ prefix: 'KraftCanary', migration: 'orders', signal: null, cluster: null });
  });

  it.each([
    { name: 'KraftCanary', why: 'no migration' },
    { name: 'KraftCanary.orders', why: 'no signal' },
    { name: 'KraftCanary.orders.noise.green', why: 'an unknown signal' },
    { name: 'KraftCanary.orders.lag', why: 'a signal without a cluster' },
  ])('parses nothing from a name with $why', ({ name }) => {
    expect(parseAlarmName(name)).toBeNull();
  });

  it('reads the alarm name at the end of an ARN, or takes a bare name as it is', () => {
    expect(alarmNameFromArn('arn:aws:cloudwatch:eu-west-1:1:alarm:KraftCanary.orders.rollback')).toBe('KraftCanary.orders.rollback');
    expect(alarmNameFromArn('KraftCanary.orders.rollback')).toBe('KraftCanary.orders.rollback');
  });
});
