import type { RoutingDocument } from '@kraft-canary/client/contract';
import { z } from 'zod';
import { isWithinWindow, nextAllowedInstant } from '../../domain/change-window.ts';
import { CONTROLLER_METRICS } from '../../domain/metric-names.ts';
import type { Plan } from '../../domain/plan.ts';
import { type Action, applyTransition } from '../../domain/transitions.ts';
import type { Logger, MetricsWriter, Notification } from '../../ports/index.ts';
import { readMarker } from '../rollback/rollback-marker.ts';
import { ActorSchema, ApprovalSchema, DrainProofSchema, ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';
import { readRouting } from './current-routing.ts';
import { type GuardedWritePorts, guardedWrite } from './guarded-write.ts';
import { routingNotification } from './routing-notification.ts';
import { type StageView, stageView } from './stage-view.ts';

export interface SetRoutingPorts extends GuardedWritePorts {
  readonly metrics: MetricsWriter;
  readonly namespace: string;
  readonly logger: Logger;
  /**
   * Runs right before the first canary write (src/readiness/first-stage.ts prepareFirstStage:
   * enables green's Lambda trigger twins, then checks every consumer of blue has a reader on green).
   */
  readonly firstStage?: (plan: Plan) => Promise<{ kind: 'ready' } | { kind: 'refused'; code: string; message: string }>;
}

const common = { plan: z.unknown(), executionArn: ExecutionArnSchema, requestedBy: ActorSchema };

export const SetRoutingInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('stage'), stageIndex: z.number().int().min(0), resume: z.boolean().default(false), approval: ApprovalSchema, ...common }),
  z.object({ action: z.literal('complete'), drainProof: DrainProofSchema, ...common }),
  z.object({ action: z.literal('confirm-drain'), drainProof: DrainProofSchema, ...common }),
  /** An operator's step back: to stage `stageIndex`, the one before the route's. */
  z.object({
    action: z.literal('step-back'),
    stageIndex: z.number().int().min(0),
    stepBack: z.object({ by: ActorSchema, reason: z.string().max(1024) }),
    ...common,
  }),
  /** An operator's `promote --full`, approved: from the canary straight to the cutover. */
  z.object({ action: z.literal('promote-full'), approval: ApprovalSchema, ...common }),
]);

export type SetRoutingInput = z.input<typeof SetRoutingInputSchema>;
type Input = z.output<typeof SetRoutingInputSchema>;

export type SetRoutingOutput =
  | ({
      kind: 'written';
      action: Action['kind'];
      phase: RoutingDocument['phase'];
      revision: number;
      version: number;
      writtenAt: string;
      notification: Notification;
    } & StageView)
  | { kind: 'outside-window'; windowOpensAt: string; stageIndex: number | null }
  | { kind: 'refused'; code: string; message: string; notification: Notification };

function actionFor(plan: Plan, input: Input): Action {
  if (input.action === 'step-back') return { kind: 'step-back', stageIndex: input.stageIndex };
  if (input.action === 'promote-full') return { kind: 'promote-full' };
  if (input.action !== 'stage') return { kind: input.action, drainProof: input.drainProof };
  if (input.resume) return { kind: 'resume' };
  return input.stageIndex === plan.stages.length - 1 ? { kind: 'cutover' } : { kind: 'advance', stageIndex: input.stageIndex };
}

/** A retried step whose write already landed: the document shows this execution's intended route. */
function alreadyApplied(doc: RoutingDocument | null, input: Input, plan: Plan): boolean {
  if (doc === null || doc.executionArn !== input.executionArn) return false;
  if (input.action === 'complete') return doc.phase === 'complete';
  // A finish-rollback execution may drop green from an idle document too (a start kept green).
  if (input.action === 'confirm-drain') return (doc.phase === 'rolled-back' || doc.phase === 'idle') && !doc.consumers.green;
  if (input.action === 'promote-full') return doc.phase === 'draining';
  if (input.action === 'step-back') return doc.phase === 'canary' && doc.producers.greenPercent === plan.stages[input.stageIndex]?.greenPercent;
  const stage = plan.stages[input.stageIndex];
  return (doc.phase === 'canary' || doc.phase === 'draining') && doc.producers.greenPercent === stage?.greenPercent;
}

const refused = (plan: Plan, code: string, message: string): SetRoutingOutput => ({
  kind: 'refused',
  code,
  message,
  notification: { migration: plan.migration, kind: 'hold', text: `${plan.migration}: routing not changed (${code}): ${message}` },
});

