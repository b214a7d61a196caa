import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import { createCheckControlsHandler } from '../../functions/check-controls.ts';
import { createConfirmDrainHandler } from '../../functions/confirm-drain.ts';
import { createConfirmMovesHandler } from '../../functions/confirm-moves.ts';
import { createDecommissionHandler } from '../../functions/decommission.ts';
import { createEvaluateGatesHandler } from '../../functions/evaluate-gates.ts';
import { createNotifyHandler } from '../../functions/notify.ts';
import { createPreflightHandler } from '../../functions/preflight.ts';
import { createReleaseLockHandler } from '../../functions/release-lock.ts';
import { createRequestApprovalHandler } from '../../functions/request-approval.ts';
import { createRequestMovesHandler } from '../../functions/request-moves.ts';
import { createRollbackHandler } from '../../functions/rollback.ts';
import { createSetRoutingHandler } from '../../functions/set-routing.ts';
import type { PlanInput } from '../../src/domain/plan.ts';
import { MemoryApprovalStore } from '../../src/local/memory-approval-store.ts';
import { MemoryAuditArchive } from '../../src/local/memory-audit-archive.ts';
import { MemoryRoutingStore } from '../../src/local/memory-routing-store.ts';
import { type RolloutHandlers, type RolloutResult, runRollout, type StepHandler } from '../../src/local/run-rollout.ts';
import type { ExecutionStatus, Logger, MetricQuery, Notification, NotificationThread } from '../../src/ports/index.ts';
import { FakeKafkaCluster } from './fakes/fake-kafka-cluster.ts';
import { FakeMoveHooks } from './fakes/fake-move-hooks.ts';
import { MemoryClusterRegistry } from './fakes/memory-cluster-registry.ts';
import { MemoryMetrics } from './fakes/memory-metrics.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, T0 } from './rollout-fixtures.ts';

export const PREFIX = '/kc';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const middyContext = {} as never;

/** An error as a Lambda reports it: the state machine matches `name`. */
export const named = (name: string, message = name): Error => Object.assign(new Error(message), { name });

export type Fault = (call: number, event: unknown) => Error | undefined;

/**
 * Everything a rollout touches, in memory, with the real handler factories on top. The clock
 * moves as the state machine's waits would: by the bake before gates are read, by pollEvery
 * between drain polls, to the change window before a routing write outside it.
 */
export class RolloutWorld {
  readonly store = new MemoryRoutingStore();
  readonly blue = new FakeKafkaCluster().addTopic('orders', 3).addTopic('payments', 2);
  readonly green = new FakeKafkaCluster().addTopic('orders', 3).addTopic('payments', 2);
  readonly clusters = new MemoryClusterRegistry();
  readonly metrics = new MemoryMetrics();
  readonly archive = new MemoryAuditArchive();
  readonly approvalStore = new MemoryApprovalStore();
  readonly notifications: Notification[] = [];
  readonly approvalRequests: unknown[] = [];
  readonly stopped: string[] = [];
  /** Messages the Notify handler posted to Slack (thread roots and replies). */
  readonly slackPosts: { channel: string; text: string; threadTs?: string }[] = [];
  readonly calls: Partial<Record<keyof RolloutHandlers, number>> = {};
  readonly faults: Partial<Record<keyof RolloutHandlers, Fault>> = {};
  /** A step's answer instead of its handler's, when this returns one (a refusal the world cannot provoke). */
  readonly answers: Partial<Record<keyof RolloutHandlers, (call: number, event: unknown) => unknown>> = {};
  /** Runs before a handler's call: what happens elsewhere meanwhile (an alarm, an operator). */
  readonly before: Partial<Record<keyof RolloutHandlers, (call: number, event: unknown) => Promise<void>>> = {};
  /** StopExecution from the rollback aborts the running execution, as on AWS (off: the run goes on and drains green itself). */
  abortOnStop = false;
  #running: AbortController | null = null;
  /** The largest state (JSON, UTF-8 bytes) any state of the last run was entered with. */
  largestStateBytes = 0;
  #handlers: RolloutHandlers | null = null;
  /** Answers each approval request: a decision, or a thrown named error. */
  approve: (payload: Record<string, unknown>) => unknown = () => ({ decision: 'approved', approver: 'U0123ABCD', decidedAt: new Date(this.now).toISOString() });
  /** Green's consumer lag while a stage bakes, by stage index; unhealthy lag fails the gate. */
  greenLag: (stage: number) => number = () => 5;
  /** Client metrics on green are missing (a broken pipeline): the gates cannot decide. */
  greenClientMetricsMissing = false;
  /** Blue's ClientConnectionCount minimum per broker and minute; 0 (every service left) unless a test says otherwise. */
  blueClients: (broker: string, at: number) => number | undefined = () => 0;
  /** Move hooks the deployment allows, and the invocations they got. */
  allowedHooks: string[] = [];
  readonly hooks = new FakeMoveHooks();
  /** Runs before each ConfirmMoves poll: what the moved applications do meanwhile. */
  beforeMovePoll: (call: number) => void = () => undefined;
  /** What Step Functions says of another execution that holds the lock (preflight asks). */
  executionStatus: (executionArn: string) => ExecutionStatus = () => 'RUNNING';
  stage = -1;
  now = T0;
  #bakeMs = 0;
  #writtenAt = 0;
  /** The wait the last control check asked for: the BakeStage Wait, as the clock sees it. */
  #checkWaitMs = 0;
  /** Control checks made, and the decisions they returned, in order. */
  readonly controlDecisions: string[] = [];
  #pollMs = 60_000;
  #windowOpensAt = 0;
  #drainPolls = 0;

