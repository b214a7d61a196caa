import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../../src/domain/plan.ts';
import { domainPlanInput } from '../../support/domain-fixtures.ts';

const issuesOf = (analysis: unknown) => {
  const result = validatePlan({ ...domainPlanInput(), analysis });
  return result.ok ? [] : result.error.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('plan analysis section', () => {
  it('is absent unless the plan sets it, so existing plans normalize as before', () => {
    const result = validatePlan(domainPlanInput());
    expect(result.ok && Object.keys(result.value)).not.toContain('analysis');
  });

  it('fills every default from an empty section', () => {
    const result = validatePlan({ ...domainPlanInput(), analysis: {} });
    expect(result.ok && result.value.analysis).toEqual({
      produceLatency: { maxRatio: 1.25, percentile: 99, minIncreaseMs: 1 },
      handlingTime: { maxRatio: 1.5, percentile: 99, minIncreaseMs: 1 },
      errors: { maxRatio: 2, maxIncrease: 0.001 },
      confidence: 0.95,
      minSamples: 200,
    });
  });

  it('keeps the fields it is given and defaults the rest of their object', () => {
    const result = validatePlan({ ...domainPlanInput(), analysis: { produceLatency: { maxRatio: 1.1 }, errors: { maxIncrease: 0 } } });
    expect(result.ok && result.value.analysis).toMatchObject({
      produceLatency: { maxRatio: 1.1, percentile: 99 },
      errors: { maxRatio: 2, maxIncrease: 0 },
    });
  });

  it.each([
    { analysis: { produceLatency: { maxRatio: 0.9 } }, issue: 'analysis.produceLatency.maxRatio: Too small: expected number to be >=1' },
    { analysis: { handlingTime: { percentile: 100 } }, issue: 'analysis.handlingTime.percentile: Too big: expected number to be <=99.9' },
    { analysis: { handlingTime: { percentile: 10 } }, issue: 'analysis.handlingTime.percentile: Too small: expected number to be >=50' },
    { analysis: { produceLatency: { minIncreaseMs: -1 } }, issue: 'analysis.produceLatency.minIncreaseMs: Too small: expected number to be >=0' },
    { analysis: { errors: { maxIncrease: 2 } }, issue: 'analysis.errors.maxIncrease: Too big: expected number to be <=1' },
    { analysis: { errors: { maxRatio: 0.5 } }, issue: 'analysis.errors.maxRatio: Too small: expected number to be >=1' },
    { analysis: { confidence: 1 }, issue: 'analysis.confidence: Too big: expected number to be <=0.9999' },
    { analysis: { minSamples: 10 }, issue: 'analysis.minSamples: Too small: expected number to be >=20' },
    { analysis: { minSamples: 250.5 }, issue: 'analysis.minSamples: Invalid input: expected int, received number' },
    { analysis: { endToEnd: {} }, issue: 'analysis.endToEnd: unknown field' },
    { analysis: { errors: { maxRatioOrAbsolute: 2 } }, issue: 'analysis.errors.maxRatioOrAbsolute: unknown field' },
    { analysis: 'on', issue: 'analysis: Invalid input: expected object, received string' },
  ])('reports $issue', ({ analysis, issue }) => {
    expect(issuesOf(analysis)).toEqual([issue]);
  });
});
