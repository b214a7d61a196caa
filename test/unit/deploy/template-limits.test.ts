import { describe, expect, it } from 'vitest';
import { checkTemplateLimits } from '../../../src/deploy/template-limits.ts';

const alarm = (padding: number) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmDescription: 'x'.repeat(padding) } });

describe('checkTemplateLimits', () => {
  it('passes a template CloudFormation takes, and says how big it is', () => {
    expect(checkTemplateLimits({ Resources: { A: alarm(10) } })).toMatchObject({ resources: 1, alarms: 1 });
  });

  it('refuses one over 1 MB minified, naming lagWatch and the time-lag switch', () => {
    const Resources = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`A${i}`, alarm(3500)]));
    expect(() => checkTemplateLimits({ Resources })).toThrow(
      /the template is \d+ bytes \(CloudFormation takes 1000000\), 300 of its resources alarms: .*alarmMaxTimeLagSeconds=off/,
    );
  });

  it('refuses one over 500 resources', () => {
    const Resources = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`A${i}`, alarm(1)]));
    expect(() => checkTemplateLimits({ Resources })).toThrow(/501 resources \(CloudFormation takes 500\)/);
  });
});
