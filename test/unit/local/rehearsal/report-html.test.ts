import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport } from '../../../../src/local/rehearsal/report-html.ts';
import { rolledBackReport } from './report-fixture.ts';

describe('renderHtmlReport', () => {
  it('is one self-contained page with an inline SVG chart', async () => {
    // Act
    const html = renderHtmlReport(rolledBackReport());

    // Assess
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/);
    await expect(html).toMatchFileSnapshot('./golden/report-rolled-back.html');
  });

  it('plots green % and both clusters produce and consume rates', () => {
    // Act
    const html = renderHtmlReport(rolledBackReport());

    // Assess
    expect(html.match(/<polyline /g)).toHaveLength(5);
    expect(html).toContain('<title>green brokers down</title>');
    expect(html).toContain('<title>rollback written</title>');
  });

  it('escapes text from the run', () => {
    // Act
    const html = renderHtmlReport(rolledBackReport());

    // Assess
    expect(html).toContain('green brokers unreachable &lt;3 polls&gt;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('draws an empty run without failing', () => {
    // Prepare
    const report = { ...rolledBackReport(), samples: [], fault: null, rollback: null, stages: [], gates: [] };

    // Act
    const html = renderHtmlReport(report);

    // Assess
    expect(html).toContain('The rollout wrote no routing.');
    expect(html).not.toContain('<polyline');
  });

  it('shows a revision that a newer one overtook everywhere without latency figures', () => {
    // Prepare
    const base = rolledBackReport();
    const overtaken = { revision: 2, writtenAt: Date.parse(base.startedAt) + 3_992, instances: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, byPush: 0, byPoll: 0 };

    // Act
    const html = renderHtmlReport({ ...base, routingChanges: [overtaken, ...base.routingChanges] });

    // Assess
    expect(html).toContain('<td>2</td><td>+4.0s</td><td>none: a newer revision reached each instance first</td><td></td>');
  });
});
