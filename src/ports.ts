/**
 * Ports: the only way the controller, the client library and the rehearsal reach the outside
 * world. Production adapters live in src/aws/, src/kafka/ and src/slack/; the rehearsal's in
 * src/local/; unit tests use aws-sdk-client-mock under the AWS adapters or plain fakes here.
 * Declared once, here. Add a port in its own headed section.
 */
import type { RoutingDocument } from './domain/routing-document.ts';

// ---------------------------------------------------------------------------------------------
// Time and randomness (injected so that nothing hard-wires Date.now, setTimeout or Math.random)

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Uniform in [0, 1). */
export type Random = () => number;

export const systemClock: Clock = { now: () => Date.now() };
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// ---------------------------------------------------------------------------------------------
// Routing document storage (SSM Parameter Store in production)

/** What a client reads: the raw parameter text, or null when the parameter does not exist. */
export interface RoutingSource {
  fetch(signal?: AbortSignal): Promise<string | null>;
}

/** One stored version of the routing parameter (SSM keeps a version number per write). */
export interface StoredRouting {
  readonly version: number;
  /** Raw text as stored; parse with parseRoutingDocument. */
  readonly text: string;
}

/**
 * The controller's view of the routing parameter. SSM has no compare-and-set, so writers
 * detect races after the fact through the version history (see docs/rollback.md).
 */
export interface RoutingStore {
  /** Latest version, or null when the parameter does not exist yet. */
  read(migration: string): Promise<StoredRouting | null>;
  /** Unconditional write (PutParameter Overwrite: true); returns the new version. */
  write(migration: string, document: RoutingDocument): Promise<number>;
  /** Versions after `afterVersion`, oldest first (GetParameterHistory). */
  historySince(migration: string, afterVersion: number): Promise<StoredRouting[]>;
}

/**
 * A create-only flag (PutParameter Overwrite: false): the rollout lock and the rollback marker
 * are both built on it, because SSM offers no other atomic primitive.
 */
