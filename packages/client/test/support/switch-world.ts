import { MIGRATION } from '../../../../test/support/routing-docs.ts';
import { bucketOf, type Cluster } from '../../src/contract/bucket.ts';
import { movesTraffic, type RoutingMode, routeMessage } from '../../src/contract/key-route.ts';
import type { RoutingDocument } from '../../src/contract/routing-document.ts';
import { isIdle, type ProducerSwitchEvent, type ProducerSwitchState, steadyOn, stepProducerSwitch } from '../../src/producer-switch.ts';

function unitIn(low: number, high: number, prefix: string): string {
  for (let i = 0; ; i++) {
    const bucket = bucketOf(MIGRATION, `${prefix}-${i}`);
    if (bucket >= low && bucket < high) return `${prefix}-${i}`;
  }
}

/** One key per band of buckets, so that every stage moves one of them; null keys follow the instance. */
const KEYS = [unitIn(0, 2_000, 'key'), unitIn(2_000, 5_000, 'key'), unitIn(5_000, 8_000, 'key'), unitIn(8_000, 10_000, 'key')];
const UNITS: readonly (string | null)[] = [...KEYS, null];
const INSTANCE = unitIn(0, 2_000, 'svc');

type Routes = ReadonlyMap<string | null, Cluster>;

/** Where each unit goes under a document, computed once per document and mode (hashing is the slow part). */
const routeCache = new Map<string, Routes>();
function routesOf(doc: RoutingDocument, mode: RoutingMode): Routes {
  const id = `${mode}/${doc.revision}/${doc.producers.greenPercent}`;
  let routes = routeCache.get(id);
  if (!routes) {
    routes = new Map(UNITS.map((unit) => [unit, routeMessage(doc, mode, INSTANCE, unit)]));
    routeCache.set(id, routes);
  }
  return routes;
}

/**
 * The producer switch machine with an observer of everything around it: the documents the
 * watcher accepted, the sends the caller issued, where each release put every unit (each send
 * carries one message of every key and a null key) and which sends are unsettled. Every
 * release is checked against invariant 5 as it happens:
 * (a) each unit goes where the newest document accepted at that moment routes it;
 * (b) no unit goes out on a new cluster while a send of it on the old one is unsettled;
 * (c) a send is released once, after it was issued; (d) in key mode a key is on one cluster
 * per revision. finish() adds the end checks: every send released in issue order, the machine
 * idle on the newest document.
 */
export class SwitchWorld {
  readonly problems: string[] = [];
  readonly #mode: RoutingMode;
  readonly #accepted: RoutingDocument[];
  #state: ProducerSwitchState;
  readonly #issued: number[] = [];
  readonly #released = new Map<number, Routes>();
  readonly #unsettled = new Set<number>();
  readonly #prepared = new Set<number>();
  readonly #keyAtRevision = new Map<string, Cluster>();
  readonly #moves = (from: RoutingDocument, to: RoutingDocument) => movesTraffic(from, to, this.#mode, INSTANCE);

  constructor(mode: RoutingMode, start: RoutingDocument) {
    this.#mode = mode;
    this.#accepted = [start];
    this.#state = steadyOn(start);
  }

  accept(doc: RoutingDocument): void {
    this.#accepted.push(doc);
    this.#feed({ kind: 'document', doc });
  }

  issue(send: number): void {
    this.#issued.push(send);
    this.#feed({ kind: 'send', send });
  }

  settle(send: number, failed: boolean): void {
    this.#unsettled.delete(send);
    this.#feed({ kind: failed ? 'failed' : 'acknowledged', send });
  }

  connected(revision: number): void {
    this.#feed({ kind: 'prepared', revision });
  }

  /** Released and not settled yet: its broker may answer. */
  isOutstanding(send: number): boolean {
    return this.#unsettled.has(send);
  }

  /** The machine asked to connect this document's clusters. */
  isPreparing(revision: number): boolean {
    return this.#prepared.has(revision);
  }

  finish(): string[] {
    const order = [...this.#released.keys()].join();
    if (order !== this.#issued.join()) this.problems.push(`(c) released ${order} for issued ${this.#issued.join()}`);
    const s = this.#state;
    if (!isIdle(s) || s.queuedCount > 0) this.problems.push(`(c) machine ends ${s.phase} with ${s.inFlight} in flight, ${s.queuedCount} queued`);
    const newest = this.#accepted.at(-1) as RoutingDocument;
    if (s.inForce !== newest) this.problems.push(`ends on r${s.inForce.revision}, newest is r${newest.revision}`);
    return this.problems;
  }

  #feed(event: ProducerSwitchEvent): void {
    const step = stepProducerSwitch(this.#state, event, this.#moves);
    this.#state = step.state;
    for (const effect of step.effects) {
      if (effect.kind === 'release') this.#release(effect.send, effect.doc);
      if (effect.kind === 'prepare') this.#prepared.add(effect.doc.revision);
    }
  }

  #release(send: number, doc: RoutingDocument): void {
    const newest = this.#accepted.at(-1) as RoutingDocument;
    const allowed = routesOf(newest, this.#mode);
    const routes = routesOf(doc, this.#mode);
    if (!this.#issued.includes(send)) this.problems.push(`(c) send ${send} released before it was issued`);
    if (this.#released.has(send)) this.problems.push(`(c) send ${send} released twice`);
    for (const [unit, cluster] of routes) {
      if (allowed.get(unit) !== cluster) this.problems.push(`(a) send ${send} ${unit} on ${cluster}, newest r${newest.revision} says otherwise`);
      for (const other of this.#unsettled) {
        const before = this.#released.get(other)?.get(unit);
        if (before !== cluster) this.problems.push(`(b) send ${send} ${unit} on ${cluster} while send ${other} is unsettled on ${before}`);
      }
      const at = `${newest.revision}/${unit}`;
      const seen = this.#keyAtRevision.get(at);
      if (this.#mode === 'key' && seen !== undefined && seen !== cluster) this.problems.push(`(d) ${unit} on ${seen} and ${cluster} in r${newest.revision}`);
      this.#keyAtRevision.set(at, cluster);
    }
    this.#released.set(send, routes);
    this.#unsettled.add(send);
  }
}
