/**
 * Ports: the only way the controller and the rehearsal reach the outside world, one file per
 * concern. Production adapters live in src/aws/, src/kafka/, src/slack/ and src/schema-registry/;
 * the rehearsal's in src/local/; tests use the fakes in test/support/fakes/. Types only: the
 * system clock and timers are the client library's (`@kraft-canary/client/contract`).
 */
export type * from './alarm-states.ts';
export type * from './approval-housekeeping.ts';
export type * from './approvals.ts';
export type * from './audit-archive.ts';
export type * from './cluster-registry.ts';
export type * from './consumer-groups.ts';
export type * from './control-replies.ts';
export type * from './control-topic.ts';
export type * from './executions.ts';
export type * from './kafka-admin.ts';
export type * from './lambda-triggers.ts';
export type * from './logger.ts';
export type * from './metrics.ts';
export type * from './move-hooks.ts';
export type * from './notifications.ts';
export type * from './routing.ts';
export type * from './schema-registry.ts';
export type * from './secrets.ts';
export type * from './time.ts';
