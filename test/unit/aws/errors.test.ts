import { describe, expect, it } from 'vitest';
import { errorName, isTransient, translateAwsError } from '../../../src/aws/errors.ts';

describe('translateAwsError', () => {
  it.each([
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'Whatever', $retryable: {} }, true],
    [{ name: 'Whatever', $fault: 'server' }, true],
    [{ name: 'Error', code: 'ECONNRESET' }, true],
    [{ name: 'ValidationException', $fault: 'client' }, false],
    ['not an object', false],
  ])('classifies %j as transient: %s', (error, transient) => {
    expect(isTransient(error)).toBe(transient);
    expect(translateAwsError('Op', error).name).toBe(transient ? 'TransientAwsError' : 'AwsCallError');
  });

  it('keeps the SDK error as cause and only its name in the message', () => {
    const cause = Object.assign(new Error('secret detail'), { name: 'AccessDeniedException' });
    const error = translateAwsError('GetParameter', cause);
    expect(error.message).toBe('GetParameter failed (AccessDeniedException)');
    expect(error.cause).toBe(cause);
    expect(errorName(undefined)).toBe('UnknownError');
  });
});
