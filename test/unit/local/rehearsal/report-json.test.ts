import { describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../../../src/local/rehearsal/report-json.ts';
import { rolledBackReport } from './report-fixture.ts';

describe('renderJsonReport', () => {
  it('round-trips the report', () => {
    // Prepare
    const report = rolledBackReport();

    // Act
    const text = renderJsonReport(report);

    // Assess
    expect(JSON.parse(text)).toEqual(report);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
