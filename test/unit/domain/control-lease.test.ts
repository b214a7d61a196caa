import { describe, expect, it } from 'vitest';
import { CONTROL_LEASE_MS, newLease, readLease } from '../../../src/domain/control-lease.ts';

const T0 = Date.parse('2026-05-04T10:00:00.000Z');
const lease = JSON.stringify(newLease('arn:aws:iam::123456789012:role/oncall', 'pause', T0));

describe('newLease', () => {
  it('holds for two minutes from now by default, or for the given lease', () => {
    // Act
    const fresh = newLease('alice', 'promote', T0);
    const short = newLease('alice', 'promote', T0, 5_000);
    // Assess
    expect(fresh).toEqual({ by: 'alice', control: 'promote', at: '2026-05-04T10:00:00.000Z', expiresAt: '2026-05-04T10:02:00.000Z' });
    expect(CONTROL_LEASE_MS).toBe(120_000);
    expect(short.expiresAt).toBe('2026-05-04T10:00:05.000Z');
  });
});

describe('readLease', () => {
  it.each<[string, string, number, 'held' | 'expired']>([
    ['a fresh lease', lease, T0, 'held'],
    ['a lease a millisecond before it lapses', lease, T0 + CONTROL_LEASE_MS - 1, 'held'],
    ['a lease at its expiry', lease, T0 + CONTROL_LEASE_MS, 'expired'],
    ['a lease long over', lease, T0 + 86_400_000, 'expired'],
    ['a lock from before leases (at only): one lease after at', '{"by":"bob","control":"pause","at":"2026-05-04T10:00:00.000Z"}', T0 + 60_000, 'held'],
    ['a lock from before leases, older than a lease', '{"by":"bob","control":"pause","at":"2026-05-04T10:00:00.000Z"}', T0 + CONTROL_LEASE_MS, 'expired'],
  ])('%s is %s', (_name, raw, now, kind) => {
    // Act
    const reading = readLease(raw, now);
    // Assess
    expect(reading.kind).toBe(kind);
  });

  it('names who holds it, what, since when and until when', () => {
    // Act
    const reading = readLease(lease, T0 + 1_000);
    // Assess
    expect(reading).toEqual({
      kind: 'held',
      lease: { by: 'arn:aws:iam::123456789012:role/oncall', control: 'pause', at: '2026-05-04T10:00:00.000Z', expiresAt: '2026-05-04T10:02:00.000Z' },
    });
  });

  it('fills in unknown for a holder or control the value does not name', () => {
    // Act
    const reading = readLease('{"at":"2026-05-04T10:00:00.000Z","expiresAt":"2026-05-04T10:00:30.000Z","by":""}', T0);
    // Assess
    expect(reading).toMatchObject({ kind: 'held', lease: { by: 'unknown', control: 'unknown', expiresAt: '2026-05-04T10:00:30.000Z' } });
  });

  it.each([
    ['not JSON', 'arn:aws:iam::123456789012:role/oncall'],
    ['JSON but no object', '"pause"'],
    ['null', 'null'],
    ['no at', '{"by":"bob","control":"pause"}'],
    ['at that is no date', '{"by":"bob","at":"yesterday"}'],
    ['at that is no string', '{"by":"bob","at":12}'],
    ['expiresAt that is no date', '{"by":"bob","at":"2026-05-04T10:00:00.000Z","expiresAt":"soon"}'],
  ])('a value that is %s is unreadable', (_name, raw) => {
    // Act
    const reading = readLease(raw, T0);
    // Assess
    expect(reading).toEqual({ kind: 'unreadable' });
  });
});
