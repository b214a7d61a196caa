/** Consumer group state (kafkajs admin DescribeGroups in src/kafka/). */

export interface ConsumerGroupState {
  readonly groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead or Unknown. */
  readonly state: string;
  readonly members: number;
  /** Topics assigned to the members, when the assignment is in the consumer protocol. */
  readonly assignedTopics: readonly string[];
}

export interface ConsumerGroupInspector {
  /** One entry per id; null when the broker does not support DescribeGroups. */
  describeGroups(groupIds: readonly string[]): Promise<ConsumerGroupState[] | null>;
}
