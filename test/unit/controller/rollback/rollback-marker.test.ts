import { parseRoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { createMarker, markerName, readMarker, reassertRollback } from '../../../../src/controller/rollback/rollback-marker.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const marker = { at: '2026-05-04T10:05:00.000Z', by: 'alarm:orders-green-lag', reason: 'lag alarm', scenario: 'early-canary' as const };

describe('rollback marker', () => {
  it('is named after the migration under the prefix', () => {
    expect(markerName('/kraft-canary', 'orders')).toBe('/kraft-canary/orders/rolled-back');
  });

  it('reads back what was created, and creating twice answers false', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    // Act
    const first = await createMarker(store, '/kc', 'orders', marker);
    const second = await createMarker(store, '/kc', 'orders', { ...marker, reason: 'again' });
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await readMarker(store, '/kc', 'orders')).toEqual(marker);
  });

  it('answers null when no rollback happened', async () => {
    expect(await readMarker(new MemoryRoutingStore(), '/kc', 'orders')).toBeNull();
  });

  it.each([
    ['not JSON', 'garbage{'],
    ['a JSON string', '"x"'],
    ['an epoch time and unknown scenario', JSON.stringify({ at: T0, scenario: 'meteor' })],
  ])('still counts an unreadable marker (%s) as present', async (_label, value) => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.create('/kc/orders/rolled-back', value);
    // Act
    const read = await readMarker(store, '/kc', 'orders');
    // Assess
    expect(read).not.toBeNull();
    expect(read?.scenario).toBeNull();
    expect(read?.by).toBe('unknown');
  });
});

describe('reassertRollback', () => {
  it('writes a rolled-back document above every revision seen, reading both clusters', async () => {
    // Prepare: a rollback at revision 4, then a racing stage write at revision 5
    const store = new MemoryRoutingStore();
    await store.write('orders', routingDoc({ revision: 3, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }));
    await store.write('orders', routingDoc({ revision: 4, phase: 'rolled-back', consumers: { blue: true, green: true }, executionArn: 'arn:x' }));
    await store.write('orders', routingDoc({ revision: 5, phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true } }));
    // Act
    const version = await reassertRollback({ routing: store, clock: { now: () => T0 } }, 'orders', marker);
    // Assess
    const latest = await store.read('orders');
    expect(latest?.version).toBe(version);
    const doc = parseRoutingDocument(latest?.text ?? '');
    expect(doc.ok && doc.value).toMatchObject({
      revision: 6,
      phase: 'rolled-back',
      producers: { greenPercent: 0 },
      consumers: { blue: true, green: true },
      updatedBy: marker.by,
      executionArn: 'arn:x',
    });
  });

  it('builds the document from nothing when the history holds no valid document', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    store.writeText('orders', 'not a document');
    // Act
    await reassertRollback({ routing: store, clock: { now: () => T0 } }, 'orders', marker);
    // Assess
    const doc = parseRoutingDocument((await store.read('orders'))?.text ?? '');
    expect(doc.ok && doc.value).toMatchObject({ revision: 1, phase: 'rolled-back', migration: 'orders' });
  });

  it('refuses to write a document that would be invalid', async () => {
    const store = new MemoryRoutingStore();
    await expect(reassertRollback({ routing: store, clock: { now: () => T0 } }, 'orders', { ...marker, by: '' })).rejects.toMatchObject({
      name: 'RollbackReassertError',
    });
  });
});