function who(input: Input): { actor: string; reason: string } {
  if (input.action === 'complete') return { actor: input.requestedBy, reason: 'blue proven drained: consumers leave blue' };
  if (input.action === 'confirm-drain') return { actor: input.requestedBy, reason: 'green proven drained after the rollback' };
  if (input.action === 'step-back') return { actor: input.stepBack.by, reason: `stepped back to stage ${input.stageIndex + 1}: ${input.stepBack.reason}` };
  if (input.action === 'promote-full') {
    const by = input.approval?.approver ?? input.requestedBy;
    return { actor: by, reason: `promoted to the cutover without the remaining stages, approved by ${by}` };
  }
  const approved = input.approval ? `, approved by ${input.approval.approver}` : '';
  const verb = input.resume ? 'resumed at' : 'advanced to';
  return { actor: input.approval?.approver ?? input.requestedBy, reason: `rollout ${verb} stage ${input.stageIndex + 1}${approved}` };
}

async function emitPercent(ports: SetRoutingPorts, doc: RoutingDocument): Promise<void> {
  try {
    const dimensions = { Migration: doc.migration };
    await ports.metrics.put(ports.namespace, [{ name: CONTROLLER_METRICS.greenPercent, value: doc.producers.greenPercent, unit: 'Percent', dimensions }]);
  } catch (error) {
    // The routing write is what counts; a lost data point must not fail or repeat the stage.
    ports.logger.warn('CanaryGreenPercent not emitted', { migration: doc.migration, error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** The stage the write lands on, and whether it bakes (a stage) or not (complete, confirm-drain). */
function landing(plan: Plan, input: Input): [number, boolean] {
  if (input.action === 'stage' || input.action === 'step-back') return [input.stageIndex, true];
  return [plan.stages.length - 1, input.action === 'promote-full'];
}

function written(plan: Plan, input: Input, action: Action, doc: RoutingDocument, version: number): SetRoutingOutput {
  const view = stageView(plan, ...landing(plan, input));
  return {
    kind: 'written',
    action: action.kind,
    phase: doc.phase,
    revision: doc.revision,
    version,
    writtenAt: doc.updatedAt,
    ...view,
    notification: routingNotification(plan, doc, view),
  };
}

function outsideWindow(plan: Plan, input: Input, action: Action, now: number): SetRoutingOutput | null {
  // A step back only returns traffic to blue: like a rollback, it is not held to the window.
  const moves = action.kind === 'advance' || action.kind === 'cutover' || action.kind === 'promote-full';
  if (!moves || plan.window === undefined || isWithinWindow(plan.window, now)) return null;
  const stageIndex = input.action === 'stage' ? input.stageIndex : null;
  return { kind: 'outside-window', windowOpensAt: new Date(nextAllowedInstant(plan.window, now)).toISOString(), stageIndex };
}

/**
 * Applies one transition and writes it under the rollback protocol: refused without writing
 * when a rollback marker exists; after the write, a rollback that raced it is re-asserted and
 * the step reports `refused: rolled-back`. Traffic only moves inside the plan's change window.
 */
export const setRouting =
  (ports: SetRoutingPorts) =>
  async (raw: unknown): Promise<SetRoutingOutput> => {
    const input = parseStepInput(SetRoutingInputSchema, raw, 'SetRouting');
    const plan = planFrom(input.plan);
    const forward = input.action !== 'confirm-drain';
    const marker = forward ? await readMarker(ports.flags, ports.prefix, plan.migration) : null;
    if (marker !== null) return refused(plan, 'rolled-back', `rolled back at ${marker.at} by ${marker.by}: ${marker.reason}`);
    const current = await readRouting(ports.routing, plan.migration);
    const action = actionFor(plan, input);
    if (alreadyApplied(current.doc, input, plan) && current.doc !== null) return written(plan, input, action, current.doc, current.version);
    const now = ports.clock.now();
    const wait = outsideWindow(plan, input, action, now);
    if (wait !== null) return wait;
    const { actor, reason } = who(input);
    const next = applyTransition({ plan, current: current.doc, at: now, actor, reason, executionArn: input.executionArn }, action);
    if (!next.ok) return refused(plan, next.error.code, next.error.message);
    if (ports.firstStage && current.doc?.phase === 'idle' && next.value.phase === 'canary') {
      const gate = await ports.firstStage(plan);
      if (gate.kind === 'refused') return refused(plan, gate.code, gate.message);
    }
    const result = forward
      ? await guardedWrite(ports, plan.migration, current.version, next.value)
      : { kind: 'written' as const, version: await ports.routing.write(plan.migration, next.value) };
    if (result.kind === 'rolled-back') {
      return refused(plan, 'rolled-back', `a rollback by ${result.marker.by} raced this write and was re-asserted: ${result.marker.reason}`);
    }
    ports.logger.info('routing written', { migration: plan.migration, action: action.kind, revision: next.value.revision, version: result.version });
    await emitPercent(ports, next.value);
    return written(plan, input, action, next.value, result.version);
  };
