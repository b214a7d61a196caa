import type { Cluster } from './bucket.ts';
import type { Gates } from './plan.ts';

export interface Point {
  at: number;
  value: number;
}

export interface LagSeries {
  cluster: Cluster;
  group: string;
  topic?: string;
  points: Point[];
}

export interface ClientSeries {
  cluster: Cluster;
  errors: Point[];
  operations: Point[];
}

export interface GateInput {
  gates: Gates;
  window: { start: number; end: number };
  expectedGroups: readonly string[];
  lag: readonly LagSeries[];
  clients: readonly ClientSeries[];
}

export interface GateResult {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasons: string[];
  measurements: {
    lag: { cluster: Cluster; group: string; max: number | null; growth: number | null }[];
    errorRate: { cluster: Cluster; rate: number | null; errors: number; operations: number }[];
  };
}

export function evaluateGates(_input: GateInput): GateResult {
  throw new Error('not implemented yet');
}
