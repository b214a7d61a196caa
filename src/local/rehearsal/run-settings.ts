import type { Plan } from '../../domain/plan.ts';
import type { Clock, Timers } from '../../ports/index.ts';
import type { Decider } from './local-approvals.ts';
import type { Injection } from './options.ts';
import type { ProgressView } from './progress.ts';

/** What one rehearsal run is asked to do, and with which clock, timers, decider and display. */
export interface RunSettings {
  readonly plan: Plan;
  readonly services: number;
  /** Instances per service. */
  readonly instances: number;
  /** Messages per second each instance produces. */
  readonly rate: number;
  readonly speed: number;
  readonly inject: Injection | null;
  readonly decide: Decider;
  readonly progress: ProgressView;
  readonly clock: Clock;
  readonly timers: Timers;
}
