import type { Cluster } from '@kraft-canary/client/contract';
import type { RehearsalReport, Sample } from './report.ts';

const WIDTH = 880;
const HEIGHT = 320;
const PAD = { left: 56, right: 56, top: 16, bottom: 40 };
const COLORS: Record<Cluster | 'percent', string> = { blue: '#1f6feb', green: '#2da44e', percent: '#8250df' };

interface Scale {
  x(at: number): number;
  yRate(value: number): number;
  yPercent(value: number): number;
}

const fixed = (n: number) => n.toFixed(1);

function scaleFor(samples: readonly Sample[], start: number, end: number): { scale: Scale; maxRate: number } {
  const rates = samples.flatMap((s) => [s.produced.blue, s.produced.green, s.consumed.blue, s.consumed.green]);
  const maxRate = Math.max(1, ...rates) * 1.1;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, end - start);
  return {
    maxRate,
    scale: {
      x: (at) => PAD.left + ((at - start) / span) * innerW,
      yRate: (value) => PAD.top + innerH - (value / maxRate) * innerH,
      yPercent: (value) => PAD.top + innerH - (value / 100) * innerH,
    },
  };
}

function polyline(points: readonly [number, number][], color: string, extra = ''): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(' ');
  return `<polyline fill="none" stroke="${color}" stroke-width="2" ${extra}points="${d}"/>`;
}

/** Green % drawn as steps: routing changes are instantaneous. */
function percentSteps(samples: readonly Sample[], scale: Scale): [number, number][] {
  const points: [number, number][] = [];
  for (const [i, s] of samples.entries()) {
    const previous = samples[i - 1];
    if (previous && previous.greenPercent !== s.greenPercent) points.push([scale.x(s.at), scale.yPercent(previous.greenPercent)]);
    points.push([scale.x(s.at), scale.yPercent(s.greenPercent)]);
  }
  return points;
}

function axes(scale: Scale, maxRate: number, start: number, end: number): string {
  const parts: string[] = [];
  const bottom = HEIGHT - PAD.bottom;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const y = scale.yPercent(f * 100);
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fixed(y)}" y2="${fixed(y)}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${fixed(y + 4)}" text-anchor="end">${Math.round(f * maxRate)}</text>`);
    parts.push(`<text x="${WIDTH - PAD.right + 6}" y="${fixed(y + 4)}">${f * 100}%</text>`);
  }
  const seconds = Math.max(1, (end - start) / 1000);
  const step = [5, 10, 15, 30, 60, 120, 300, 600].find((s) => seconds / s <= 10) ?? 1200;
  for (let t = 0; t <= seconds; t += step) {
    const x = scale.x(start + t * 1000);
    parts.push(`<text x="${fixed(x)}" y="${bottom + 16}" text-anchor="middle">${t}s</text>`);
  }
  parts.push(`<text x="${PAD.left}" y="${HEIGHT - 4}">msgs/s (left) · green % (right) · time since start</text>`);
  return parts.join('');
}

function faultBand(report: RehearsalReport, scale: Scale, end: number): string {
  const fault = report.fault;
  if (!fault || fault.downAt === null) return '';
  const x1 = scale.x(fault.downAt);
  const x2 = scale.x(fault.upAt ?? end);
  const h = HEIGHT - PAD.top - PAD.bottom;
  return `<rect x="${fixed(x1)}" y="${PAD.top}" width="${fixed(Math.max(1, x2 - x1))}" height="${h}" fill="#ffebe9"><title>green brokers down</title></rect>`;
}

function rollbackMark(report: RehearsalReport, scale: Scale): string {
  if (!report.rollback) return '';
  const x = fixed(scale.x(report.rollback.at));
  return `<line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="#cf222e" stroke-dasharray="4 3"><title>rollback written</title></line>`;
}

/** An inline SVG of green % and per-cluster produce/consume rates over the run; no external assets. */
export function renderChart(report: RehearsalReport): string {
  const { samples } = report;
  const start = Date.parse(report.startedAt);
  const end = Math.max(Date.parse(report.endedAt), samples.at(-1)?.at ?? start);
  const { scale, maxRate } = scaleFor(samples, start, end);
  const series = (cluster: Cluster, kind: 'produced' | 'consumed') =>
    polyline(
      samples.map((s) => [scale.x(s.at), scale.yRate(s[kind][cluster])]),
      COLORS[cluster],
      kind === 'consumed' ? 'stroke-dasharray="5 4" ' : '',
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="green percent and throughput over time" font-family="sans-serif" font-size="11" fill="#57606a">`,
    faultBand(report, scale, end),
    axes(scale, maxRate, start, end),
    series('blue', 'produced'),
    series('green', 'produced'),
    series('blue', 'consumed'),
    series('green', 'consumed'),
    polyline(percentSteps(samples, scale), COLORS.percent),
    rollbackMark(report, scale),
    '</svg>',
  ].join('');
}

export const CHART_LEGEND: readonly { label: string; color: string; dashed: boolean }[] = [
  { label: 'blue produced', color: COLORS.blue, dashed: false },
  { label: 'green produced', color: COLORS.green, dashed: false },
  { label: 'blue consumed', color: COLORS.blue, dashed: true },
  { label: 'green consumed', color: COLORS.green, dashed: true },
  { label: 'green %', color: COLORS.percent, dashed: false },
];
