import { describe, expect, it } from 'vitest';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import type { RoutingDocument } from '../../src/contract/routing-document.ts';
import {
  isIdle,
  type ProducerSwitchEffect,
  type ProducerSwitchEvent,
  type ProducerSwitchState,
  steadyOn,
  stepProducerSwitch,
} from '../../src/producer-switch.ts';

const at = (revision: number, percent: number) => routingDoc(revision, percent, { blue: true, green: true });
const rolledBack = (revision: number) => routingDoc(revision, 0, { blue: true, green: true }, { rolledBack: true });
/** The unit under test is green from 20 % on. */
const moves = (from: RoutingDocument, to: RoutingDocument) => from.producers.greenPercent >= 20 !== to.producers.greenPercent >= 20;

const doc = (d: RoutingDocument): ProducerSwitchEvent => ({ kind: 'document', doc: d });
const send = (id: number): ProducerSwitchEvent => ({ kind: 'send', send: id });
const ack = (id: number): ProducerSwitchEvent => ({ kind: 'acknowledged', send: id });
const fail = (id: number): ProducerSwitchEvent => ({ kind: 'failed', send: id });
const prepared = (revision: number): ProducerSwitchEvent => ({ kind: 'prepared', revision });

/** Effects in a short form: release 3@r2, prepare r2, adopt r2, switched r1→r2 (awaited/released). */
const short = (e: ProducerSwitchEffect): string => {
  switch (e.kind) {
    case 'release':
      return `release ${e.send}@r${e.doc.revision}`;
    case 'prepare':
      return `prepare r${e.doc.revision}`;
    case 'adopt':
      return `adopt r${e.doc.revision}`;
    case 'switched':
      return `switched r${e.from.revision}→r${e.to.revision} (${e.awaitedInFlight}/${e.releasedQueued})`;
  }
};

function play(events: readonly ProducerSwitchEvent[]): { state: ProducerSwitchState; effects: string[] } {
  let state = steadyOn(at(1, 0));
  const effects: string[] = [];
  for (const event of events) {
    const step = stepProducerSwitch(state, event, moves);
    state = step.state;
    effects.push(...step.effects.map(short));
  }
  return { state, effects };
}

describe('stepProducerSwitch', () => {
  it.each([
    { name: 'steady: a send is released at once on the document in force', events: [send(1)], phase: 'steady', effects: ['release 1@r1'] },
    {
      name: 'a document that moves nothing is adopted without a pause',
      events: [send(1), doc(at(2, 10)), send(2)],
      phase: 'steady',
      effects: ['release 1@r1', 'adopt r2', 'release 2@r2'],
    },
    {
      name: 'a moving document drains the old route, then releases the queue once connected',
      events: [send(1), doc(at(2, 20)), send(2), ack(1), prepared(2)],
      phase: 'steady',
      effects: ['release 1@r1', 'prepare r2', 'release 2@r2', 'adopt r2', 'switched r1→r2 (1/1)'],
    },
    {
      name: 'draining ends in switching when the new route is not connected yet',
      events: [send(1), doc(at(2, 20)), send(2), fail(1)],
      phase: 'switching',
      effects: ['release 1@r1', 'prepare r2'],
    },
    {
      name: 'with nothing in flight a moving document goes straight to switching',
      events: [doc(at(2, 20)), send(1)],
      phase: 'switching',
      effects: ['prepare r2'],
    },
    {
      name: 'a document replacing the target during the drain becomes the target; the queue goes only there',
      events: [send(1), doc(at(2, 20)), send(2), doc(at(3, 50)), prepared(2), ack(1), prepared(3)],
      phase: 'steady',
      effects: ['release 1@r1', 'prepare r2', 'prepare r3', 'release 2@r3', 'adopt r3', 'switched r1→r3 (1/1)'],
    },
    {
      name: 'a rollback during the drain ends the switch at once: the queue stays on the old route',
      events: [send(1), doc(at(2, 20)), send(2), doc(rolledBack(3)), send(3)],
      phase: 'steady',
      effects: ['release 1@r1', 'prepare r2', 'release 2@r3', 'adopt r3', 'release 3@r3'],
    },
    {
      name: 'a document replacing the target while switching waits for its own connection',
      events: [doc(at(2, 20)), send(1), doc(at(3, 100)), prepared(2), send(2), prepared(3)],
      phase: 'steady',
      effects: ['prepare r2', 'prepare r3', 'release 1@r3', 'release 2@r3', 'adopt r3', 'switched r1→r3 (0/2)'],
    },
    {
      name: 'an older or repeated document changes nothing',
      events: [doc(at(3, 10)), doc(at(2, 100)), doc(at(3, 100)), send(1)],
      phase: 'steady',
      effects: ['adopt r3', 'release 1@r3'],
    },
    {
      name: 'a stray outcome or connection report in steady state changes nothing',
      events: [ack(9), prepared(1)],
      phase: 'steady',
      effects: [],
    },
  ])('$name', ({ events, phase, effects }) => {
    // Act
    const result = play(events);
    // Assess
    expect(result.effects).toEqual(effects);
    expect(result.state.phase).toBe(phase);
  });

  it('counts the sends awaited at the start of a switch, not those of later targets', () => {
    // Act
    const { state, effects } = play([send(1), send(2), doc(at(2, 20)), send(3), doc(at(3, 50)), ack(1), ack(2), prepared(3), ack(3)]);

    // Assess
    expect(effects.at(-1)).toBe('switched r1→r3 (2/1)');
    expect(isIdle(state)).toBe(true);
    expect(state.inForce.revision).toBe(3);
  });
});
