import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Brokers {
  readonly bootstrap: Record<'blue' | 'green', string[]>;
  /** Broker listening sockets with Nagle's algorithm off (bench/broker-nodelay.ts). */
  readonly noDelay: number;
  stop(): Promise<void>;
}

/**
 * Starts blue and green in a child process (bench/mock-brokers.ts) with `topic` of `partitions`
 * on both, and reads their bootstrap addresses from its first line: the brokers' threads then
 * stay out of the process being measured.
 */
export async function startBrokers(topic: string, partitions: number): Promise<Brokers> {
  const script = fileURLToPath(new URL('./mock-brokers.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script, topic, String(partitions)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(([code]) => Promise.reject(new Error(`bench/mock-brokers.ts exited with ${code} before it served`))),
  ]);
  lines.close();
  const { blue, green, noDelay } = JSON.parse(first) as Pick<Brokers, 'noDelay'> & Brokers['bootstrap'];
  return {
    bootstrap: { blue, green },
    noDelay,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** The p-th percentile (nearest rank) of `values`. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
