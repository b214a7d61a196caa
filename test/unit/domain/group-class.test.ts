import { describe, expect, it } from 'vitest';
import { classifyGroup, isConnectStorageTopic, moverOf, plannedGroups, streamsTopicsOf } from '../../../src/domain/group-class.ts';
import { domainPlan } from '../../support/domain-fixtures.ts';

const TOPICS = [
  'orders',
  'fraud-scorer-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog',
  'fraud-scorer-KSTREAM-KEY-SELECT-0000000001-repartition',
  'connect-offsets',
  'connect-configs',
  'connect-status',
];
const plan = domainPlan({
  consumerGroups: ['ledger'],
  movers: [{ group: 'fraud-scorer', kind: 'streams', move: { lambda: 'arn:aws:lambda:eu-west-1:111122223333:function:move-fraud' } }],
});

describe('classifyGroup', () => {
  it.each([
    { group: 'ledger', topics: TOPICS, kind: 'library', evidence: "listed in the plan's consumerGroups", changelogs: [] },
    {
      group: 'fraud-scorer',
      topics: TOPICS,
      kind: 'streams',
      evidence:
        'Kafka Streams internal topics fraud-scorer-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog, fraud-scorer-KSTREAM-KEY-SELECT-0000000001-repartition',
      changelogs: ['fraud-scorer-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog'],
    },
    {
      group: 'app',
      topics: ['app-a-changelog', 'app-b-changelog', 'app-c-changelog', 'app-d-repartition'],
      kind: 'streams',
      evidence: 'Kafka Streams internal topics app-a-changelog, app-b-changelog, app-c-changelog, …',
      changelogs: ['app-a-changelog', 'app-b-changelog', 'app-c-changelog'],
    },
    {
      group: 'connect-s3-sink',
      topics: TOPICS,
      kind: 'connect',
      evidence: 'Connect sink group name connect-<connector>; Connect storage topics connect-offsets, connect-configs, connect-status',
      changelogs: [],
    },
    { group: 'connect-s3-sink', topics: ['orders'], kind: 'connect', evidence: 'Connect sink group name connect-<connector>', changelogs: [] },
    {
      group: 'reporting',
      topics: TOPICS,
      kind: 'unknown',
      evidence: 'not in consumerGroups, no Kafka Streams internal topics, not a connect-* group',
      changelogs: [],
    },
  ])('$group among $topics.length topics is $kind', ({ group, topics, kind, evidence, changelogs }) => {
    expect(classifyGroup(group, plan, topics)).toEqual({ group, kind, evidence, changelogs });
  });

  it('takes a topic named only <group>- for no internal topic', () => {
    expect(streamsTopicsOf('app', ['app-', 'app-changelog', 'other-x-changelog'])).toEqual({ changelogs: [], repartitions: [] });
  });
});

describe('Connect storage topics', () => {
  it.each([
    ['connect-offsets', true],
    ['mm2.connect-configs', true],
    ['prod_connect-status', true],
    ['connect-offsets-old', false],
    ['myconnect-offsets', false],
  ])('%s → %s', (topic, expected) => {
    expect(isConnectStorageTopic(topic)).toBe(expected);
  });
});

describe('plan lookups', () => {
  it('finds a mover and lists the planned groups once', () => {
    expect(moverOf(plan, 'fraud-scorer')?.kind).toBe('streams');
    expect(moverOf(plan, 'ledger')).toBeUndefined();
    expect(plannedGroups(plan)).toEqual(['ledger', 'fraud-scorer']);
    expect(plannedGroups(domainPlan({ consumerGroups: ['a'] }))).toEqual(['a']);
  });
});

describe('Lambda trigger groups', () => {
  it('classifies the group of a Lambda trigger after the plan groups', () => {
    expect(classifyGroup('settle', plan, TOPICS, ['settle', 'ledger']).kind).toBe('lambda-trigger');
    expect(classifyGroup('ledger', plan, TOPICS, ['settle', 'ledger']).kind).toBe('library');
  });
});
