import { describe, expect, it } from 'vitest';
import { awsCall } from '../../../src/cli/aws-call.ts';
import { captureIo } from '../../support/cli-io.ts';

const denied = Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized'), { name: 'AccessDeniedException' });

describe('awsCall', () => {
  it('hands back what the calls returned and prints nothing', async () => {
    const io = captureIo('/tmp');
    expect(await awsCall(io, { command: 'status', json: false }, async () => 42)).toEqual({ ok: true, value: 42 });
    expect([io.out(), io.err()]).toEqual(['', '']);
  });

  it('reports a failure as one stderr line with the hint, never the raw message, and exits 1', async () => {
    const io = captureIo('/tmp');
    const result = await awsCall(io, { command: 'rollback', json: false, hint: '; it is safe to run again' }, async () => {
      throw denied;
    });
    expect(result).toEqual({ ok: false, code: 1 });
    expect(io.err()).toBe('kraft-canary rollback: AccessDeniedException; it is safe to run again\n');
    expect(io.out()).toBe('');
  });

  it('reports a failure as JSON on stdout with --json, led by the given fields', async () => {
    const io = captureIo('/tmp');
    await awsCall(io, { command: 'approve', json: true, fields: { action: 'approve', migration: 'orders' } }, async () => {
      throw denied;
    });
    expect(JSON.parse(io.out())).toEqual({ ok: false, action: 'approve', migration: 'orders', error: 'aws', message: 'AccessDeniedException' });
    expect(io.err()).toBe('');
  });
});