export interface CreateOnlyFlags {
  /** Creates the flag with a value; false when it already exists. */
  create(name: string, value: string): Promise<boolean>;
  /** The flag's value, or null when absent. */
  get(name: string): Promise<string | null>;
  /** Deletes the flag; a missing flag is not an error. */
  remove(name: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Kafka cluster inspection (kafkajs admin in src/kafka/; fakes in tests)

export interface TopicPartitionInfo {
  readonly partition: number;
  readonly replicas: number;
}

export interface TopicDescription {
  readonly name: string;
  readonly partitions: readonly TopicPartitionInfo[];
  /** Non-default topic-level configs; undefined when the broker cannot describe configs. */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface PartitionOffsets {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

export interface GroupPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** Committed offset; null when the group never committed on this partition. */
  readonly committed: number | null;
}

export interface NewTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface KafkaAdminPort {
  /** Topic names, internal topics (leading "__") excluded. */
  listTopics(): Promise<string[]>;
  describeTopics(names: readonly string[]): Promise<TopicDescription[]>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Group ids, or null when the broker does not support ListGroups. */
  listGroups(): Promise<string[] | null>;
  groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffset[]>;
  createTopics(topics: readonly NewTopicSpec[]): Promise<void>;
  alterTopicConfigs(topic: string, configs: Readonly<Record<string, string>>): Promise<void>;
  disconnect(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Amazon MSK control plane (@aws-sdk/client-kafka in src/aws/)

export interface ClusterDescription {
  readonly arn: string;
  readonly name: string;
  /** ACTIVE, CREATING, UPDATING, DELETING, FAILED, ... */
  readonly state: string;
  readonly currentVersion: string;
  readonly kafkaVersion?: string;
  /** 'KRAFT' or 'ZOOKEEPER' when MSK reports it. */
  readonly metadataMode?: 'KRAFT' | 'ZOOKEEPER';
  readonly brokerCount?: number;
  readonly instanceType?: string;
  readonly storageGiB?: number;
  readonly authentication?: readonly string[];
  readonly subnets?: readonly string[];
  readonly securityGroups?: readonly string[];
}

export interface ClusterRegistry {
  describe(arn: string): Promise<ClusterDescription>;
  /** DeleteCluster guarded by CurrentVersion (MSK refuses when it no longer matches). */
  delete(arn: string, currentVersion: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Metrics (CloudWatch GetMetricData / PutMetricData in src/aws/)

export interface MetricPoint {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly value: number;
}

export interface MetricQuery {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Maximum' | 'Sum' | 'Average' | 'Minimum';
  readonly periodSeconds: number;
}

export interface MetricsReader {
  /** Points per query id over [start, end] (epoch ms), oldest first; a missing id means no data. */
  read(queries: readonly MetricQuery[], start: number, end: number): Promise<Record<string, MetricPoint[]>>;
}

export interface MetricsWriter {
  put(
    namespace: string,
    metrics: readonly { name: string; value: number; unit?: string; dimensions: Readonly<Record<string, string>> }[],
  ): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Step Functions executions (@aws-sdk/client-sfn in src/aws/)

export type TaskDecision = 'accepted' | 'already-decided';

/** DescribeExecution's status; NOT_FOUND when Step Functions knows no such execution (any more). */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'NOT_FOUND';

export interface ExecutionControl {
  /** A closed task (TaskTimedOut, TaskDoesNotExist) answers 'already-decided', not an error. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<TaskDecision>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<TaskDecision>;
  /** Stops a running execution; one already finished is not an error. */
  stopExecution(executionArn: string, cause: string): Promise<void>;
  startExecution(stateMachineArn: string, name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }>;
  /** Whether an execution still runs (an execution stopped from outside never released its lock). */
  describeExecution(executionArn: string): Promise<ExecutionStatus>;
  /**
   * The input an execution was started with, parsed from its JSON (a rollback that stopped a
   * rollout starts the finish-rollback execution on the same plan); null when Step Functions
   * knows no such execution or returns no input.
   */
  executionInput(executionArn: string): Promise<unknown>;
}

// ---------------------------------------------------------------------------------------------
// Notifications (Slack in src/slack/; a console or in-memory notifier locally)

export interface Notification {
  readonly migration: string;
  readonly kind: 'routing-changed' | 'gate-result' | 'hold' | 'rollback' | 'drain' | 'complete' | 'decommission' | 'approval';
  /** Plain text, no secrets. */
  readonly text: string;
  readonly fields?: Readonly<Record<string, string | number>>;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Consumer group state (kafkajs admin DescribeGroups in src/kafka/; fakes in tests)

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

// ---------------------------------------------------------------------------------------------
// Schema Registry (Confluent-compatible REST API in src/schema-registry/)

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface RegisteredSchema {
  readonly subject: string;
  readonly version: number;
  /** Global schema id: every serialized message carries it. */
  readonly id: number;
  readonly schema: string;
  /** AVRO when the registry omits it. */
  readonly schemaType: string;
  readonly references: readonly SchemaReference[];
}

export interface SchemaRegistryPort {
  /** Live (not soft-deleted) subjects. */
  subjects(): Promise<string[]>;
  versions(subject: string): Promise<number[]>;
  schema(subject: string, version: number): Promise<RegisteredSchema>;
  /** The global level without a subject; a subject's own level, or null when it inherits. */
  compatibility(subject?: string): Promise<string | null>;
  setCompatibility(level: string, subject?: string): Promise<void>;
  /** The global mode without a subject; a subject's own mode, or null when it inherits. */
  mode(subject?: string): Promise<string | null>;
  /** `force` lets IMPORT be set on a subject that already holds schemas. */
  setMode(mode: string, subject: string, options?: { force?: boolean }): Promise<void>;
  /** Drops a subject's own mode so that it inherits the global one again. */
  clearMode(subject: string): Promise<void>;
  /** Registers under the given id and version; the subject must be in IMPORT mode. */
  importSchema(schema: RegisteredSchema): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Lambda triggers on Kafka (Lambda event source mappings, @aws-sdk/client-lambda in src/aws/)

export interface LambdaKafkaTrigger {
  readonly uuid: string;
  readonly functionArn: string;
  readonly sourceArn: string;
  readonly topics: readonly string[];
  /** AmazonManagedKafkaEventSourceConfig.ConsumerGroupId; Lambda uses the uuid when absent. */
  readonly consumerGroupId?: string;
  readonly batchSize?: number;
  readonly batchingWindowSeconds?: number;
  /** TRIM_HORIZON or LATEST. */
  readonly startingPosition?: string;
  /** Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting. */
  readonly state: string;
  /** SourceAccessConfigurations (e.g. SASL_SCRAM_512_AUTH with a secret ARN). */
  readonly sourceAccess: readonly { readonly type: string; readonly uri: string }[];
  readonly filterPatterns: readonly string[];
  readonly onFailureDestination?: string;
}

export type NewLambdaKafkaTrigger = Omit<LambdaKafkaTrigger, 'uuid' | 'state'> & {
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly enabled: boolean;
};

export interface LambdaKafkaTriggers {
  /** Every event source mapping whose source is this cluster ARN. */
  list(sourceArn: string): Promise<LambdaKafkaTrigger[]>;
  /** Creates a mapping; returns its uuid. */
  create(trigger: NewLambdaKafkaTrigger): Promise<string>;
  enable(uuid: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Structured logging (JSON lines to CloudWatch Logs in Lambda; captured in tests)

/** Fields are values for dashboards, never raw errors, tokens, secrets or request bodies. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

// ---------------------------------------------------------------------------------------------
// Approvals (SSM SecureString records in src/aws/, Slack in src/slack/, in memory locally)

/** A secret by parameter name (SSM SecureString with decryption); adapters may cache. */
export interface SecretSource {
  get(name: string): Promise<string>;
}

export interface Approvers {
  readonly users: readonly string[];
  readonly userGroup?: string;
}

/** What the state machine waits on; everything needed to resume it without the Slack message. */
export interface ApprovalRecord {
  readonly approvalId: string;
  readonly migration: string;
  readonly kind: 'stage' | 'decommission';
  readonly stageIndex: number;
  readonly fromPercent: number;
  readonly toPercent: number;
  readonly executionArn: string;
  readonly channel: string | null;
  readonly approvers: Approvers;
  /** Step Functions task token: leaves the store only towards SendTaskSuccess/Failure. */
  readonly taskToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly onTimeout: 'hold' | 'rollback' | null;
  /** Where the request was posted (chat.postMessage's channel and ts), so a CLI decision can edit it. */
  readonly message?: ApprovalMessageRef;
  /** The facts the request showed, kept only while the record stays small, to re-render it when settled. */
  readonly evidence?: ApprovalContext;
}

export interface ApprovalMessageRef {
  readonly channel: string;
  readonly ts: string;
}

export type ApprovalAction = 'approve' | 'reject' | 'roll-back';

export interface ApprovalDecision {
  readonly action: ApprovalAction;
  /** Slack user id or IAM principal ARN. */
  readonly by: string;
  readonly byName?: string;
  readonly at: number;
  readonly via: 'slack' | 'cli';
  readonly reason?: string;
}

export interface ApprovalStore {
  put(record: ApprovalRecord): Promise<void>;
  /** Overwrites an existing record (adds the posted message's location). */
  update(record: ApprovalRecord): Promise<void>;
  get(migration: string, approvalId: string): Promise<ApprovalRecord | null>;
  /** Every stored record of a migration (pending or expired), oldest first. */
  list(migration: string): Promise<ApprovalRecord[]>;
  /** Deletes the record (and with it the task token); a missing record is not an error. */
  remove(migration: string, approvalId: string): Promise<void>;
  /**
   * Create-only: the first decision wins; a later caller gets the winning decision back. The
   * approval's `expiresAt` is stored with the decision: once past, the decision may be swept.
   */
  claim(
    migration: string,
    approvalId: string,
    decision: ApprovalDecision,
    expiresAt: number,
  ): Promise<{ won: true } | { won: false; winner: ApprovalDecision }>;
  decision(migration: string, approvalId: string): Promise<ApprovalDecision | null>;
  /** Withdraws a claim whose decision could not be delivered, so that it can be retried. */
  release(migration: string, approvalId: string): Promise<void>;
}

/** Facts shown with an approval request; not stored (the record stays small). */
export interface ApprovalContext {
  readonly gate: import('./domain/gates.ts').GateResult | null;
  readonly bakeSeconds: number;
}

/** A reply only the clicking person sees. */
export type ApprovalAnswer =
  | { readonly kind: 'already-decided'; readonly decision: ApprovalDecision }
  | { readonly kind: 'expired'; readonly expiresAt: number }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-an-approver' }
  | { readonly kind: 'failed'; readonly action: ApprovalAction };

/** The original approval message as the click delivered it (opaque to the controller). */
export interface OriginalMessage {
  readonly text?: string;
  readonly blocks?: readonly unknown[];
}

/** Where approvals are asked and answered (Slack in src/slack/). */
export interface ApprovalChannel {
  /**
   * Posts the request with Approve / Reject / Roll back now buttons to record.channel. Returns
   * where it went when the channel can tell (Slack); channels without messages return nothing.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: channels without a message to point at (the rehearsal's) return nothing
  post(record: ApprovalRecord, context: ApprovalContext): Promise<ApprovalMessageRef | void>;
  /**
   * Replaces the original message: who decided and when, buttons removed. `applied` is false
   * when the workflow had stopped waiting (timed out or stopped) before the decision arrived.
   */
  settle(responseUrl: string, original: OriginalMessage, record: ApprovalRecord, decision: ApprovalDecision, applied: boolean): Promise<void>;
  tell(responseUrl: string, answer: ApprovalAnswer): Promise<void>;
  /** Member user ids of a user group. */
  groupMembers(userGroup: string): Promise<readonly string[]>;
}

/** A click that passed verification and authorisation, handed to a later invocation. */
export interface ApprovalJob {
  readonly migration: string;
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  readonly responseUrl: string;
  readonly original: OriginalMessage;
}

export interface ApprovalJobQueue {
  enqueue(job: ApprovalJob): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Notification threads (SSM String `<prefix>/<migration>/slack-thread` in src/aws/)

/** Where a migration's notifications go: one Slack thread per migration. */
export interface NotificationThread {
  readonly channel: string;
  readonly ts: string;
}

export interface NotificationThreads {
  get(migration: string): Promise<NotificationThread | null>;
  put(migration: string, thread: NotificationThread): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Metric discovery (CloudWatch ListMetrics in src/aws/): which dimension sets exist, e.g. the
// topics a consumer group reports lag for, or a cluster's broker ids

export interface MetricsCatalog {
  /** Dimension sets of the metrics that match every given dimension (extra dimensions allowed). */
  dimensionSets(namespace: string, metricName: string, match: Readonly<Record<string, string>>): Promise<Record<string, string>[]>;
}

// ---------------------------------------------------------------------------------------------
// Audit archive (versioned S3 bucket in src/aws/): records that must outlive what they describe

export interface AuditArchive {
  /** Stores a JSON document under the key; returns the object version when the bucket keeps one. */
  put(key: string, document: unknown): Promise<{ key: string; versionId?: string }>;
}

// ---------------------------------------------------------------------------------------------
// Routing source failures: what a RoutingSource adapter throws, so that the client's routing
// watcher can back off and report without knowing which store (SSM, memory) it reads

export type RoutingSourceFailureKind = 'throttled' | 'unavailable' | 'timeout' | 'access-denied' | 'other';

/** Carried by errors that RoutingSource.fetch throws (duck-typed: any error with these fields). */
export interface RoutingSourceFailure {
  readonly kind: RoutingSourceFailureKind;
  /** True when the same read may succeed later without anyone changing anything. */
  readonly retriable: boolean;
}

// ---------------------------------------------------------------------------------------------
// Alarm states (CloudWatch DescribeAlarms in src/aws/; set by hand or by the rehearsal locally):
// a rollout must not start while its composite alarm is already in ALARM, since no new alarm
// event would fire while it stays there

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmStatus {
  readonly state: AlarmStateValue;
  /** CloudWatch's state reason (metric values, triggering alarms); no secrets. */
  readonly reason: string;
  /** When the alarm entered this state (epoch ms). */
  readonly since: number;
}

export interface AlarmStates {
  /** A metric or composite alarm's current state, or null when no alarm has that name. */
  status(alarmName: string): Promise<AlarmStatus | null>;
}

// ---------------------------------------------------------------------------------------------
// Execution inspection (DescribeExecution, GetExecutionHistory in src/aws/): read-only, for an
// operator asking where a rollout is; nothing here changes an execution

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly name: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. */
  readonly status: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  /** The execution input as JSON text (the plan and who asked); null when not returned. */
  readonly input: string | null;
  /** The error name a failed execution ended with (its cause is not carried: it may quote raw errors). */
  readonly error: string | null;
}

/** A state entered or exited, as the execution history records it. */
export interface ExecutionStateEvent {
  readonly kind: 'entered' | 'exited';
  readonly state: string;
  /** Epoch ms. */
  readonly at: number;
  /** The state's output JSON text on exit; null on entry or when the history leaves it out. */
  readonly output: string | null;
}

export interface ExecutionInspector {
  /** null when Step Functions knows no execution with that ARN. */
  describe(executionArn: string): Promise<ExecutionDescription | null>;
  /** State entries and exits, newest first, from at most the last `maxEvents` history events. */
  recentStates(executionArn: string, maxEvents: number): Promise<ExecutionStateEvent[]>;
}

// ---------------------------------------------------------------------------------------------
// Approval housekeeping (SSM GetParametersByPath + DeleteParameters in src/aws/): approval
// records and decision parameters are swept once their approval expired, and a decision made
// with the CLI edits the Slack message (chat.update) the buttons are in

/** One stored approval record or decision parameter, with what decides when it may go. */
export interface StoredApprovalEntry {
  readonly kind: 'record' | 'decision';
  readonly approvalId: string;
  /** The approval's expiry (epoch ms); null when the entry does not say (unreadable, older format). */
  readonly expiresAt: number | null;
  /** The execution that asked (records only; null for decisions or when unreadable). */
  readonly executionArn: string | null;
}

export interface ApprovalHousekeeping {
  /** Every approval record and decision parameter of a migration. */
  entries(migration: string): Promise<StoredApprovalEntry[]>;
  /** Deletes entries in batches of ten; entries already gone count as deleted. */
  delete(migration: string, entries: readonly StoredApprovalEntry[]): Promise<{ deleted: number; failed: number }>;
}

/** Replaces a posted approval request with the decision (who, when, buttons removed). */
export interface ApprovalMessageEditor {
  settle(record: ApprovalRecord & { readonly message: ApprovalMessageRef }, decision: ApprovalDecision, applied: boolean): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Deployment hardening: ports added for a first real deployment, kept in this one block so
// that the split of this file into src/ports/ can move them as a unit

/**
 * The routing parameter's first write is create-only (PutParameter Overwrite: false): no stack
 * and no racing writer owns the live document, and the first document never overwrites one.
 */
export interface RoutingCreation {
  /** Creates the parameter with its first document; its version, or null when it already exists. */
  createFirst(migration: string, document: RoutingDocument): Promise<number | null>;
}

/**
 * Lambda delivers an asynchronous event at least once: a create-only mark per approval job,
 * so that a job delivered twice is applied, and shown in Slack, once.
 */
export interface ApprovalJobMarks {
  /** True for the first taker of this job; false when it was taken up already. Kept until `expiresAt`. */
  takeJob(migration: string, approvalId: string, jobId: string, expiresAt: number): Promise<boolean>;
  /** Withdraws the mark of a job that failed, with its claim, so that the same click can be retried. */
  releaseJob(migration: string, approvalId: string, jobId: string): Promise<void>;
}
