import { z } from 'zod';
import { type AnalysisResult, type AnalysisVerdict, analyseCohorts, analysisSummary } from '../../domain/cohort-analysis.ts';
import { type GateResult, evaluateGates as judge } from '../../domain/gates.ts';
import { CONTROLLER_METRICS } from '../../domain/metric-names.ts';
import { stageGates } from '../../domain/plan.ts';
import type { Clock, Logger, MetricsCatalog, MetricsReader, MetricsWriter, Notification } from '../../ports/index.ts';
import { ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';
import { errorCohorts, readAnalysisCohorts } from './analysis-cohorts.ts';
import { type GateSeries, readGateSeries } from './gate-series.ts';
import { CLOUDWATCH_TIMING, type MetricTiming } from './metric-timing.ts';

export interface EvaluateGatesPorts {
  readonly metrics: MetricsReader & MetricsWriter;
  readonly catalog: MetricsCatalog;
  readonly namespace: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * How the metric store's periods map onto the clock (CloudWatch: 60 s). The rehearsal's store
   * runs periods scaled by its speed; judged on 60 s of its clock, a bake would take in a
   * minute of what came before it.
   */
  readonly metricTiming?: MetricTiming | undefined;
}

export const EvaluateGatesInputSchema = z.object({
  plan: z.unknown(),
  stageIndex: z.number().int().min(0),
  /** When the stage's routing was written: the bake window starts there. */
  windowStart: z.iso.datetime({ offset: true }),
  executionArn: ExecutionArnSchema,
});

export type EvaluateGatesInput = z.input<typeof EvaluateGatesInputSchema>;

export interface EvaluateGatesOutput extends GateResult {
  stageIndex: number;
  window: { start: string; end: string };
  /** One line for the rollback reason and the hold notification. */
  summary: string;
  /** The outcome of a hold on these gates (HoldOnInconclusiveGates), said in full. */
  holdReason: string;
  worst: GateSeries['worst'];
  /** Green compared with blue over the window; null when the plan has no analysis or at 100 % green. */
  analysis: (AnalysisResult & { summary: string }) | null;
  notification: Notification;
}

/** Keeps the state small: the worst groups first, at most this many. */
const MAX_ROWS = 50;

async function emitVerdict(ports: EvaluateGatesPorts, migration: string, verdict: GateResult['verdict']): Promise<void> {
  try {
    await ports.metrics.put(ports.namespace, [
      { name: CONTROLLER_METRICS.gateResult, value: 1, unit: 'Count', dimensions: { Migration: migration, Verdict: verdict } },
    ]);
  } catch (error) {
    ports.logger.warn('GateResult not emitted', { migration, error: error instanceof Error ? error.name : 'unknown' });
  }
}

const SEVERITY: readonly AnalysisVerdict[] = ['pass', 'inconclusive', 'fail'];
const worse = (a: AnalysisVerdict, b: AnalysisVerdict): AnalysisVerdict => (SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b);

/**
 * The relative analysis of a stage that has traffic on both clusters (below 100 % green: at 100 %
 * blue carries no producer traffic to compare with).
 */
async function analyse(
  ports: EvaluateGatesPorts,
  plan: ReturnType<typeof planFrom>,
  stagePercent: number,
  window: { start: number; end: number },
  periodMs: number,
  series: GateSeries,
): Promise<EvaluateGatesOutput['analysis']> {
  if (plan.analysis === undefined || stagePercent >= 100) return null;
  const cohorts = await readAnalysisCohorts(ports, plan, window, periodMs);
  const result = analyseCohorts({ analysis: plan.analysis, ...cohorts, errors: errorCohorts(series.clients, window, periodMs) });
  return { ...result, summary: analysisSummary(result) };
}

function summaryOf(stage: number, result: GateResult): string {
  const head = `stage ${stage + 1} gates ${result.verdict}`;
  if (result.reasons.length === 0) return head;
  const more = result.reasons.length > 3 ? ` (+${result.reasons.length - 3} more)` : '';
  return `${head}: ${result.reasons.slice(0, 3).join('; ')}${more}`;
}

/**
 * Reads the bake window's consumer lag (MSK, both clusters, every group and topic) and client
 * error rates, and lets the domain judge: pass, fail with reasons, or inconclusive when data
 * is missing (silence never passes a stage).
 */
export const evaluateGates =
  (ports: EvaluateGatesPorts) =>
  async (raw: unknown): Promise<EvaluateGatesOutput> => {
    const input = parseStepInput(EvaluateGatesInputSchema, raw, 'EvaluateGates');
    const plan = planFrom(input.plan);
    const window = { start: Date.parse(input.windowStart), end: ports.clock.now() };
    const periodMs = (ports.metricTiming ?? CLOUDWATCH_TIMING).periodMs;
    const series = await readGateSeries(ports, plan, window, periodMs);
    const stagePercent = plan.stages[input.stageIndex]?.greenPercent ?? 0;
    const trafficOn = stagePercent >= 100 ? (['green'] as const) : (['blue', 'green'] as const);
    const judged = judge({
      gates: stageGates(plan, input.stageIndex),
      window,
      expectedGroups: plan.consumerGroups,
      lag: series.lag,
      clients: series.clients,
      periodSeconds: periodMs / 1000,
      trafficOn,
    });
    const analysis = await analyse(ports, plan, stagePercent, window, periodMs, series);
    const result: GateResult =
      analysis === null ? judged : { ...judged, verdict: worse(judged.verdict, analysis.verdict), reasons: [...judged.reasons, ...analysis.reasons] };
    await emitVerdict(ports, plan.migration, result.verdict);
    const summary = summaryOf(input.stageIndex, result);
    ports.logger.info('gates evaluated', { migration: plan.migration, stage: input.stageIndex, verdict: result.verdict, reasons: result.reasons.length });
    const lag = [...result.measurements.lag].sort((a, b) => (b.max ?? -1) - (a.max ?? -1)).slice(0, MAX_ROWS);
    return {
      verdict: result.verdict,
      reasons: result.reasons.slice(0, MAX_ROWS),
      measurements: { lag, errorRate: result.measurements.errorRate },
      stageIndex: input.stageIndex,
      window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
      summary,
      holdReason: `${plan.migration}: holding at ${stagePercent}% green: ${summary}. Start the rollout again to resume from this stage.`,
      worst: [...series.worst].sort((a, b) => (b.maxOffsetLag ?? -1) - (a.maxOffsetLag ?? -1)).slice(0, MAX_ROWS),
      analysis,
      notification: {
        migration: plan.migration,
        kind: 'gate-result',
        text: `${plan.migration}: ${summary}${analysis ? `\n${analysis.summary}` : ''}`,
        fields: { verdict: result.verdict, stage: input.stageIndex + 1, ...(analysis ? { analysis: analysis.verdict } : {}) },
      },
    };
  };
