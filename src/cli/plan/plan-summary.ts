import { formatDuration } from '../../domain/duration.ts';
import type { Plan } from '../../domain/plan.ts';

const uniformOr = (values: readonly string[], separator: string): string => (new Set(values).size === 1 ? (values[0] as string) : values.join(separator));

function approvals(plan: Plan): string {
  const gated = plan.stages.filter((s) => s.approval === 'slack').map((s) => `${s.greenPercent}%`);
  if (gated.length === 0) return 'approvals: none (automatic)';
  return `approvals: slack after ${gated.join(', ')}`;
}

function window(plan: Plan): string {
  if (plan.window === undefined) return 'window: any time';
  const { days, start, end, timeZone } = plan.window;
  return `window: ${days.join(',')} ${start}-${end} ${timeZone}`;
}

/** One line an operator can check a plan against: route, bakes, approvals, drain, window. */
export function planSummary(plan: Plan): string {
  return [
    `${plan.migration}: ${plan.stages.map((s) => `${s.greenPercent}%`).join(' → ')}`,
    `bake ${uniformOr(
      plan.stages.map((s) => formatDuration(s.bake)),
      '/',
    )}`,
    approvals(plan),
    `drain stable ${formatDuration(plan.drain.stableFor)} within ${formatDuration(plan.drain.timeout)}`,
    window(plan),
    `decommission ${plan.decommission}`,
  ].join(' · ');
}
