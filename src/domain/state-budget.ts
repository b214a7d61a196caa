/**
 * Step Functions caps every state, task input and task output at 262,144 bytes (256 KiB) of
 * UTF-8 (Step Functions service quotas, "Maximum input or output size for a task, state, or
 * execution"), and a state over it fails the execution with States.DataLimitExceeded, which no
 * Catch with States.ALL can handle. The rollout's state carries the plan (the execution input)
 * through every state, next to the outputs of its steps; each part gets a share of the limit:
 *
 * - the plan as written: at most PLAN_MAX_BYTES (plan validation refuses a larger one);
 * - the preflight output: at most 100 check rows of at most CHECK_DETAIL_MAX characters, and a
 *   lag baseline of at most BASELINE_MAX_GROUPS groups;
 * - the gate result: at most 50 rows each of lag and worst series, 50 reasons;
 * - the drain poll: at most 100 blocking partitions.
 *
 * test/integration/statemachines/rollout-limits.test.ts runs a rollout at these bounds and
 * measures every state it enters.
 */
export const STATE_MAX_BYTES = 262_144;

/** The plan's share: a quarter of the state. */
export const PLAN_MAX_BYTES = 64 * 1024;

/** A check row's details are cut to this many characters in the state (the logs keep them whole). */
export const CHECK_DETAIL_MAX = 300;

/** The lag baseline in the state keeps the plan's groups with the most lag, up to this many. */
export const BASELINE_MAX_GROUPS = 100;

export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).byteLength;
