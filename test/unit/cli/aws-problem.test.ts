import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../src/aws/errors.ts';
import { awsProblem } from '../../../src/cli/aws-problem.ts';

const named = (name: string, message = 'raw text with a secret') => Object.assign(new Error(message), { name });

describe('awsProblem', () => {
  it.each([
    {
      name: 'no region, wrapped by an adapter',
      error: new AwsCallError('GetParameter', 'UnknownError', { cause: new Error('Region is missing') }),
      want: 'no AWS region: set AWS_REGION or the region of your AWS profile',
    },
    {
      name: 'no credentials',
      error: named('CredentialsProviderError'),
      want: 'no AWS credentials: set them in the environment, a profile (AWS_PROFILE) or SSO (aws sso login)',
    },
    {
      name: 'expired credentials, wrapped',
      error: new AwsCallError('StartExecution', 'ExpiredTokenException', { cause: named('ExpiredTokenException') }),
      want: 'your AWS credentials have expired: renew them (e.g. aws sso login)',
    },
    {
      name: 'an adapter error',
      error: new AwsCallError('DescribeExecution', 'AccessDeniedException'),
      want: 'AwsCallError: DescribeExecution failed (AccessDeniedException)',
    },
    { name: 'anything else: its name only', error: named('KafkaJSSASLAuthenticationError'), want: 'KafkaJSSASLAuthenticationError' },
    { name: 'not an error', error: 'boom', want: 'unknown error' },
  ])('$name', ({ error, want }) => {
    expect(awsProblem(error)).toBe(want);
  });
});
