import { describe, expect, it } from 'vitest';
import { injectionLabel, parseInjection, parseRehearsalOptions, REHEARSAL_DEFAULTS } from '../../../../src/local/rehearsal/options.ts';

describe('parseRehearsalOptions', () => {
  it('uses the defaults with no arguments', () => {
    // Act
    const result = parseRehearsalOptions([]);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { ...REHEARSAL_DEFAULTS, inject: null, help: false },
    });
  });

  it('reads every option', () => {
    // Prepare
    const argv = [
      '--plan',
      'p.yml',
      '--services',
      '3',
      '--instances',
      '4',
      '--rate',
      '12.5',
      '--speed',
      '600',
      '--inject',
      'green-outage@50',
      '--json',
      'r.json',
      '--html',
      'r.html',
    ];

    // Act
    const result = parseRehearsalOptions(argv);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        planFile: 'p.yml',
        services: 3,
        instances: 4,
        rate: 12.5,
        speed: 600,
        inject: { kind: 'green-outage', atPercent: 50 },
        jsonFile: 'r.json',
        htmlFile: 'r.html',
        help: false,
      },
    });
  });

  it.each([
    { argv: ['--services', '0'], message: '--services must be a whole number from 1 to 64, got "0"' },
    { argv: ['--services', '2.5'], message: '--services must be a whole number from 1 to 64, got "2.5"' },
    { argv: ['--services', '65'], message: '--services must be a whole number from 1 to 64, got "65"' },
    { argv: ['--services', 'six'], message: '--services must be a whole number from 1 to 64, got "six"' },
    { argv: ['--instances', '0'], message: '--instances must be a whole number from 1 to 32, got "0"' },
    { argv: ['--instances', '33'], message: '--instances must be a whole number from 1 to 32, got "33"' },
    { argv: ['--services', '30', '--instances', '5'], message: '--services × --instances must be at most 128 instances, got 150' },
    { argv: ['--rate', '0'], message: '--rate must be a number above 0 and at most 2000, got "0"' },
    { argv: ['--rate=-3'], message: '--rate must be a number above 0 and at most 2000, got "-3"' },
    { argv: ['--speed', ''], message: '--speed must be a number above 0 and at most 100000, got ""' },
    { argv: ['--speed', 'Infinity'], message: '--speed must be a number above 0 and at most 100000, got "Infinity"' },
    {
      argv: ['--inject', 'blue-outage@50'],
      message:
        '--inject: unknown fault "blue-outage@50"; supported: green-outage@<percent>, green-slow@<percent>[x<factor>], e.g. green-outage@50, green-slow@50x3',
    },
    { argv: ['--inject', 'green-slow@0'], message: '--inject: 0 is not a stage percentage (above 0, at most 100)' },
    { argv: ['--inject', 'green-slow@50x1'], message: '--inject: slow-down factor 1 must be above 1 and at most 100' },
    { argv: ['--inject', 'green-slow@50x101'], message: '--inject: slow-down factor 101 must be above 1 and at most 100' },
    { argv: ['--inject', 'green-outage@0'], message: '--inject: 0 is not a stage percentage (above 0, at most 100)' },
    { argv: ['--inject', 'green-outage@150'], message: '--inject: 150 is not a stage percentage (above 0, at most 100)' },
    { argv: ['--json', ' '], message: '--json needs a file name' },
  ])('refuses $argv with a clear message', ({ argv, message }) => {
    // Act
    const result = parseRehearsalOptions(argv);

    // Assess
    expect(result).toEqual({ ok: false, error: { message } });
  });

  it.each([
    { argv: ['--servces', '3'], fragment: "Unknown option '--servces'" },
    { argv: ['--plan'], fragment: "Option '--plan <value>' argument missing" },
    { argv: ['extra'], fragment: "Unexpected argument 'extra'" },
  ])('refuses $argv and points to --help', ({ argv, fragment }) => {
    // Act
    const result = parseRehearsalOptions(argv);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(fragment);
    expect(result.error.message).toContain('see kraft-canary rehearse --help');
  });

  it('recognises --help', () => {
    // Act
    const result = parseRehearsalOptions(['-h']);

    // Assess
    expect(result.ok && result.value.help).toBe(true);
  });
});

describe('parseInjection', () => {
  it.each([
    { text: undefined, expected: null },
    { text: 'green-outage@20', expected: { kind: 'green-outage', atPercent: 20 } },
    { text: 'green-outage@12.5', expected: { kind: 'green-outage', atPercent: 12.5 } },
    { text: ' green-outage@100 ', expected: { kind: 'green-outage', atPercent: 100 } },
    { text: 'green-slow@50', expected: { kind: 'green-slow', atPercent: 50, factor: 3 } },
    { text: 'green-slow@20x1.5', expected: { kind: 'green-slow', atPercent: 20, factor: 1.5 } },
  ])('reads $text', ({ text, expected }) => {
    // Act
    const result = parseInjection(text);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });
});

describe('injectionLabel', () => {
  it('names the fault as the command line does', () => {
    expect(injectionLabel({ kind: 'green-outage', atPercent: 50 })).toBe('green-outage@50');
    expect(injectionLabel({ kind: 'green-slow', atPercent: 20, factor: 1.5 })).toBe('green-slow@20x1.5');
  });
});
