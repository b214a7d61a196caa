import { describe, expect, it } from 'vitest';
import { createProgressView, statusLine } from '../../../../src/local/rehearsal/progress.ts';
import type { Sample } from '../../../../src/local/rehearsal/report.ts';

const START = 1_000_000;
const sample = (second: number, greenPercent: number, phase: Sample['phase'] = 'canary'): Sample => ({
  at: START + second * 1000,
  phase,
  greenPercent,
  produced: { blue: 96, green: 24 },
  consumed: { blue: 95.4, green: 24 },
  lag: { blue: 2, green: null },
});

const capture = (isTTY: boolean, columns?: number) => {
  const written: string[] = [];
  return { out: { isTTY, columns, write: (t: string) => void written.push(t) }, written };
};

describe('statusLine', () => {
  it('shows stage, green %, rates per cluster, lag and the last gate', () => {
    // Act
    const line = statusLine(START, sample(12.3, 20), { at: START, greenPercent: 20, verdict: 'pass', reasons: [] });

    // Assess
    expect(line).toBe(
      '  12.3s canary 20%     green  20% | produce/s blue    96 green    24 | consume/s blue    95 green    24 | lag blue     2 green     - | gate 20% pass',
    );
  });
});

describe('createProgressView', () => {
  it('prints plain lines: every event, the status on stage changes and at most every interval', () => {
    // Prepare
    const { out, written } = capture(false);
    const view = createProgressView(out, START, 5_000);

    // Act
    view.sample(sample(0, 20), null);
    view.sample(sample(1, 20), null);
    view.sample(sample(2, 50), null);
    view.event(START + 2_500, 'routing: canary 50%');
    view.sample(sample(7.5, 50), null);
    view.close();

    // Assess
    expect(written.map((l) => l.slice(0, 18))).toEqual(['   0.0s canary 20%', '   2.0s canary 50%', '   2.5s routing: c', '   7.5s canary 50%']);
    expect(written.every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('redraws one status line in place on a terminal, cut to its width', () => {
    // Prepare
    const { out, written } = capture(true, 40);
    const view = createProgressView(out, START);

    // Act
    view.sample(sample(1, 20), null);
    view.event(START + 1_500, 'gate 20%: pass');
    view.close();

    // Assess
    const status = statusLine(START, sample(1, 20), null).slice(0, 39);
    expect(written).toEqual([`\r\x1b[2K${status}`, `\r\x1b[2K   1.5s gate 20%: pass\n${status}`, `\r\x1b[2K${status}\n`]);
  });
});

describe('suspending the live display', () => {
  it('holds redraws and events while a question is asked, then shows what happened', () => {
    // Prepare
    const { out, written } = capture(true);
    const view = createProgressView(out, START);
    view.sample(sample(1, 20), null);
    written.length = 0;

    // Act
    const resume = view.suspend();
    view.sample(sample(2, 20), null);
    view.event(START + 2_500, 'approval requested');
    const whileAsking = written.length;
    resume();
    resume();

    // Assess
    expect(whileAsking).toBe(0);
    const status = statusLine(START, sample(2, 20), null);
    expect(written).toEqual([`\r\x1b[2K   2.5s approval requested\n${status}`]);
  });

  it('never suspends plain output', () => {
    // Prepare
    const { out, written } = capture(false);
    const view = createProgressView(out, START);

    // Act
    const resume = view.suspend();
    view.event(START, 'x');
    resume();

    // Assess
    expect(written).toEqual(['   0.0s x\n']);
  });
});
