import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../../src/aws/json-logger.ts';

describe('createJsonLogger', () => {
  it('writes one JSON line per call with level, message, base and call fields', () => {
    // Prepare
    const lines: [string, string][] = [];
    const logger = createJsonLogger({ function: 'notify' }, (line, level) => lines.push([line, level]));
    // Act
    logger.info('posted', { migration: 'payments' });
    logger.error('failed', { error: 'SlackApiError' });
    // Assess
    expect(lines.map(([line, level]) => [JSON.parse(line), level])).toEqual([
      [{ level: 'info', message: 'posted', function: 'notify', migration: 'payments' }, 'info'],
      [{ level: 'error', message: 'failed', function: 'notify', error: 'SlackApiError' }, 'error'],
    ]);
  });
});
