import kafkajs, { type Admin, type GroupDescription } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { assignedTopics, KafkajsGroupInspector } from '../../../src/kafka/kafkajs-group-inspector.ts';

const { AssignerProtocol } = kafkajs;

const assignment = (topics: Record<string, number[]>) =>
  AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: topics, userData: Buffer.alloc(0) });

function member(memberId: string, memberAssignment: Buffer) {
  return { memberId, clientId: 'c', clientHost: '/10.0.0.1', memberMetadata: Buffer.alloc(0), memberAssignment };
}

function fakeAdmin(describe: () => Promise<{ groups: GroupDescription[] }>) {
  const calls: string[] = [];
  const admin = {
    connect: async () => void calls.push('connect'),
    disconnect: async () => void calls.push('disconnect'),
    describeGroups: describe,
  } as unknown as Admin;
  return { admin, calls };
}

describe('assignedTopics', () => {
  it('decodes consumer-protocol assignments and ignores other protocols and garbage', () => {
    // Prepare
    const members = [member('a', assignment({ orders: [0, 1] })), member('b', assignment({ audit: [0], orders: [2] })), member('c', Buffer.from([1, 2]))];

    // Act
    const consumer = assignedTopics({ protocolType: 'consumer', members });
    const connect = assignedTopics({ protocolType: 'connect', members });

    // Assess
    expect(consumer).toEqual(['audit', 'orders']);
    expect(connect).toEqual([]);
  });
});

describe('KafkajsGroupInspector', () => {
  it('maps state, members and topics of each group', async () => {
    // Prepare
    const { admin, calls } = fakeAdmin(async () => ({
      groups: [
        { groupId: 'billing', state: 'Stable', protocol: 'RoundRobinAssigner', protocolType: 'consumer', members: [member('a', assignment({ orders: [0] }))] },
      ],
    }));
    const inspector = new KafkajsGroupInspector(admin);

    // Act
    const groups = await inspector.describeGroups(['billing']);
    await inspector.disconnect();

    // Assess
    expect(groups).toEqual([{ groupId: 'billing', state: 'Stable', members: 1, assignedTopics: ['orders'] }]);
    expect(calls).toEqual(['connect', 'disconnect']);
  });

  it('answers null where the broker does not serve DescribeGroups, and wraps other failures', async () => {
    // Prepare
    const unsupported = fakeAdmin(async () => {
      throw Object.assign(new Error('no'), { name: 'KafkaJSServerDoesNotSupportApiKey' });
    });
    const wrapped = fakeAdmin(async () => {
      const cause = Object.assign(new Error('no'), { name: 'KafkaJSServerDoesNotSupportApiKey' });
      throw Object.assign(new Error('The Kafka server does not support the requested API version', { cause }), { name: 'KafkaJSNonRetriableError' });
    });
    const broken = fakeAdmin(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:9098'), { name: 'KafkaJSConnectionError' });
    });

    // Act
    const none = await new KafkajsGroupInspector(unsupported.admin).describeGroups(['billing']);
    const retried = await new KafkajsGroupInspector(wrapped.admin).describeGroups(['billing']);
    const failure = await new KafkajsGroupInspector(broken.admin).describeGroups(['billing']).catch((e: unknown) => e);

    // Assess
    expect(none).toBeNull();
    expect(retried).toBeNull();
    expect(failure).toMatchObject({ name: 'KafkaAdminError', message: 'describeGroups failed: KafkaJSConnectionError' });
  });
});
