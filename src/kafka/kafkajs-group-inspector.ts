import kafkajs, { type Admin, type GroupDescription, type KafkaConfig } from 'kafkajs';
import type { ConsumerGroupInspector, ConsumerGroupState } from '../ports/index.ts';
import { KafkaAdminError } from './errors.ts';

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { AssignerProtocol, Kafka } = kafkajs;

/** Broker answers meaning "this API is not served here" (e.g. librdkafka's mock cluster). */
const UNSUPPORTED = new Set(['KafkaJSServerDoesNotSupportApiKey', 'KafkaJSNotImplemented']);
// kafkajs's retrier wraps the broker's answer: KafkaJSNonRetriableError with the real one as cause.
const isUnsupported = (error: unknown): boolean =>
  error instanceof Error && (UNSUPPORTED.has(error.name) || (error.cause instanceof Error && UNSUPPORTED.has(error.cause.name)));

/** Topics in the members' assignments; only the consumer protocol's assignments can be read. */
export function assignedTopics(group: Pick<GroupDescription, 'protocolType' | 'members'>): string[] {
  if (group.protocolType !== 'consumer') return [];
  const topics = new Set<string>();
  for (const member of group.members) {
    try {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const topic of Object.keys(decoded?.assignment ?? {})) topics.add(topic);
    } catch {
      // An assignment kafkajs cannot decode tells nothing: the group's commits still count.
    }
  }
  return [...topics].sort();
}

export const toGroupState = (g: GroupDescription): ConsumerGroupState => ({
  groupId: g.groupId,
  state: g.state,
  members: g.members.length,
  assignedTopics: assignedTopics(g),
});

/** DescribeGroups over kafkajs admin: group state, member count and assigned topics. */
export class KafkajsGroupInspector implements ConsumerGroupInspector {
  readonly #admin: Admin;
  #connected: Promise<void> | null = null;

  constructor(config: KafkaConfig | Admin) {
    this.#admin = 'describeGroups' in config ? config : new Kafka(config).admin();
  }

  async describeGroups(groupIds: readonly string[]): Promise<ConsumerGroupState[] | null> {
    if (groupIds.length === 0) return [];
    try {
      this.#connected ??= this.#admin.connect();
      await this.#connected;
      const { groups } = await this.#admin.describeGroups([...groupIds]);
      return groups.map(toGroupState);
    } catch (error) {
      if (isUnsupported(error)) return null;
      throw new KafkaAdminError('describeGroups', error instanceof Error ? error.name : 'unknown error', { cause: error });
    }
  }

  async disconnect(): Promise<void> {
    if (this.#connected === null) return;
    this.#connected = null;
    await this.#admin.disconnect();
  }
}
