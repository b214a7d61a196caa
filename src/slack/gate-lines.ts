import type { Cluster } from '@kraft-canary/client/contract';
import type { GateResult } from '../domain/gates.ts';
import { escapeText } from './block-kit.ts';

/** How many consumer groups a message lists before summarising the rest. */
export const MAX_GROUP_LINES = 8;
const CLUSTERS: readonly Cluster[] = ['blue', 'green'];

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const signed = (n: number): string => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : '±0');

/** Highest lag on each cluster over every group, with the worst group named. */
export function lagPerClusterLines(gate: GateResult): string[] {
  return CLUSTERS.map((cluster) => {
    const rows = gate.measurements.lag.filter((row) => row.cluster === cluster);
    const measured = rows.filter((row) => row.max !== null);
    if (measured.length === 0) return `${cluster}: no data${rows.length > 0 ? ` (${rows.length} groups)` : ''}`;
    const worst = measured.reduce((a, b) => ((b.max ?? 0) > (a.max ?? 0) ? b : a));
    const groups = rows.length === 1 ? '1 group' : `${rows.length} groups`;
    return `${cluster}: max ${count(worst.max ?? 0)} (\`${escapeText(worst.group)}\`), ${groups}`;
  });
}

export function errorRateLines(gate: GateResult): string[] {
  return CLUSTERS.map((cluster) => {
    const row = gate.measurements.errorRate.find((r) => r.cluster === cluster);
    if (row === undefined || row.rate === null) return `${cluster}: no data`;
    return `${cluster}: ${(row.rate * 100).toFixed(3)}% (${count(row.errors)} of ${count(row.operations)})`;
  });
}

/** Worst groups first, so that a long list still shows what matters. */
export function lagGroupLines(gate: GateResult): string[] {
  const rows = [...gate.measurements.lag].sort((a, b) => (b.max ?? -1) - (a.max ?? -1) || a.group.localeCompare(b.group));
  const lines = rows.slice(0, MAX_GROUP_LINES).map((row) => {
    const max = row.max === null ? 'no data' : count(row.max);
    const growth = row.growth === null ? '' : `, ${signed(row.growth)}`;
    return `\`${escapeText(row.group)}\` on ${row.cluster}: ${max}${growth}`;
  });
  if (rows.length > MAX_GROUP_LINES) lines.push(`…and ${rows.length - MAX_GROUP_LINES} more`);
  return lines;
}
