import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Brokers {
  readonly bootstrap: Record<'blue' | 'green', string[]>;
  /** Broker listening sockets with Nagle's algorithm off (bench/broker-nodelay.ts). */
  readonly noDelay: number;
  /** Broker listening sockets whose accept backlog was raised to Kafka's 50 (bench/broker-backlog.ts). */
  readonly backlog: number;
  /** CPU time the broker process has used so far, in ms (Linux, from /proc); null elsewhere. */
  cpuMs(): number | null;
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
  const { blue, green, noDelay, backlog } = JSON.parse(first) as Pick<Brokers, 'noDelay' | 'backlog'> & Brokers['bootstrap'];
  return {
    bootstrap: { blue, green },
    noDelay,
    backlog,
    cpuMs: () => (child.pid === undefined ? null : processCpuMs(child.pid)),
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

/** utime + stime of process `pid` in ms, from /proc/<pid>/stat (clock ticks of 10 ms); null when unreadable. */
export function processCpuMs(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)?.trim().split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}