  constructor() {
    for (const g of [this.blue, this.green]) g.catchUp('billing', 'orders').catchUp('billing', 'payments');
    this.blue.produce('orders', 0, 500).catchUp('billing', 'orders');
    this.clusters.add({
      arn: BLUE_ARN,
      name: 'orders-blue',
      state: 'ACTIVE',
      currentVersion: 'K3AEGXETSR30VB',
      kafkaVersion: '3.7.x',
      metadataMode: 'ZOOKEEPER',
    });
    this.clusters.add({
      arn: GREEN_ARN,
      name: 'orders-green',
      state: 'ACTIVE',
      currentVersion: 'K1XEJKTGE0JDLC',
      kafkaVersion: '4.0.x',
      metadataMode: 'KRAFT',
    });
    for (const name of ['orders-blue', 'orders-green']) {
      for (const topic of ['orders', 'payments']) {
        this.metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': name, 'Consumer Group': 'billing', Topic: topic });
      }
    }
    for (const broker of ['1', '2', '3']) {
      this.metrics.register('AWS/Kafka', 'ClientConnectionCount', {
        'Cluster Name': 'orders-blue',
        'Broker ID': broker,
        'Client Authentication': 'SASL/SCRAM',
      });
    }
    this.metrics.source = (q, at) => this.#metric(q, at);
  }

