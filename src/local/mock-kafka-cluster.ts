import { MockClusterError } from './errors.ts';
import { type Librdkafka, loadLibrdkafka, type NativeHandle } from './librdkafka-binding.ts';

export interface MockTopic {
  readonly name: string;
  readonly partitions: number;
  /**
   * At most the broker count. The 2.0 mock places every partition's replicas on all brokers with
   * a random leader whatever this says; it is passed on for the protocol's sake.
   */
  readonly replicationFactor?: number;
}

export interface MockKafkaClusterOptions {
  /** Number of brokers, ids 1..brokers. Default 3. */
  readonly brokers?: number;
  readonly topics?: readonly MockTopic[];
  /** Shared-object name to load; tests point it at a missing library. */
  readonly library?: string;
}

interface Running {
  readonly lib: Librdkafka;
  readonly rk: NativeHandle;
  readonly cluster: NativeHandle;
  readonly bootstrap: string[];
  readonly brokers: number;
}

/**
 * A local Kafka cluster: librdkafka's mock cluster, started in-process. It speaks the Kafka
 * wire protocol to kafkajs on 127.0.0.1. Several clusters (blue and green) can run in one
 * process, each on its own librdkafka handle and threads.
 *
 * Limits of the librdkafka 2.0 mock: no CreateTopics (use createTopic), ListGroups,
 * DescribeGroups or DescribeConfigs, and the kafkajs idempotent producer cannot find a
 * controller. Produce, fetch, consumer groups, offset commit/fetch and list-offsets work.
 */
export class MockKafkaCluster {
  #running: Running | null = null;
  #stopping: Promise<void> | null = null;

  /** Starts a cluster; shorthand for `new MockKafkaCluster().start(options)`. */
  static start(options: MockKafkaClusterOptions = {}): Promise<MockKafkaCluster> {
    return new MockKafkaCluster().start(options);
  }

  async start(options: MockKafkaClusterOptions = {}): Promise<this> {
    if (this.#running) throw new MockClusterError('mock cluster already started');
    const brokers = options.brokers ?? 3;
    if (!Number.isInteger(brokers) || brokers < 1) throw new MockClusterError(`broker count must be a positive integer, got ${brokers}`);
    const lib = loadLibrdkafka(options.library);
    const rk = lib.newHostHandle();
    let cluster: NativeHandle;
    try {
      cluster = lib.newMockCluster(rk, brokers);
    } catch (error) {
      await lib.destroyHostHandle(rk);
      throw error;
    }
    this.#running = { lib, rk, cluster, brokers, bootstrap: lib.bootstraps(cluster).split(',') };
    this.#stopping = null;
    for (const topic of options.topics ?? []) await this.createTopic(topic);
    return this;
  }

  /** Broker addresses (host:port) for kafkajs `brokers`. */
  get bootstrap(): string[] {
    return [...this.#require().bootstrap];
  }

  /** Broker ids, 1..N as librdkafka numbers them. */
  get brokerIds(): number[] {
    return Array.from({ length: this.#require().brokers }, (_, i) => i + 1);
  }

  get running(): boolean {
    return this.#running !== null;
  }

  async createTopic(topic: MockTopic): Promise<void> {
    const { lib, cluster, brokers } = this.#require();
    const replication = topic.replicationFactor ?? 1;
    if (replication > brokers) throw new MockClusterError(`topic ${topic.name}: replication ${replication} exceeds ${brokers} brokers`);
    const code = await lib.createTopic(cluster, topic.name, topic.partitions, replication);
    if (code !== 0) throw new MockClusterError(`creating topic ${topic.name} failed: ${lib.errorName(code)}`);
  }

  /** Closes the broker's connections and refuses new ones until brokerUp (no leader change). */
  async brokerDown(brokerId: number): Promise<void> {
    await this.#brokerCall(brokerId, 'down');
  }

  async brokerUp(brokerId: number): Promise<void> {
    await this.#brokerCall(brokerId, 'up');
  }

  /** Delays every response of the broker by `rttMs` milliseconds (0 restores it); connections stay up. */
  async brokerRtt(brokerId: number, rttMs: number): Promise<void> {
    const { lib, cluster } = this.#require();
    this.#requireBroker(brokerId);
    if (!Number.isInteger(rttMs) || rttMs < 0)
      throw new MockClusterError(`broker ${brokerId}: round-trip time must be a whole number of ms >= 0, got ${rttMs}`);
    const code = await lib.setBrokerRtt(cluster, brokerId, rttMs);
    if (code !== 0) throw new MockClusterError(`setting the round-trip time of broker ${brokerId} failed: ${lib.errorName(code)}`);
  }

  /**
   * Makes `brokerId` the coordinator of consumer group `groupId` (by default the broker is
   * picked from a hash of the id). A group whose coordinator is down cannot heartbeat or
   * commit, so its members fail; a test that takes a broker down for another reason pins the
   * coordinator elsewhere. Set it before the group's first member looks its coordinator up.
   */
  async setGroupCoordinator(groupId: string, brokerId: number): Promise<void> {
    const { lib, cluster } = this.#require();
    this.#requireBroker(brokerId);
    const code = await lib.setCoordinator(cluster, 'group', groupId, brokerId);
    if (code !== 0) throw new MockClusterError(`setting the coordinator of group ${groupId} to broker ${brokerId} failed: ${lib.errorName(code)}`);
  }

  /** Destroys the cluster and its handle; idempotent, and safe to call concurrently. */
  stop(): Promise<void> {
    const running = this.#running;
    if (!running) return this.#stopping ?? Promise.resolve();
    this.#running = null;
    this.#stopping = (async () => {
      await running.lib.destroyMockCluster(running.cluster);
      await running.lib.destroyHostHandle(running.rk);
    })();
    return this.#stopping;
  }

  async #brokerCall(brokerId: number, to: 'down' | 'up'): Promise<void> {
    const { lib, cluster } = this.#require();
    this.#requireBroker(brokerId);
    const code = to === 'down' ? await lib.setBrokerDown(cluster, brokerId) : await lib.setBrokerUp(cluster, brokerId);
    if (code !== 0) throw new MockClusterError(`setting broker ${brokerId} ${to} failed: ${lib.errorName(code)}`);
  }

  #requireBroker(brokerId: number): void {
    const { brokers } = this.#require();
    if (!Number.isInteger(brokerId) || brokerId < 1 || brokerId > brokers) {
      throw new MockClusterError(`no broker ${brokerId}; brokers are 1..${brokers}`);
    }
  }

  #require(): Running {
    if (!this.#running) throw new MockClusterError('mock cluster is not running; call start() first');
    return this.#running;
  }
}
