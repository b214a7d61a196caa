import { dryRunKafka } from './dry-run-kafka.ts';
import { dryRunFlags, dryRunRouting } from './dry-run-ports.ts';
import type { Entry } from './entry-point.ts';
import { type PreflightOutput, preflight } from './preflight.ts';
import type { PreflightPorts } from './preflight-ports.ts';

/** Stands in for the execution ARN: a dry run has no execution, and takes no lock. */
export const DRY_RUN_EXECUTION = 'kraft-canary-preflight-dry-run';

export interface PreflightDryRunRequest {
  /** The plan as written (durations as text), as a rollout would be started with it. */
  readonly plan: unknown;
  readonly requestedBy: string;
  readonly acknowledgeRollback: boolean;
  /** The execution entry to check for (default `rollout`). */
  readonly entry?: Entry;
}

export interface PreflightDryRun {
  readonly outcome: PreflightOutput;
  /** What the Preflight step would have written (lock, marker removal, first document, topics on green). */
  readonly wouldWrite: readonly string[];
}

/**
 * The preflight use case itself, every check it runs, over ports that read the real stores and
 * clusters but write nothing: the lock, the rollback marker, the routing document and topic
 * creation on green are recorded as what a real start would do, never done.
 */
export const preflightDryRun =
  (ports: PreflightPorts) =>
  async (request: PreflightDryRunRequest): Promise<PreflightDryRun> => {
    const wouldWrite: string[] = [];
    const record = (description: string) => {
      wouldWrite.push(description);
    };
    const readOnly: PreflightPorts = {
      ...ports,
      routing: dryRunRouting(ports.routing, record),
      flags: dryRunFlags(ports.flags, record),
      kafka: dryRunKafka(ports.kafka, record),
    };
    const outcome = await preflight(readOnly)({ request: { ...request }, executionArn: DRY_RUN_EXECUTION });
    // The topics.sync rows name changes the real step makes; here they were only recorded.
    const checks = outcome.checks.map((c) => (c.check === 'topics/sync' ? { ...c, details: `would ${c.details}` } : c));
    return { outcome: { ...outcome, checks }, wouldWrite };
  };
