import { describe, expect, it } from 'vitest';
import { AwsCallError, TransientAwsError } from '../../src/aws/errors.ts';
import { isRetriable, KraftCanaryError } from '../../src/errors.ts';
import { KafkaAdminError, KafkaCredentialsError } from '../../src/kafka/errors.ts';

describe('KraftCanaryError', () => {
  it('keeps the cause and is not retriable unless it says so', () => {
    const cause = new Error('socket hang up');
    const error = new KraftCanaryError('listTopics failed', { cause });
    expect(error).toMatchObject({ name: 'KraftCanaryError', message: 'listTopics failed', cause, retriable: false });
    expect(new KraftCanaryError('x', { retriable: true }).retriable).toBe(true);
    expect('cause' in new KraftCanaryError('no cause')).toBe(false);
  });

  it.each([
    { error: new TransientAwsError('PutParameter', 'ThrottlingException'), retriable: true },
    { error: new KafkaAdminError('listTopics', 'KafkaJSConnectionError'), retriable: true },
    { error: new AwsCallError('PutParameter', 'AccessDeniedException'), retriable: false },
    { error: new KafkaCredentialsError('no secret'), retriable: false },
    { error: Object.assign(new Error('x'), { name: 'KafkaAdminError', retriable: true }), retriable: false },
    { error: 'KafkaAdminError', retriable: false },
  ])('isRetriable($error.name) is $retriable', ({ error, retriable }) => {
    expect(isRetriable(error)).toBe(retriable);
  });
});
