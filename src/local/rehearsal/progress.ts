import type { GateRecord, Sample } from './report.ts';
import { stageLabel } from './stage-timeline.ts';

/** Where progress goes: a terminal (redrawn in place) or a log/pipe (plain lines). */
export interface ProgressOutput {
  write(text: string): void;
  readonly isTTY?: boolean;
  /** Terminal width: the live line is cut to it, since a wrapped line cannot be redrawn in place. */
  readonly columns?: number;
}

export interface ProgressView {
  /** A new sample: the live display redraws; plain output prints a line now and then. */
  sample(sample: Sample, lastGate: GateRecord | null): void;
  /** Something that happened (routing write, gate, fault, rollback): always its own line. */
  event(at: number, text: string): void;
  /** Stops redrawing (a question is being asked at the terminal) until the returned function is called. */
  suspend(): () => void;
  close(): void;
}

const rate = (n: number) => n.toFixed(0).padStart(5);
const lag = (n: number | null) => (n === null ? '    -' : String(n).padStart(5));
const clock = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)}s`;

/** The one-line status both displays share (pure, so it is golden-tested). */
export function statusLine(startedAt: number, s: Sample, lastGate: GateRecord | null): string {
  const gate = lastGate ? ` | gate ${lastGate.greenPercent}% ${lastGate.verdict}` : '';
  return (
    `${clock(s.at - startedAt)} ${stageLabel(s.phase, s.greenPercent).padEnd(14)} green ${String(s.greenPercent).padStart(3)}%` +
    ` | produce/s blue ${rate(s.produced.blue)} green ${rate(s.produced.green)}` +
    ` | consume/s blue ${rate(s.consumed.blue)} green ${rate(s.consumed.green)}` +
    ` | lag blue ${lag(s.lag.blue)} green ${lag(s.lag.green)}${gate}`
  );
}

export const eventLine = (startedAt: number, at: number, text: string) => `${clock(at - startedAt)} ${text}`;

const CLEAR_LINE = '\r\x1b[2K';

/** Redraws one status line at the bottom of the terminal; events scroll above it. */
function liveView(out: ProgressOutput, startedAt: number): ProgressView {
  let status = '';
  let suspended = 0;
  const held: string[] = [];
  const toWidth = (line: string) => (out.columns && line.length > out.columns - 1 ? line.slice(0, out.columns - 1) : line);
  return {
    sample(s, lastGate) {
      status = toWidth(statusLine(startedAt, s, lastGate));
      if (suspended === 0) out.write(`${CLEAR_LINE}${status}`);
    },
    event(at, text) {
      if (suspended > 0) held.push(eventLine(startedAt, at, text));
      else out.write(`${CLEAR_LINE}${eventLine(startedAt, at, text)}\n${status}`);
    },
    suspend() {
      suspended += 1;
      let resumed = false;
      return () => {
        if (resumed) return;
        resumed = true;
        suspended -= 1;
        if (suspended === 0)
          out.write(
            `${held
              .splice(0)
              .map((line) => `${CLEAR_LINE}${line}\n`)
              .join('')}${status}`,
          );
      };
    },
    close() {
      out.write(status === '' ? '' : `${CLEAR_LINE}${status}\n`);
    },
  };
}

/** Plain lines for logs and CI: every event, and the status at most once per interval or on a stage change. */
function plainView(out: ProgressOutput, startedAt: number, everyMs: number): ProgressView {
  let lastPrinted = Number.NEGATIVE_INFINITY;
  let lastStage = '';
  return {
    sample(s, lastGate) {
      const stage = stageLabel(s.phase, s.greenPercent);
      if (s.at - lastPrinted < everyMs && stage === lastStage) return;
      lastPrinted = s.at;
      lastStage = stage;
      out.write(`${statusLine(startedAt, s, lastGate)}\n`);
    },
    event(at, text) {
      out.write(`${eventLine(startedAt, at, text)}\n`);
    },
    suspend: () => () => {},
    close() {},
  };
}

export function createProgressView(out: ProgressOutput, startedAt: number, plainEveryMs = 5_000): ProgressView {
  return out.isTTY ? liveView(out, startedAt) : plainView(out, startedAt, plainEveryMs);
}

/** A view that shows nothing (tests, --quiet callers). */
export const silentProgress: ProgressView = { sample() {}, event() {}, suspend: () => () => {}, close() {} };
