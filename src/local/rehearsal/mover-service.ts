import type { Cluster } from '@kraft-canary/client/contract';
import kafkajs from 'kafkajs';
import type { Clock, MoveHooks, MoveRequest, Timers } from '../../ports/index.ts';
import { type AckRecord, account, type DeliveryRecord } from './accounting.ts';
import type { MoverRecord } from './report.ts';
import { REHEARSAL_CONSUMER_CONFIG } from './simulated-service.ts';

const { logLevel } = kafkajs;

/** The mover's consumer group: it is not in the plan's consumerGroups, it moves at the cutover. */
export const MOVER_GROUP = 'rehearsal-mover';
/** The local hook that moves it (a placeholder ARN: nothing is invoked in AWS). */
export const MOVER_HOOK_ARN = 'arn:aws:lambda:local:000000000000:function:rehearsal-mover-move';

/** The mover's entry in the plan's movers. */
export const moverEntry = (topic: string) => ({ group: MOVER_GROUP, kind: 'other', topics: [topic], move: { lambda: MOVER_HOOK_ARN } });

export interface MoverServiceOptions {
  readonly topic: string;
  readonly bootstrap: Readonly<Record<Cluster, readonly string[]>>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly onEvent: (at: number, text: string) => void;
}

const sleep = (timers: Timers, ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

/**
 * A service that does not use the kraft-canary client: a plain kafkajs consumer of the fleet's
 * topic that reads one cluster, blue. It is the hook the rollout invokes at the cutover, and
 * the hook restarts it against green, where its group has no offsets and so starts from the
 * earliest ones. Its deliveries are kept apart from the fleet's, so that its own accounting
 * shows whether the move lost anything.
 */
export class MoverService implements MoveHooks {
  readonly #o: MoverServiceOptions;
  readonly #deliveries: DeliveryRecord[] = [];
  #consumer: kafkajs.Consumer | null = null;
  #cluster: Cluster = 'blue';
  #moving: Promise<void> | null = null;
  #movedAt: number | null = null;

  constructor(options: MoverServiceOptions) {
    this.#o = options;
  }

  start(): Promise<void> {
    return this.#consume('blue');
  }

  /**
   * The move hook, invoked asynchronously like a Lambda (InvocationType Event): it returns at
   * once and the restart runs on. A second invocation changes nothing (hooks are idempotent).
   */
  async invoke(_arn: string, request: MoveRequest): Promise<void> {
    if (request.group !== MOVER_GROUP || this.#moving !== null) return;
    this.#o.onEvent(this.#o.clock.now(), `${MOVER_GROUP}: move hook invoked; restarting against green from its earliest offsets`);
    this.#moving = this.#moveToGreen().catch((error: unknown) => {
      this.#o.onEvent(this.#o.clock.now(), `${MOVER_GROUP}: move failed (${error instanceof Error ? error.name : 'unknown error'})`);
    });
  }

  async #moveToGreen(): Promise<void> {
    await this.#consumer?.disconnect();
    this.#consumer = null;
    await this.#consume('green');
    this.#movedAt = this.#o.clock.now();
  }

  async #consume(cluster: Cluster): Promise<void> {
    const kafka = new kafkajs.Kafka({ clientId: MOVER_GROUP, brokers: [...this.#o.bootstrap[cluster]], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: MOVER_GROUP, ...REHEARSAL_CONSUMER_CONFIG });
    await consumer.connect();
    await consumer.subscribe({ topic: this.#o.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) this.#deliveries.push({ id: message.value.toString('utf8'), cluster });
      },
    });
    this.#consumer = consumer;
    this.#cluster = cluster;
  }

  /** Reads on until it has every acknowledged message, or nothing arrived for `idleForMs`; then leaves its group. */
  async finish(acks: () => readonly AckRecord[], idleForMs: number): Promise<void> {
    await this.#moving;
    let count = this.#deliveries.length;
    let progressAt = this.#o.clock.now();
    while (this.#missing(acks()) > 0 && this.#o.clock.now() - progressAt < idleForMs) {
      await sleep(this.#o.timers, 200);
      if (this.#deliveries.length > count) {
        count = this.#deliveries.length;
        progressAt = this.#o.clock.now();
      }
    }
    await this.stop();
  }

  #missing(acks: readonly AckRecord[]): number {
    const read = new Set(this.#deliveries.map((d) => d.id));
    return acks.filter((a) => !read.has(a.id)).length;
  }

  async stop(): Promise<void> {
    await this.#moving;
    await this.#consumer?.disconnect();
    this.#consumer = null;
  }

  record(acks: readonly AckRecord[]): MoverRecord {
    return { group: MOVER_GROUP, cluster: this.#cluster, movedAt: this.#movedAt, accounting: account(acks, this.#deliveries) };
  }
}
