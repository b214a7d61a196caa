import kafkajs, { type PartitionAssigner } from 'kafkajs';

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { PartitionAssigners } = kafkajs;

/** How long the group leader holds its assignment back, by the group's size. */
export const leaderHoldMs = (members: number): number => 250 + 25 * members;

/**
 * kafkajs's round-robin assigner, with the leader's SyncGroup held back a moment.
 *
 * librdkafka's mock coordinator ends a SyncGroup round as soon as the leader's request has
 * assigned every member, and answers a follower whose SyncGroup arrives after that with
 * INVALID_REQUEST (a real broker keeps the assignment and answers it). The refused member
 * crashes, rejoins, and sets off a new rebalance for the whole group; past a handful of members
 * on a busy machine some follower is always late, and the group never forms. Every member gets
 * its JoinGroup response at the same instant, so holding the leader's assignment back lets the
 * followers' SyncGroups arrive first. Only the local clusters need this.
 */
export const patientRoundRobin: PartitionAssigner = (config) => {
  const base = PartitionAssigners.roundRobin(config);
  return {
    name: base.name,
    version: base.version,
    protocol: (subscription) => base.protocol(subscription),
    async assign(group) {
      await new Promise<void>((resolve) => setTimeout(resolve, leaderHoldMs(group.members.length)));
      return base.assign(group);
    },
  };
};
