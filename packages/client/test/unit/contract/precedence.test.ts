import { describe, expect, it } from 'vitest';
import { doc } from '../../../../../scripts/write-acceptance-vectors.ts';
import { documentInForce, precedence, sameRoutingContent } from '../../../src/contract/precedence.ts';

describe('precedence: which document is in force', () => {
  it.each([
    { name: 'anything over nothing', current: null, candidate: doc('idle', 0), expected: 'replaces' },
    { name: 'a higher revision', current: doc('canary', 5), candidate: doc('canary', 6, 50), expected: 'replaces' },
    { name: 'a lower revision', current: doc('canary', 5), candidate: doc('rolled-back', 4), expected: 'older' },
    { name: 'the same document', current: doc('canary', 5), candidate: doc('canary', 5), expected: 'confirms' },
    { name: 'the same revision, other content', current: doc('canary', 5), candidate: doc('canary', 5, 50), expected: 'conflicts' },
    { name: 'the same revision rolled back', current: doc('canary', 5), candidate: doc('rolled-back', 5), expected: 'replaces' },
    { name: 'a stage at the rollback revision', current: doc('rolled-back', 5), candidate: doc('canary', 5), expected: 'conflicts' },
    { name: 'a higher canary after complete', current: doc('complete', 5), candidate: doc('canary', 6), expected: 'after-complete' },
    { name: 'a rollback at the complete revision', current: doc('complete', 5), candidate: doc('rolled-back', 5), expected: 'after-complete' },
    { name: 'a higher complete after complete', current: doc('complete', 5), candidate: doc('complete', 6), expected: 'replaces' },
  ] as const)('$name: $expected', ({ current, candidate, expected }) => {
    expect(precedence(current, candidate)).toBe(expected);
  });

  it('documentInForce folds a history in order: a raced stage loses to the rollback at its revision', () => {
    // Prepare
    const history = [doc('canary', 6, 20), doc('rolled-back', 7), doc('canary', 7, 50), doc('canary', 5, 80)];
    // Act
    const inForce = documentInForce(history);
    // Assess
    expect(inForce).toEqual(doc('rolled-back', 7));
    expect(documentInForce([])).toBeNull();
  });
});

describe('sameRoutingContent', () => {
  it.each([
    { name: 'member order does not matter', a: { x: 1, y: { z: true } }, b: { y: { z: true }, x: 1 }, same: true },
    { name: '-0 equals 0', a: { p: -0 }, b: { p: 0 }, same: true },
    { name: 'a member on one side only', a: { x: 1 }, b: { x: 1, y: undefined }, same: false },
    { name: 'other members of the same count', a: { x: 1 }, b: { y: 1 }, same: false },
    { name: 'an object against a value', a: { x: { y: 1 } }, b: { x: 1 }, same: false },
    { name: 'null against an object', a: null, b: {}, same: false },
  ])('$name', ({ a, b, same }) => {
    expect(sameRoutingContent(a, b)).toBe(same);
  });
});
