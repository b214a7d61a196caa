/** Picks which waiting actor goes next; returns an index into `waiting`. */
export type Chooser = (waiting: readonly string[]) => number;

/**
 * Runs `once` under every schedule, depth first: each run replays a prefix of choices and then
 * takes the first waiting actor, until every branch was taken. `problemsOf` names what a run
 * broke; the first `keep` failures are returned with the choices that reproduce them.
 */
export async function everySchedule<T>(
  once: (choose: Chooser) => Promise<T>,
  problemsOf: (result: T) => readonly string[],
  keep = Number.POSITIVE_INFINITY,
): Promise<{ runs: number; failures: string[] }> {
  const failures: string[] = [];
  let prefix: number[] = [];
  let runs = 0;
  for (;;) {
    const made: number[] = [];
    const width: number[] = [];
    const result = await once((waiting) => {
      const choice = made.length < prefix.length ? (prefix[made.length] ?? 0) : 0;
      made.push(choice);
      width.push(waiting.length);
      return choice;
    });
    runs += 1;
    const problems = problemsOf(result);
    if (problems.length > 0 && failures.length < keep) failures.push(`${problems[0]} [choices ${made.join('')}]`);
    let i = made.length - 1;
    while (i >= 0 && (made[i] ?? 0) + 1 >= (width[i] ?? 1)) i -= 1;
    if (i < 0) return { runs, failures };
    prefix = [...made.slice(0, i), (made[i] ?? 0) + 1];
  }
}

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
export const seeded = (seed: number) => {
  let state = seed;
  return () => {
    state += 0x6d2b79f5;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
