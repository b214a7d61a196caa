import { describe, expect, it } from 'vitest';
import { publishRequestOf } from '../../../../src/controller/publish/publish-request.ts';

const NAME = '/kraft-canary/orders-move/routing';
const change = (detail: unknown) => ({ version: '0', source: 'aws.ssm', 'detail-type': 'Parameter Store Change', detail });

describe('publishRequestOf', () => {
  it.each([
    ['an update of the routing parameter', change({ name: NAME, type: 'String', operation: 'Update' }), 'change'],
    ['its creation', change({ name: NAME, type: 'String', operation: 'Create' }), 'change'],
    ['the re-publish schedule', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, 'schedule'],
  ])('publishes on %s', (_, event, trigger) => {
    expect(publishRequestOf(event, 'orders-move', NAME)).toEqual({ migration: 'orders-move', trigger });
  });

  it.each([
    ['another parameter', change({ name: '/kraft-canary/orders-move/lock', operation: 'Update' })],
    ['a deletion', change({ name: NAME, operation: 'Delete' })],
    ['a label', change({ name: NAME, operation: 'LabelParameterVersion' })],
    ['no detail', { source: 'aws.ssm', 'detail-type': 'Parameter Store Change' }],
    ['another source', { source: 'custom', 'detail-type': 'Parameter Store Change', detail: { name: NAME, operation: 'Update' } }],
    ['another detail type', { source: 'aws.ssm', 'detail-type': 'Parameter Store Policy Action', detail: { name: NAME, operation: 'Update' } }],
    ['a non-object', 'publish'],
    ['null', null],
  ])('refuses %s', (_, event) => {
    expect(publishRequestOf(event, 'orders-move', NAME)).toBeNull();
  });
});
