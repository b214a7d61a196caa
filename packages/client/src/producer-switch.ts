import type { RoutingDocument } from './contract/routing-document.ts';

/**
 * The producer's switch (invariant 5) as a pure state machine: the producer feeds it what
 * happened and performs what it answers, so every interleaving can be checked without Kafka.
 *
 * - `steady`: sends are released at once on the document in force, which is the newest one.
 * - `draining-old`: the newest document moves traffic; new sends queue while the sends in
 *   flight on the old route settle.
 * - `switching`: nothing is in flight any more; the newest document's clusters are being
 *   connected before the queue is released.
 *
 * A document that arrives during a switch becomes its target at once: the queue is released
 * only on the newest accepted document, never on one it replaced, and a document that leaves
 * traffic where the in-flight sends went ends the switch without a route change.
 */
export type SwitchPhase = 'steady' | 'draining-old' | 'switching';

export interface ProducerSwitchState {
  readonly phase: SwitchPhase;
  /** The route the sends in flight took. Equals `newest` in `steady`. */
  readonly inForce: RoutingDocument;
  /** The newest accepted document: where queued sends will go. */
  readonly newest: RoutingDocument;
  /** Whether the newest document's clusters are connected (a switch waits for it). */
  readonly prepared: boolean;
  readonly inFlight: number;
  /** Sends waiting for the switch to end, the last issued first. */
  readonly queued: QueuedSend | null;
  readonly queuedCount: number;
  /** Sends that were in flight when the switch began. */
  readonly awaited: number;
}

/** A list that grows without copying: a burst queued during a switch costs O(1) per send. */
export interface QueuedSend {
  readonly send: number;
  readonly before: QueuedSend | null;
}

export type ProducerSwitchEvent =
  | { readonly kind: 'document'; readonly doc: RoutingDocument }
  | { readonly kind: 'send'; readonly send: number }
  | { readonly kind: 'acknowledged'; readonly send: number }
  | { readonly kind: 'failed'; readonly send: number }
  /** The clusters of the document with this revision are connected (or the attempt failed). */
  | { readonly kind: 'prepared'; readonly revision: number };

export type ProducerSwitchEffect =
  | { readonly kind: 'release'; readonly send: number; readonly doc: RoutingDocument }
  /** Connect the document's clusters, then feed `prepared` with its revision. */
  | { readonly kind: 'prepare'; readonly doc: RoutingDocument }
  /** The document is now the route in force. */
  | { readonly kind: 'adopt'; readonly doc: RoutingDocument }
  | {
      readonly kind: 'switched';
      readonly from: RoutingDocument;
      readonly to: RoutingDocument;
      readonly awaitedInFlight: number;
      readonly releasedQueued: number;
    };

export interface ProducerSwitchStep {
  readonly state: ProducerSwitchState;
  readonly effects: readonly ProducerSwitchEffect[];
}

/** Whether going from one document to the other changes where any of the producer's messages go. */
export type MovesTraffic = (from: RoutingDocument, to: RoutingDocument) => boolean;

export const steadyOn = (doc: RoutingDocument): ProducerSwitchState => ({
  phase: 'steady',
  inForce: doc,
  newest: doc,
  prepared: true,
  inFlight: 0,
  queued: null,
  queuedCount: 0,
  awaited: 0,
});

/** True when nothing is in flight, queued or being switched. */
export const isIdle = (state: ProducerSwitchState): boolean => state.phase === 'steady' && state.inFlight === 0;

export function stepProducerSwitch(state: ProducerSwitchState, event: ProducerSwitchEvent, moves: MovesTraffic): ProducerSwitchStep {
  switch (event.kind) {
    case 'document':
      return onDocument(state, event.doc, moves);
    case 'send':
      if (state.phase !== 'steady') {
        return { state: { ...state, queued: { send: event.send, before: state.queued }, queuedCount: state.queuedCount + 1 }, effects: [] };
      }
      return { state: { ...state, inFlight: state.inFlight + 1 }, effects: [{ kind: 'release', send: event.send, doc: state.inForce }] };
    case 'acknowledged':
    case 'failed':
      return onSettled(state);
    case 'prepared':
      return onPrepared(state, event.revision);
  }
}

function onDocument(state: ProducerSwitchState, doc: RoutingDocument, moves: MovesTraffic): ProducerSwitchStep {
  if (doc.revision <= state.newest.revision) return unchanged(state);
  if (!moves(state.inForce, doc)) {
    // In flight and queued sends all go where this document routes them: nothing to wait for.
    const released = releaseQueued({ ...state, newest: doc });
    return { state: released.state, effects: [...released.effects, { kind: 'adopt', doc }] };
  }
  const starting = state.phase === 'steady';
  const phase: SwitchPhase = state.inFlight > 0 ? 'draining-old' : 'switching';
  const next = { ...state, phase, newest: doc, prepared: false, awaited: starting ? state.inFlight : state.awaited };
  return { state: next, effects: [{ kind: 'prepare', doc }] };
}

function onSettled(state: ProducerSwitchState): ProducerSwitchStep {
  const inFlight = Math.max(0, state.inFlight - 1);
  if (state.phase !== 'draining-old' || inFlight > 0) return unchanged({ ...state, inFlight });
  if (state.prepared) return finish({ ...state, inFlight });
  return unchanged({ ...state, inFlight, phase: 'switching' });
}

function onPrepared(state: ProducerSwitchState, revision: number): ProducerSwitchStep {
  // A late answer for a document that has since been replaced prepares nothing.
  if (state.phase === 'steady' || revision !== state.newest.revision) return unchanged(state);
  if (state.phase === 'switching') return finish(state);
  return unchanged({ ...state, prepared: true });
}

/** The old route is settled and the newest one connected: release the queue on the newest. */
function finish(state: ProducerSwitchState): ProducerSwitchStep {
  const released = releaseQueued(state);
  const to = state.newest;
  const switched: ProducerSwitchEffect = { kind: 'switched', from: state.inForce, to, awaitedInFlight: state.awaited, releasedQueued: state.queuedCount };
  return { state: released.state, effects: [...released.effects, { kind: 'adopt', doc: to }, switched] };
}

/** Steady on the newest document, with every queued send released on it in issue order. */
function releaseQueued(state: ProducerSwitchState): ProducerSwitchStep {
  const doc = state.newest;
  const effects: ProducerSwitchEffect[] = new Array(state.queuedCount);
  let i = state.queuedCount;
  for (let q = state.queued; q !== null; q = q.before) {
    i -= 1;
    effects[i] = { kind: 'release', send: q.send, doc };
  }
  return { state: { ...steadyOn(doc), inFlight: state.inFlight + state.queuedCount }, effects };
}

const unchanged = (state: ProducerSwitchState): ProducerSwitchStep => ({ state, effects: [] });