  #metric(query: MetricQuery, at: number): number | undefined {
    if (query.metricName === 'ClientConnectionCount') return this.blueClients(query.dimensions['Broker ID'] ?? '', at);
    const green = query.dimensions['Cluster Name'] === 'orders-green' || query.dimensions.Cluster === 'green';
    if (query.metricName === 'ClientOperations') return green && this.greenClientMetricsMissing ? undefined : 100;
    if (query.metricName === 'ClientErrors') return green && this.greenClientMetricsMissing ? undefined : 0;
    if (query.metricName === 'EstimatedMaxTimeLag') return 1;
    return green ? this.greenLag(this.stage) : 5;
  }

  readonly clock = { now: () => this.now };

  #wrap(key: keyof RolloutHandlers, handler: StepHandler): StepHandler {
    return async (event) => {
      const call = (this.calls[key] ?? 0) + 1;
      this.calls[key] = call;
      await this.before[key]?.(call, event);
      const fault = this.faults[key]?.(call, event);
      if (fault) throw fault;
      return this.answers[key]?.(call, event) ?? handler(event);
    };
  }

  handlers(): RolloutHandlers {
    this.#handlers ??= this.#build();
    return this.#handlers;
  }

  /** An operator rolls back from the CLI while the rollout runs. */
  async rollbackNow(reason = 'operator saw errors'): Promise<unknown> {
    return this.handlers().rollback({ source: 'operator', migration: 'orders', reason, actor: 'bob' });
  }

  #build(): RolloutHandlers {
    const common = { routing: this.store, flags: this.store, clock: this.clock, prefix: PREFIX, logger: silent };
    const kafka = async (_plan: unknown, side: 'blue' | 'green') => (side === 'blue' ? this.blue : this.green);
    const preflight = createPreflightHandler({
      ...common,
      clusters: this.clusters,
      kafka,
      executions: { describeExecution: async (arn) => this.executionStatus(arn) },
    });
    const setRouting = createSetRoutingHandler({ ...common, metrics: this.metrics, namespace: 'KraftCanary' });
    const gates = createEvaluateGatesHandler({ metrics: this.metrics, catalog: this.metrics, namespace: 'KraftCanary', clock: this.clock, logger: silent });
    const drain = createConfirmDrainHandler({ kafka, metrics: this.metrics, catalog: this.metrics, clock: this.clock, logger: silent });
    const decommission = createDecommissionHandler({
      routing: this.store,
      clusters: this.clusters,
      kafka,
      archive: this.archive,
      metrics: this.metrics,
      catalog: this.metrics,
      clock: this.clock,
      logger: silent,
    });
    const requestMoves = createRequestMovesHandler({
      hooks: this.hooks,
      allowedHooks: this.allowedHooks,
      clock: this.clock,
      logger: silent,
    });
    const confirmMoves = createConfirmMovesHandler({ kafka, clock: this.clock, logger: silent });
    const releaseLock = createReleaseLockHandler({ flags: this.store, prefix: PREFIX, logger: silent });
    const notifier = { notify: async (n: Notification) => void this.notifications.push(n) };
    const rollback = createRollbackHandler({
      ...common,
      executions: {
        stopExecution: async (arn: string) => {
          this.stopped.push(arn);
          if (this.abortOnStop) this.#running?.abort('stopped by the rollback');
        },
        describeExecution: async (arn: string) => this.executionStatus(arn),
        // The stopped run here is not aborted: it drains green itself, so no finish is started.
        executionInput: async () => null,
        startExecution: async () => Promise.reject(new Error('no finish-rollback execution in this world')),
      },
      notifier,
      metrics: this.metrics,
      namespace: 'KraftCanary',
      context: {},
    });
    const threads = new Map<string, NotificationThread>();
    const notifyHandler = createNotifyHandler({
      api: {
        postMessage: async (m) => {
          this.slackPosts.push({ channel: m.channel, text: m.text, ...(m.threadTs ? { threadTs: m.threadTs } : {}) });
          return { channel: m.channel, ts: String(this.slackPosts.length) };
        },
        updateMessage: async () => undefined,
        userGroupMembers: async () => [],
        respond: async () => undefined,
      },
      threads: { get: async (m) => threads.get(m) ?? null, put: async (m, t) => void threads.set(m, t) },
      logger: silent,
    });
    const channel = { post: async () => undefined, settle: async () => undefined, tell: async () => undefined, groupMembers: async () => [] };
    const request = createRequestApprovalHandler({
      approvals: this.approvalStore,
      channel,
      clock: this.clock,
      logger: silent,
      newApprovalId: () => `a${this.approvalRequests.length}`,
      stillPaused: async (migration) => (await this.store.get(`${PREFIX}/${migration}/paused`)) !== null,
    });
    const controls = createCheckControlsHandler({ flags: this.store, clock: this.clock, logger: silent, prefix: PREFIX });
    return {
      preflight: this.#wrap('preflight', async (e) => {
        const out = (await preflight(e, middyContext)) as { kind: string; windowOpensAt?: string };
        if (out.kind === 'ready' && out.windowOpensAt) this.#windowOpensAt = Date.parse(out.windowOpensAt);
        return out;
      }),
      setRouting: this.#wrap('setRouting', async (e) => {
        this.now = Math.max(this.now, this.#windowOpensAt) + 1000;
        const out = (await setRouting(e, middyContext)) as { kind: string; bakeSeconds?: number; stageIndex?: number; windowOpensAt?: string };
        if (out.kind === 'written') {
          this.#bakeMs = (out.bakeSeconds ?? 0) * 1000;
          this.#writtenAt = this.now;
          this.#checkWaitMs = 0;
          this.stage = out.stageIndex ?? this.stage;
        }
        if (out.kind === 'outside-window' && out.windowOpensAt) this.#windowOpensAt = Date.parse(out.windowOpensAt);
        return out;
      }),
      evaluateGates: this.#wrap('evaluateGates', async (e) => {
        // The control checks moved the clock through the bake; a bake without them did not.
        this.now = Math.max(this.now, this.#writtenAt + this.#bakeMs);
        return gates(e, middyContext);
      }),
      checkControls: this.#wrap('checkControls', async (e) => {
        this.now += this.#checkWaitMs;
        const out = (await controls(e, middyContext)) as { kind: string; waitSeconds?: number };
        this.#checkWaitMs = out.kind === 'bake' ? (out.waitSeconds ?? 0) * 1000 : 0;
        this.controlDecisions.push(out.kind);
        return out;
      }),
      requestApproval: this.#wrap('requestApproval', async (e) => {
        this.approvalRequests.push(e);
        await request(e, middyContext);
        this.now += 60_000;
        return this.approve(e as Record<string, unknown>);
      }),
      notify: this.#wrap('notify', async (e) => {
        this.notifications.push(e as Notification);
        return notifyHandler(e, middyContext);
      }),
      confirmDrain: this.#wrap('confirmDrain', async (e) => {
        if (this.#drainPolls++ > 0) this.now += this.#pollMs;
        return drain(e, middyContext);
      }),
      requestMoves: this.#wrap('requestMoves', async (e) => requestMoves(e, middyContext)),
      confirmMoves: this.#wrap('confirmMoves', async (e) => {
        const call = this.calls.confirmMoves ?? 1;
        if (call > 1) this.now += this.#pollMs;
        this.beforeMovePoll(call);
        return confirmMoves(e, middyContext);
      }),
      decommission: this.#wrap('decommission', async (e) => decommission(e, middyContext)),
      releaseLock: this.#wrap('releaseLock', async (e) => releaseLock(e, middyContext)),
      rollback: this.#wrap('rollback', async (e) => rollback(e, middyContext)),
    };
  }

  run(
    plan: Partial<PlanInput> = {},
    options: { executionArn?: string; acknowledgeRollback?: boolean; input?: Record<string, unknown> } = {},
  ): Promise<RolloutResult> {
    const input = options.input ?? { plan: planInput(plan), requestedBy: 'alice', ...(options.acknowledgeRollback ? { acknowledgeRollback: true } : {}) };
    this.#drainPolls = 0;
    this.largestStateBytes = 0;
    const onState = (_name: string, state: unknown) => {
      this.largestStateBytes = Math.max(this.largestStateBytes, Buffer.byteLength(JSON.stringify(state) ?? '', 'utf8'));
    };
    this.#running = new AbortController();
    return runRollout({ input, handlers: this.handlers(), executionArn: options.executionArn ?? EXECUTION_ARN, onState, signal: this.#running.signal });
  }

  /** Every routing document written, oldest first. */
  documents(): RoutingDocument[] {
    return this.store.history('orders').flatMap((v) => {
      const parsed = parseRoutingDocument(v.text);
      return parsed.ok ? [parsed.value] : [];
    });
  }

  latest(): RoutingDocument | undefined {
    return this.documents().at(-1);
  }

  route(): string[] {
    return this.documents().map((d) => `${d.phase}:${d.producers.greenPercent}`);
  }

  lock(): Promise<string | null> {
    return this.store.get(`${PREFIX}/orders/lock`);
  }
}
