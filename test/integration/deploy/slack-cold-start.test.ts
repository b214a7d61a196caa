import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ciPackage, ROOT, SOURCE_CONDITIONS } from '../../support/package-template.ts';

/**
 * scripts/measure-slack-cold-start.ts on the packaged bundle: a fresh process loads the Slack
 * interactions zip as deployed and answers a signed click, AWS answering each call after
 * 100 ms (a slow day). Slack gives the answer 3 seconds.
 */
beforeAll(() => {
  ciPackage();
}, 320_000);

describe('Slack interactions: the cold path of the real bundle', () => {
  it('loads and answers a first click well inside 3 seconds, with no source map to load', () => {
    // Act
    const out = execFileSync(process.execPath, [SOURCE_CONDITIONS, join(ROOT, 'scripts/measure-slack-cold-start.ts'), '--runs', '1', '--latency-ms', '100'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const measured = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      initMs: number;
      coldAnswerMs: number;
      status: number[];
      bundle: { files: string[] };
      callsBeforeColdAnswer: string[];
    };
    // Assess
    expect(measured.status).toEqual([200, 200]);
    expect(measured.initMs + measured.coldAnswerMs).toBeLessThan(3_000);
    expect(measured.bundle.files).toEqual(['functions/slack-interactions.js']);
    expect(measured.callsBeforeColdAnswer.map((c) => c.split(' ')[0])).toEqual([
      'ssm:GetParameter',
      'ssm:GetParameter',
      'ssm:GetParameter',
      'ssm:PutParameter',
      'POST',
    ]);
  });
});
