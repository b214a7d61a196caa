import { describe, expect, it } from 'vitest';
import { InterleavingScheduler } from '../../../../test/support/fakes/interleaving-scheduler.ts';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import { everySchedule, seeded } from '../../../../test/support/schedules.ts';
import type { RoutingMode } from '../../src/contract/key-route.ts';
import type { RoutingDocument } from '../../src/contract/routing-document.ts';
import { SwitchWorld } from '../support/switch-world.ts';

/**
 * Invariant 5 under every interleaving of documents, sends and their outcomes, driven through
 * the pure switch machine (SwitchWorld checks (a)–(d) at every release). Actors: the watcher
 * accepts the documents in revision order, the caller issues the sends in order, each send's
 * broker answers it once it was released, and each document's connection completes once the
 * machine asked for it. A send whose broker is left waiting at the end was never released.
 */
const at = (revision: number, percent: number) => routingDoc(revision, percent, { blue: true, green: true });
const rolledBack = (revision: number) => routingDoc(revision, 0, { blue: true, green: true }, { rolledBack: true });

interface Case {
  readonly name: string;
  readonly mode: RoutingMode;
  /** Accepted in this order after revision 1 (0 %), which is in force at the start. */
  readonly docs: readonly RoutingDocument[];
  readonly sends: number;
  readonly fails: (send: number) => boolean;
}

async function runOnce(c: Case, choose: (waiting: readonly string[]) => number): Promise<string[]> {
  const world = new SwitchWorld(c.mode, at(1, 0));
  const sendIds = Array.from({ length: c.sends }, (_, i) => i + 1);
  const actors = ['watcher', 'caller', ...sendIds.map((i) => `ack-${i}`), ...c.docs.map((d) => `ready-${d.revision}`)];
  const scheduler = new InterleavingScheduler(actors);
  const bodies: Record<string, () => Promise<unknown>> = {
    watcher: async () => {
      for (const doc of c.docs) {
        await scheduler.gateFor('watcher')('accept');
        world.accept(doc);
      }
    },
    caller: async () => {
      for (const send of sendIds) {
        await scheduler.gateFor('caller')('send');
        world.issue(send);
      }
    },
  };
  for (const send of sendIds) {
    bodies[`ack-${send}`] = async () => {
      await scheduler.gateFor(`ack-${send}`, () => world.isOutstanding(send))('settle');
      world.settle(send, c.fails(send));
    };
  }
  for (const { revision } of c.docs) {
    bodies[`ready-${revision}`] = async () => {
      await scheduler.gateFor(`ready-${revision}`, () => world.isPreparing(revision))('connected');
      world.connected(revision);
    };
  }
  const failures = await scheduler.run(bodies, choose);
  if (failures.size > 0) world.problems.push(`actor failed: ${[...failures.keys()].join(', ')}`);
  const stuck = scheduler.blocked.filter((actor) => !actor.startsWith('ready-'));
  if (stuck.length > 0) world.problems.push(`(c) never released: ${stuck.join(', ')}`);
  return world.finish();
}

/** Every schedule, depth first (test/support/schedules.ts). */
const exhaustive = (c: Case) =>
  everySchedule(
    (choose) => runOnce(c, choose),
    (problems) => problems,
    5,
  );

const secondFails = (send: number) => send === 2;

/** Every order for each smaller run too: the first `docs` documents and the first `sends` sends. */
async function everySize(c: Case): Promise<{ runs: number; failures: string[] }> {
  let runs = 0;
  const failures: string[] = [];
  for (let docs = 1; docs <= c.docs.length; docs += 1) {
    for (let sends = 1; sends <= c.sends; sends += 1) {
      const result = await exhaustive({ ...c, docs: c.docs.slice(0, docs), sends });
      runs += result.runs;
      failures.push(...result.failures.map((f) => `${docs} docs, ${sends} sends: ${f}`));
    }
  }
  return { runs, failures };
}

const STAGES = [20, 50, 80, 100];

/** 3 to 7 documents after revision 1, each a stage or a rollback, in revision order. */
function randomDocs(random: () => number): RoutingDocument[] {
  const count = 3 + Math.floor(random() * 5);
  return Array.from({ length: count }, (_, i) => {
    const pick = Math.floor(random() * (STAGES.length + 1));
    const percent = STAGES[pick];
    return percent === undefined ? rolledBack(i + 2) : at(i + 2, percent);
  });
}

function randomCase(seed: number, docs: (random: () => number) => readonly RoutingDocument[]): { c: Case; random: () => number } {
  const random = seeded(seed);
  const mode: RoutingMode = seed % 2 === 0 ? 'key' : 'instance';
  const sends = 4 + Math.floor(random() * 5);
  const failing = new Set(Array.from({ length: sends }, (_, i) => i + 1).filter(() => random() < 0.25));
  return { c: { name: `seed ${seed}`, mode, docs: docs(random), sends, fails: (send) => failing.has(send) }, random };
}

/** The sequence of the report: every revision written back to back while the first sends are out. */
const BACK_TO_BACK = [at(2, 20), at(3, 50), at(4, 80), at(5, 100), at(6, 50), rolledBack(7)];

describe('producer switch under every interleaving (invariant 5)', () => {
  it.each<Case>([
    {
      name: 'instance: 20 → 50 → rolled back (the reported race)',
      mode: 'instance',
      docs: [at(2, 20), at(3, 50), rolledBack(4)],
      sends: 3,
      fails: secondFails,
    },
    {
      name: 'instance: 20 → rolled back → 100 (moves back, then again)',
      mode: 'instance',
      docs: [at(2, 20), rolledBack(3), at(4, 100)],
      sends: 3,
      fails: secondFails,
    },
    { name: 'key: 20 → 80 → 50', mode: 'key', docs: [at(2, 20), at(3, 80), at(4, 50)], sends: 3, fails: secondFails },
    { name: 'key: 50 → rolled back → 100', mode: 'key', docs: [at(2, 50), rolledBack(3), at(4, 100)], sends: 3, fails: secondFails },
  ])('holds under every order of up to 3 documents, 3 sends and their outcomes: $name', async (c) => {
    // Act
    const result = await everySize(c);
    // Assess
    expect(result.failures).toEqual([]);
    expect(result.runs).toBeGreaterThan(10_000);
  });

  it.each([
    { name: 'the reported sequence 20 → 50 → 80 → 100 → 50 → rolled back', docs: () => BACK_TO_BACK, first: 1 },
    { name: 'random sequences of 3 to 7 stages and rollbacks', docs: randomDocs, first: 1_001 },
  ])('holds over 1,000 seeded random schedules with up to 8 sends, some failing: $name', async ({ docs, first }) => {
    // Prepare
    const failures: string[] = [];
    // Act
    for (let seed = first; seed < first + 1_000; seed += 1) {
      const { c, random } = randomCase(seed, docs);
      const problems = await runOnce(c, (waiting) => Math.floor(random() * waiting.length));
      if (problems.length > 0) failures.push(`seed ${seed} (${c.mode}): ${problems[0]}`);
    }
    // Assess
    expect(failures).toEqual([]);
  });
});
