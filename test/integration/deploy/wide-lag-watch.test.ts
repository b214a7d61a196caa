import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_MAX_BYTES, TEMPLATE_MAX_RESOURCES } from '../../../src/deploy/template-limits.ts';
import { type CfnTemplate, packageTemplate } from '../../support/package-template.ts';

/**
 * 40 consumer groups × 20 topics: 4 alarms per 10 topics per group on each cluster with both
 * lag kinds (over CloudFormation's 1 MB template: packaging refuses it, see template-limits),
 * 2 with alarmMaxTimeLagSeconds=off, which deploys. A composite alarm rule may reference 100
 * alarms (PutCompositeAlarm), so the rollback composite nests one per signal and cluster.
 */
const LAG_WATCH = Array.from({ length: 40 }, (_, g) => `group-${g}:${Array.from({ length: 20 }, (_, t) => `topic-${t}`).join(',')}`).join(';');

let dir: string;
let template: CfnTemplate;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraft-canary-wide-'));
  template = packageTemplate(dir, { lagWatch: LAG_WATCH, alarmMaxTimeLagSeconds: 'off' }).template;
}, 320_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const childrenOf = (rule: unknown) => [...String(rule).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1] as string);

describe('lagWatch of 40 groups × 20 topics (osls package --stage ci)', () => {
  it('fits CloudFormation: under 1 MB as uploaded (minified) and under 500 resources', () => {
    expect(Buffer.byteLength(JSON.stringify(template), 'utf8')).toBeLessThan(TEMPLATE_MAX_BYTES);
    expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(TEMPLATE_MAX_RESOURCES);
  });

  it('nests the composites: each names at most 100 alarms in at most 10,240 characters, and every lag alarm reaches the rollback composite', () => {
    const composites = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm');
    const alarms = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && !String(r.Properties.AlarmName).includes('.operations.'),
    );
    expect(alarms.length).toBeGreaterThan(160);
    expect(composites.length).toBeGreaterThan(1);
    for (const c of composites) {
      expect(childrenOf(c.Properties.AlarmRule).length).toBeLessThanOrEqual(100);
      expect(String(c.Properties.AlarmRule).length).toBeLessThanOrEqual(10_240);
    }
    const byName = new Map(composites.map((c) => [String(c.Properties.AlarmName), childrenOf(c.Properties.AlarmRule)]));
    const reach = (name: string): string[] => (byName.has(name) ? (byName.get(name) ?? []).flatMap(reach) : [name]);
    expect(new Set(reach('kraft-canary-ci.orders-kraft.rollback'))).toEqual(new Set(alarms.map((a) => String(a.Properties.AlarmName))));
  });
});
