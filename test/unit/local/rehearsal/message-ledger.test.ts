import { describe, expect, it } from 'vitest';
import { MessageLedger, messageId } from '../../../../src/local/rehearsal/message-ledger.ts';

describe('MessageLedger', () => {
  it('tracks acknowledged messages until they are delivered', () => {
    // Prepare
    const ledger = new MessageLedger();

    // Act
    ledger.acked('blue', 's1:1');
    ledger.acked('green', 's1:2');
    ledger.delivered('blue', 's1:1');
    ledger.delivered('blue', 's1:1');

    // Assess
    expect(ledger.outstanding).toBe(1);
    expect(ledger.ackCount).toEqual({ blue: 1, green: 1 });
    expect(ledger.deliveryCount).toEqual({ blue: 2, green: 0 });
    expect(ledger.deliveries()).toEqual([
      { id: 's1:1', cluster: 'blue' },
      { id: 's1:1', cluster: 'blue' },
    ]);
  });

  it('keeps failed attempts with the eventual acknowledgement, once', () => {
    // Prepare
    const ledger = new MessageLedger();

    // Act
    ledger.failed('s1:1');
    ledger.failed('s1:1');
    ledger.acked('blue', 's1:1');
    ledger.acked('green', 's1:1');

    // Assess
    expect(ledger.acks()).toEqual([{ id: 's1:1', cluster: 'blue', failedAttempts: 2 }]);
  });

  it('does not wait for a message delivered before its acknowledgement arrived', () => {
    // Prepare
    const ledger = new MessageLedger();

    // Act
    ledger.delivered('green', 's1:1');
    ledger.acked('green', 's1:1');

    // Assess
    expect(ledger.outstanding).toBe(0);
  });

  it('counts abandoned sends that were never acknowledged', () => {
    // Prepare
    const ledger = new MessageLedger();

    // Act
    ledger.abandoned('s1:1');
    ledger.abandoned('s1:2');
    ledger.acked('blue', 's1:2');
    ledger.generation('green');

    // Assess
    expect(ledger.abandonedCount).toBe(1);
    expect(ledger.generations).toEqual({ blue: 0, green: 1 });
    expect(messageId('svc-3', 12)).toBe('svc-3:12');
  });
});
