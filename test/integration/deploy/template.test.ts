import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRolloutDefinition } from '../../../src/local/rollout-definition.ts';
import { type CfnResource, CI_PACKAGE_DIR, ciPackage } from '../../support/package-template.ts';

/**
 * Assertions on the CloudFormation template that `osls package --stage ci` writes. The
 * template is rebuilt when it is missing or older than anything it is made from.
 */
type Resource = CfnResource;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
let resources: Record<string, Resource>;
let stackTags: Record<string, string> | undefined;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const statements = (role: Resource): Statement[] =>
  list((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
const resourceText = (r: unknown): string => {
  if (typeof r === 'string') return r;
  const sub = (r as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return JSON.stringify(r);
};
const functionRole = (fn: string): Resource => {
  const role = resources[`${fn}IamRoleLambdaExecution`];
  if (role === undefined) throw new Error(`no role for ${fn}`);
  return role;
};

/** Fn::Sub placeholder of the region. */
const REGION = '$' + '{AWS::Region}';

/** The ARN prefix of this stack's Step Functions resources, as Fn::Sub text. */
const STATES = ['arn:', '{AWS::Partition}:states:', '{AWS::Region}:', '{AWS::AccountId}'].join('$');

/**
 * Actions AWS authorizes on no resource at all: "*" is the only resource they accept. The state
 * machine's role gets the CloudWatch Logs delivery actions its logging needs (the Step Functions
 * guide's logging policy grants them on "*") and, with tracing, X-Ray's.
 */
const RESOURCELESS = new Set([
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'cloudwatch:PutMetricData',
  'lambda:ListEventSourceMappings',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
]);

beforeAll(() => {
  const packaged = ciPackage();
  resources = packaged.template.Resources;
  stackTags = packaged.stackTags;
}, 320_000);

describe('deployment template (osls package --stage ci)', () => {
  it('no role grants a wildcard action', () => {
    const wild = ofType('AWS::IAM::Role').flatMap(([id, role]) =>
      statements(role).flatMap((s) =>
        list(s.Action)
          .filter((a) => a.includes('*'))
          .map((a) => `${id}: ${a}`),
      ),
    );
    expect(wild).toEqual([]);
  });

  it('every role is scoped: "*" only for actions without resource-level permissions, no wildcard account or region', () => {
    const loose = ofType('AWS::IAM::Role').flatMap(([id, role]) =>
      statements(role).flatMap((s) =>
        list(s.Resource).flatMap((r) => {
          const text = resourceText(r);
          if (text === '*') return list(s.Action).every((a) => RESOURCELESS.has(a)) ? [] : [`${id}: * for ${list(s.Action).join(',')}`];
          const [, , service, region, account] = text.split(':');
          return [service, region, account].some((part) => part?.includes('*')) ? [`${id}: ${text}`] : [];
        }),
      ),
    );
    expect(loose).toEqual([]);
    const putMetrics = ofType('AWS::IAM::Role').flatMap(([, role]) => statements(role).filter((s) => list(s.Action).includes('cloudwatch:PutMetricData')));
    expect(putMetrics.length).toBeGreaterThan(0);
    expect(putMetrics.every((s) => JSON.stringify(s.Condition).includes('cloudwatch:namespace'))).toBe(true);
  });

  it('only the functions that reach Kafka run in the VPC and carry the VPC managed policy', () => {
    const inVpc = ofType('AWS::Lambda::Function')
      .filter(([, f]) => f.Properties.VpcConfig !== undefined)
      .map(([id]) => id)
      .sort();
    expect(inVpc).toEqual([
      'ConfirmDrainLambdaFunction',
      'ConfirmMovesLambdaFunction',
      'DecommissionLambdaFunction',
      'PreflightLambdaFunction',
      'PublishRoutingLambdaFunction',
      'SetRoutingLambdaFunction',
    ]);
    const managed = ofType('AWS::IAM::Role').flatMap(([, role]) => list((role.Properties.ManagedPolicyArns ?? []) as unknown[]).map((a) => JSON.stringify(a)));
    expect(managed.every((a) => a.includes('AWSLambdaVPCAccessExecutionRole'))).toBe(true);
  });

  it("VPC endpoints (vpcEndpoints: all): ssm, monitoring, kafka-api, states, lambda, secretsmanager, sts in the functions' subnets, HTTPS from their groups only, and the S3 gateway", () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(
      ([, r]) =>
        r.Properties as {
          ServiceName: { 'Fn::Sub': string };
          VpcEndpointType: string;
          SubnetIds?: string[];
          SecurityGroupIds?: unknown[];
          RouteTableIds?: string[];
          PrivateDnsEnabled?: boolean;
        },
    );
    const interfaces = endpoints.filter((e) => e.VpcEndpointType === 'Interface');
    expect(interfaces.map((e) => e.ServiceName['Fn::Sub']).sort()).toEqual(
      [
        `aws.api.${REGION}.kafka-api`,
        ...['lambda', 'monitoring', 'secretsmanager', 'ssm', 'states', 'sts'].map((svc) => `com.amazonaws.${REGION}.${svc}`),
      ].sort(),
    );
    const fn = resources.PreflightLambdaFunction!.Properties.VpcConfig as { SubnetIds: string[]; SecurityGroupIds: string[] };
    for (const e of interfaces) {
      expect(e.SubnetIds).toEqual(fn.SubnetIds);
      expect(e.SecurityGroupIds).toEqual([{ Ref: 'VpcEndpointSecurityGroup' }]);
      expect(e.PrivateDnsEnabled).toBe(true);
    }
    const group = resources.VpcEndpointSecurityGroup!.Properties as {
      SecurityGroupIngress: { FromPort: number; ToPort: number; SourceSecurityGroupId: string }[];
    };
    expect(group.SecurityGroupIngress.map((r) => [r.FromPort, r.ToPort, r.SourceSecurityGroupId])).toEqual(fn.SecurityGroupIds.map((sg) => [443, 443, sg]));
    const gateway = endpoints.filter((e) => e.VpcEndpointType === 'Gateway');
    expect(gateway.map((e) => [e.ServiceName['Fn::Sub'], e.RouteTableIds])).toEqual([
      [`com.amazonaws.${REGION}.s3`, ['rtb-0a1b2c3d4e5f60718', 'rtb-0b1c2d3e4f5a60719']],
    ]);
  });

  it('operations: the state machine logs errors to its own log group and traces (stateMachineTracing), alarms watch every function and failed runs', () => {
    const machine = resources.RolloutStateMachine!.Properties as { LoggingConfiguration: unknown; TracingConfiguration: unknown };
    expect(machine.LoggingConfiguration).toEqual({
      Level: 'ERROR',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['RolloutStateMachineLogGroup', 'Arn'] } } }],
    });
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(resources.RolloutStateMachineLogGroup?.Properties).toEqual({
      LogGroupName: '/aws/vendedlogs/states/kraft-canary-ci-orders-kraft',
      RetentionInDays: 90,
    });
    const watched = (alarm: Resource) => JSON.stringify(alarm.Properties.Metrics);
    const lambdaAlarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => String(a.Properties.AlarmName).includes('.operations.lambda-errors'));
    for (const [id] of ofType('AWS::Lambda::Function'))
      expect(
        lambdaAlarms.some(([, a]) => watched(a).includes(`{"Ref":"${id}"}`)),
        id,
      ).toBe(true);
    const runs = resources.RolloutExecutionsFailedAlarm as Resource;
    expect(watched(runs)).toContain('"ExecutionsFailed"');
    expect(watched(runs)).toContain('"ExecutionsTimedOut"');
    expect(watched(runs)).toContain('{"Ref":"RolloutStateMachine"}');
  });

  it("no role without a user (the framework's shared role is gone), and every resource is tagged with the migration", () => {
    const text = JSON.stringify(Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, { ...r, Type: undefined }])));
    for (const [id] of ofType('AWS::IAM::Role')) {
      const uses = text.split(`"${id}"`).length - 1;
      expect(uses, id).toBeGreaterThan(1);
    }
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
    expect(stackTags).toMatchObject({ Application: 'kraft-canary', Migration: 'orders-kraft', Stage: 'ci' });
  });

  it('each function ships its own bundle; source maps only where they are loaded (not the 3-second Slack path)', () => {
    const functions = ofType('AWS::Lambda::Function');
    const keys = functions.map(([, f]) => JSON.stringify((f.Properties.Code as { S3Key: unknown }).S3Key));
    expect(new Set(keys).size).toBe(functions.length);
    for (const [id, fn] of functions) {
      const env = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      const zip = join(CI_PACKAGE_DIR, `${id.replace(/LambdaFunction$/, '').replace(/^./, (c) => c.toLowerCase())}.zip`);
      const files = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
      const slack = id === 'SlackInteractionsLambdaFunction';
      expect(
        files.some((f) => f.endsWith('.js.map')),
        id,
      ).toBe(!slack);
      expect(env.NODE_OPTIONS, id).toBe(slack ? undefined : '--enable-source-maps');
    }
  });

  it('every function runs on nodejs22.x or newer', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(15);
    for (const [, fn] of functions) expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
  });

  it('the schedule starts the rollout state machine with a plan, through a role that may do nothing else (but send its dead letter)', () => {
    const schedule = resources.RolloutSchedule?.Properties as { Target: { Arn: unknown; RoleArn: unknown; Input: string }; State: string };
    expect(schedule.Target.Arn).toEqual({ Ref: 'RolloutStateMachine' });
    expect(schedule.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['RolloutSchedulerRole', 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toMatchObject({ plan: { migration: 'orders-kraft' }, requestedBy: expect.stringContaining('schedule') });
    const role = resources.RolloutSchedulerRole as Resource;
    expect(statements(role)).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [{ Ref: 'RolloutStateMachine' }] },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['AsyncFailureQueue', 'Arn'] }] },
    ]);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    expect(resources.RolloutStateMachine?.Type).toBe('AWS::StepFunctions::StateMachine');
  });

  it('every gate metric has an alarm or a dashboard widget', () => {
    const alarmed = new Set(
      ofType('AWS::CloudWatch::Alarm').flatMap(([, a]) =>
        list((a.Properties.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) =>
          m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
        ),
      ),
    );
    const body = String(((resources.RolloutDashboard as Resource).Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub']);
    const covered = (metric: string) => alarmed.has(metric) || body.includes(`"${metric}"`);
    for (const metric of [
      'MaxOffsetLag',
      'EstimatedMaxTimeLag',
      'ClientErrors',
      'ClientOperations',
      'OfflinePartitionsCount',
      'ActiveControllerCount',
      'UnderReplicatedPartitions',
      'CanaryGreenPercent',
      'GateResult',
    ]) {
      expect(covered(metric), metric).toBe(true);
    }
    const lagClusters = ofType('AWS::CloudWatch::Alarm')
      .map(([, a]) => String(a.Properties.AlarmName))
      .filter((n) => n.includes('.lag.'));
    expect(lagClusters.some((n) => n.includes('.lag.blue.'))).toBe(true);
    expect(lagClusters.some((n) => n.includes('.lag.green.'))).toBe(true);
  });

  it('one composite alarm covers every metric alarm of the migration', () => {
    const [[, composite] = ['', undefined]] = ofType('AWS::CloudWatch::CompositeAlarm');
    // Operational alarms (failed asynchronous work) tell a person; they never roll back.
    const rollbackAlarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => !String(a.Properties.AlarmName).includes('.operations.'));
    const names = rollbackAlarms.map(([, a]) => String(a.Properties.AlarmName));
    expect(ofType('AWS::CloudWatch::CompositeAlarm')).toHaveLength(1);
    expect(composite?.Properties.AlarmName).toBe('kraft-canary-ci.orders-kraft.rollback');
    for (const name of names) expect(String(composite?.Properties.AlarmRule)).toContain(`ALARM("${name}")`);
    expect(String(composite?.Properties.AlarmRule)).not.toContain('.operations.');
    for (const [, alarm] of rollbackAlarms) {
      expect(['missing', 'notBreaching']).toContain(alarm.Properties.TreatMissingData);
      expect(Number(alarm.Properties.DatapointsToAlarm)).toBeGreaterThan(1);
    }
  });

  it('the alarm rule sends the composite alarm into ALARM to the rollback function', () => {
    const rule = (resources.RollbackAlarmRule as Resource).Properties as { EventPattern: unknown; Targets: { Arn: unknown }[] };
    expect(rule.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { alarmName: ['kraft-canary-ci.orders-kraft.rollback'], state: { value: ['ALARM'] } },
    });
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['RollbackLambdaFunction', 'Arn'] });
    expect((resources.RollbackAlarmRulePermission as Resource).Properties).toMatchObject({ Principal: 'events.amazonaws.com' });
  });

  it('a rule sends every FAILED, TIMED_OUT or ABORTED execution of this state machine to ExecutionEnded (States.ALL cannot catch DataLimitExceeded or Runtime)', () => {
    const rule = (resources.ExecutionEndedRule as Resource).Properties as { EventPattern: unknown; Targets: { Arn: unknown }[] };
    expect(rule.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: 'RolloutStateMachine' }] },
    });
    expect(rule.Targets.map((t) => t.Arn)).toEqual([{ 'Fn::GetAtt': ['ExecutionEndedLambdaFunction', 'Arn'] }]);
    expect((resources.ExecutionEndedRulePermission as Resource).Properties).toMatchObject({
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['ExecutionEndedRule', 'Arn'] },
    });
    const env = (resources.ExecutionEndedLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.MIGRATION).toBe('orders-kraft');
  });

  it('nothing asynchronous is dropped: rule targets, the schedule and async invocations fail into one queue, whose depth alarms', () => {
    const queue = { 'Fn::GetAtt': ['AsyncFailureQueue', 'Arn'] };
    expect(resources.AsyncFailureQueue?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    // The publisher's triggers are best effort by design: a dropped one is repeated by the next
    // minute's re-publish, and clients poll SSM meanwhile (docs/client.md, Push).
    const rules = ofType('AWS::Events::Rule').filter(([id]) => !/publishrouting/i.test(id));
    expect(rules.map(([id]) => id).sort()).toEqual(['ExecutionEndedRule', 'RollbackAlarmRule']);
    for (const [id, rule] of rules)
      for (const target of rule.Properties.Targets as { DeadLetterConfig?: unknown }[]) expect(target.DeadLetterConfig, id).toEqual({ Arn: queue });
    const policy = JSON.stringify(resources.AsyncFailureQueuePolicy?.Properties.PolicyDocument);
    for (const [id] of rules) expect(policy).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect((resources.RolloutSchedule!.Properties.Target as { DeadLetterConfig: unknown }).DeadLetterConfig).toEqual({ Arn: queue });
    expect(statements(resources.RolloutSchedulerRole as Resource)).toContainEqual({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queue] });
    for (const fn of ['Rollback', 'SlackInteractions', 'ExecutionEnded']) {
      const config = ofType('AWS::Lambda::EventInvokeConfig').find(([, r]) => JSON.stringify(r.Properties.FunctionName).includes(`${fn}LambdaFunction`));
      expect(config?.[1].Properties.DestinationConfig, fn).toEqual({ OnFailure: { Destination: queue } });
      expect(
        statements(functionRole(fn)).some((st) => list(st.Action).includes('sqs:SendMessage') && JSON.stringify(st.Resource) === JSON.stringify([queue])),
        fn,
      ).toBe(true);
    }
    const alarm = resources.AsyncFailureQueueAlarm!.Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(String(alarm.AlarmName)).toBe('kraft-canary-ci.orders-kraft.operations.async-failures');
  });

  it('rollbacks have reserved concurrency, and a Slack decision job older than a few minutes is never run', () => {
    expect(Number(resources.RollbackLambdaFunction!.Properties.ReservedConcurrentExecutions)).toBeGreaterThan(0);
    const slack = ofType('AWS::Lambda::EventInvokeConfig').find(([, r]) =>
      JSON.stringify(r.Properties.FunctionName).includes('SlackInteractionsLambdaFunction'),
    );
    expect(Number(slack?.[1].Properties.MaximumEventAgeInSeconds)).toBeLessThanOrEqual(300);
  });

  it('SecureStrings under the customer managed key (secretsKmsKeyArn): readers may decrypt, the approval writer encrypt, only through SSM, and records name the key', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';
    const kmsOf = (fn: string) => statements(functionRole(fn)).filter((st) => list(st.Resource).includes(key));
    for (const fn of ['Preflight', 'RequestApproval', 'SlackInteractions', 'Notify', 'ReleaseLock', 'Rollback', 'ExecutionEnded']) {
      const grants = kmsOf(fn);
      expect(grants.length, fn).toBe(1);
      expect(list(grants[0]!.Action), fn).toEqual(fn === 'RequestApproval' ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt']);
      expect(grants[0]!.Condition, fn).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Sub': `ssm.${REGION}.amazonaws.com` } } });
    }
    for (const fn of ['SetRouting', 'EvaluateGates', 'ConfirmDrain', 'Decommission']) expect(kmsOf(fn), fn).toEqual([]);
    const env = (resources.RequestApprovalLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.SSM_KMS_KEY_ID).toBe(key);
  });

  it("the rollback function may only touch the migration's parameters, stop and describe the rollout's executions and start the rollout state machine", () => {
    const allowed = new Set([
      'ssm:GetParameter',
      'ssm:PutParameter',
      'ssm:GetParameterHistory',
      'ssm:DeleteParameter',
      'states:StopExecution',
      'states:DescribeExecution',
      'states:StartExecution',
      'cloudwatch:PutMetricData',
      'sqs:SendMessage',
      'kms:Decrypt',
    ]);
    const own = statements(functionRole('Rollback')).filter((s) => !list(s.Action).every((a) => a.startsWith('logs:')));
    expect(own.flatMap((s) => list(s.Action)).filter((a) => !allowed.has(a))).toEqual([]);
    for (const s of own.filter((st) => list(st.Action).some((a) => a.startsWith('ssm:')))) {
      for (const r of list(s.Resource))
        expect(resourceText(r)).toMatch(/:parameter\/kraft-canary\/(orders-kraft\/(routing|lock|rolled-back|slack-thread)|slack\/bot-token)$/);
    }
    const on = (action: string) => own.filter((s) => list(s.Action).includes(action)).map((s) => list(s.Resource).map(resourceText));
    expect(on('states:StopExecution')).toEqual([[`${STATES}:execution:kraft-canary-ci-orders-kraft:*`]]);
    expect(on('states:DescribeExecution')).toEqual([[`${STATES}:execution:kraft-canary-ci-orders-kraft:*`]]);
    expect(on('states:StartExecution')).toEqual([[`${STATES}:stateMachine:kraft-canary-ci-orders-kraft`]]);
  });

  it('set-routing may read both clusters and the SCRAM secret, and enable event source mappings of this account and region only', () => {
    const own = statements(functionRole('SetRouting'));
    const grants = (action: string) => own.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource).map(resourceText));
    const cluster = (name: string) => expect.stringMatching(new RegExp(`^arn:aws:kafka:eu-west-1:111122223333:cluster/${name}/`));
    expect(grants('kafka-cluster:Connect')).toEqual([cluster('orders-zk'), cluster('orders-kraft')]);
    for (const action of ['kafka-cluster:DescribeCluster', 'kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeGroup'])
      expect(grants(action)).toHaveLength(2);
    expect(own.flatMap((s) => list(s.Action)).filter((a) => /^kafka-cluster:(Create|Alter|Write|Delete)/.test(a))).toEqual([]);
    expect(grants('secretsmanager:GetSecretValue')).toEqual(['arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_orders-canary-AbCdEf']);
    expect(grants('lambda:ListEventSourceMappings')).toEqual(['*']);
    expect(grants('lambda:UpdateEventSourceMapping')).toEqual([
      `arn:$${['{AWS::Partition}:lambda:', '{AWS::Region}:', '{AWS::AccountId}:event-source-mapping:*'].join('$')}`,
    ]);
    expect(own.flatMap((s) => list(s.Action)).filter((a) => a.startsWith('lambda:'))).toEqual([
      'lambda:ListEventSourceMappings',
      'lambda:UpdateEventSourceMapping',
    ]);
    expect(grants('ssm:PutParameter').every((r) => r.endsWith('/orders-kraft/routing'))).toBe(true);
  });

  /** Read-only Kafka data plane, as src/deploy/kafka-access.ts grants it. */
  const KAFKA_READ = [
    'kafka-cluster:Connect',
    'kafka-cluster:DescribeCluster',
    'kafka-cluster:DescribeTopic',
    'kafka-cluster:DescribeTopicDynamicConfiguration',
    'kafka-cluster:DescribeGroup',
  ];
  const SCRAM = ['secretsmanager:GetSecretValue', 'kms:Decrypt'];
  /** The approval records' writer, under the customer managed secrets key (standard and advanced SecureStrings). */
  const SECRETS_KEY_WRITE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
  const grantsOf: Record<string, { actions: string[]; parameters: string[] }> = {
    Preflight: {
      actions: [
        'ssm:GetParameter',
        'ssm:PutParameter',
        'ssm:GetParameterHistory',
        'ssm:DeleteParameter',
        'kafka:DescribeClusterV2',
        'kafka:ListScramSecrets',
        'lambda:ListEventSourceMappings',
        'cloudwatch:DescribeAlarms',
        'states:DescribeExecution',
        ...KAFKA_READ,
        'kafka-cluster:CreateTopic',
        'kafka-cluster:AlterTopicDynamicConfiguration',
        ...SCRAM,
      ],
      parameters: ['orders-kraft/routing', 'orders-kraft/lock', 'orders-kraft/rolled-back', 'orders-kraft/schema-registry/*', 'orders-kraft/lock-takeover/*'],
    },
    SetRouting: {
      actions: [
        'ssm:GetParameter',
        'ssm:PutParameter',
        'ssm:GetParameterHistory',
        'cloudwatch:PutMetricData',
        'lambda:ListEventSourceMappings',
        'lambda:UpdateEventSourceMapping',
        ...KAFKA_READ,
        ...SCRAM,
      ],
      parameters: ['orders-kraft/routing', 'orders-kraft/rolled-back'],
    },
    EvaluateGates: { actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudwatch:PutMetricData'], parameters: [] },
    RequestApproval: {
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:GetParameter', ...SECRETS_KEY_WRITE],
      parameters: ['orders-kraft/approvals/*', 'slack/bot-token', 'orders-kraft/paused'],
    },
    CheckControls: { actions: ['ssm:GetParameter', 'ssm:DeleteParameter'], parameters: ['orders-kraft/paused', 'orders-kraft/control'] },
    SlackInteractions: {
      actions: [
        'ssm:GetParameter',
        'ssm:PutParameter',
        'ssm:DeleteParameter',
        'ssm:GetParameterHistory',
        'lambda:InvokeFunction',
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'states:StopExecution',
        'states:DescribeExecution',
        'states:StartExecution',
        'cloudwatch:PutMetricData',
        'sqs:SendMessage',
        'kms:Decrypt',
      ],
      parameters: [
        'slack/signing-secret',
        'slack/bot-token',
        'orders-kraft/approvals/*',
        'orders-kraft/approval-decisions/*',
        'orders-kraft/slack-thread',
        'orders-kraft/routing',
        'orders-kraft/lock',
        'orders-kraft/rolled-back',
        'orders-kraft/paused',
        'orders-kraft/control',
        'orders-kraft/control-lock',
        'orders-kraft/control-lock-takeover/*',
      ],
    },
    Notify: { actions: ['ssm:GetParameter', 'ssm:PutParameter', 'kms:Decrypt'], parameters: ['slack/bot-token', 'orders-kraft/slack-thread'] },
    ConfirmDrain: { actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', ...KAFKA_READ, ...SCRAM], parameters: [] },
    RequestMoves: { actions: ['lambda:InvokeFunction'], parameters: [] },
    ConfirmMoves: { actions: [...KAFKA_READ, ...SCRAM], parameters: [] },
    Decommission: {
      actions: [
        'ssm:GetParameter',
        'cloudwatch:GetMetricData',
        'cloudwatch:ListMetrics',
        'kafka:DescribeClusterV2',
        'kafka:DeleteCluster',
        's3:PutObject',
        ...KAFKA_READ,
        ...SCRAM,
      ],
      parameters: ['orders-kraft/routing'],
    },
    ReleaseLock: {
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter', 'ssm:GetParametersByPath', 'ssm:DeleteParameters', 'kms:Decrypt'],
      parameters: [
        'orders-kraft/lock',
        'orders-kraft/approvals',
        'orders-kraft/approval-decisions',
        'orders-kraft/approvals/*',
        'orders-kraft/approval-decisions/*',
      ],
    },
    Rollback: {
      actions: [
        'ssm:GetParameter',
        'ssm:PutParameter',
        'ssm:GetParameterHistory',
        'ssm:DeleteParameter',
        'states:StopExecution',
        'states:DescribeExecution',
        'states:StartExecution',
        'cloudwatch:PutMetricData',
        'sqs:SendMessage',
        'kms:Decrypt',
      ],
      parameters: ['orders-kraft/routing', 'orders-kraft/lock', 'orders-kraft/rolled-back', 'slack/bot-token', 'orders-kraft/slack-thread'],
    },
    ExecutionEnded: {
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter', 'ssm:PutParameter', 'sqs:SendMessage', 'kms:Decrypt'],
      parameters: ['orders-kraft/lock', 'orders-kraft/routing', 'slack/bot-token', 'orders-kraft/slack-thread'],
    },
    PublishRouting: {
      actions: ['ssm:GetParameter', 'cloudwatch:PutMetricData', 'kafka-cluster:Connect', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData', ...SCRAM],
      parameters: ['orders-kraft/routing'],
    },
  };

  it('the publisher may write the control topic alone, on each cluster, and is triggered by the routing parameter and a schedule', () => {
    const own = statements(functionRole('PublishRouting'));
    const grants = (action: string) => own.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource).map(resourceText));
    const topic = (name: string) => expect.stringMatching(new RegExp(`^arn:aws:kafka:eu-west-1:111122223333:topic/${name}/[0-9a-f-]+/__kraft-canary-routing$`));
    expect(grants('kafka-cluster:WriteData')).toEqual([topic('orders-zk'), topic('orders-kraft')]);
    expect(grants('kafka-cluster:DescribeTopic')).toEqual([topic('orders-zk'), topic('orders-kraft')]);
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    const patterns = rules.map((r) => r.Properties.EventPattern).filter((p) => p !== undefined) as Record<string, unknown>[];
    expect(patterns).toContainEqual({
      source: ['aws.ssm'],
      'detail-type': ['Parameter Store Change'],
      detail: { name: ['/kraft-canary/orders-kraft/routing'], operation: ['Create', 'Update'] },
    });
    expect(rules.map((r) => r.Properties.ScheduleExpression)).toContain('rate(1 minute)');
  });

  it.each(Object.entries(grantsOf))('%s may call exactly what its adapters call, on its own parameters only', (fn, expected) => {
    const own = statements(functionRole(fn)).filter((s) => !list(s.Action).every((a) => a.startsWith('logs:')));
    expect(new Set(own.flatMap((s) => list(s.Action)))).toEqual(new Set(expected.actions));
    const parameters = own.flatMap((s) => list(s.Resource).map(resourceText)).filter((r) => r.includes(':parameter/'));
    expect(new Set(parameters.map((r) => r.replace(/^.*:parameter\/kraft-canary\//, '')))).toEqual(new Set(expected.parameters));
  });

  it('request-moves may invoke exactly the moverHooks, and is told which', () => {
    const invoke = statements(functionRole('RequestMoves')).filter((s) => list(s.Action).includes('lambda:InvokeFunction'));
    expect(invoke.map((s) => list(s.Resource).map(resourceText))).toEqual([['arn:aws:lambda:eu-west-1:111122223333:function:orders-scorer-move']]);
    const env = (resources.RequestMovesLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.MOVER_HOOKS).toBe('arn:aws:lambda:eu-west-1:111122223333:function:orders-scorer-move');
  });

  it("preflight may describe the migration's composite alarm only, and knows its name prefix", () => {
    const describeAlarms = statements(functionRole('Preflight')).filter((s) => list(s.Action).includes('cloudwatch:DescribeAlarms'));
    expect(describeAlarms.map((s) => list(s.Resource).map(resourceText))).toEqual([
      [`${STATES.replace(':states:', ':cloudwatch:')}:alarm:kraft-canary-ci.orders-kraft.rollback`],
    ]);
    const env = (resources.PreflightLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.ALARM_PREFIX).toBe('kraft-canary-ci');
    expect(ofType('AWS::CloudWatch::CompositeAlarm')[0]?.[1].Properties.AlarmName).toBe(`${env.ALARM_PREFIX}.orders-kraft.rollback`);
  });

  it("preflight may describe this state machine's executions only (is the lock's holder still running?) and claim takeovers create-only", () => {
    const own = statements(functionRole('Preflight'));
    const describeExecution = own.filter((s) => list(s.Action).includes('states:DescribeExecution'));
    expect(describeExecution.map((s) => list(s.Resource).map(resourceText))).toEqual([[`${STATES}:execution:kraft-canary-ci-orders-kraft:*`]]);
    const takeovers = own.filter((s) => list(s.Resource).some((r) => resourceText(r).endsWith('/lock-takeover/*')));
    expect(takeovers.map((s) => list(s.Action))).toEqual([['ssm:PutParameter']]);
  });

  it('decommission deletes only blue, reads only blue, and writes snapshots under <migration>/decommission/ only', () => {
    const own = statements(functionRole('Decommission'));
    const on = (action: string) => own.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource).map(resourceText));
    const blue = 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders-zk/0b0e8a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-1';
    expect(on('kafka:DeleteCluster')).toEqual([blue]);
    expect(on('kafka-cluster:Connect')).toEqual([blue]);
    // Fn::Sub text: the bucket's ARN attribute, then the key pattern.
    expect(on('s3:PutObject')).toEqual(['$' + '{AuditBucket.Arn}/*/decommission/*']);
    // Blue's ClientConnectionCount: neither call supports a resource-level permission.
    expect([on('cloudwatch:GetMetricData'), on('cloudwatch:ListMetrics')]).toEqual([['*'], ['*']]);
    expect(on('cloudwatch:PutMetricData')).toEqual([]);
  });

  it('Slack interactions: approval decisions by path, metrics in our namespace, and asynchronous jobs never retried', () => {
    const own = statements(functionRole('SlackInteractions'));
    const decisions = own.filter((s) => list(s.Resource).some((r) => resourceText(r).endsWith('/approval-decisions/*')));
    expect(decisions.flatMap((s) => list(s.Action)).sort()).toEqual(['ssm:DeleteParameter', 'ssm:GetParameter', 'ssm:PutParameter']);
    const metrics = own.filter((s) => list(s.Action).includes('cloudwatch:PutMetricData'));
    expect(metrics.map((s) => s.Condition)).toEqual([{ StringEquals: { 'cloudwatch:namespace': 'KraftCanary' } }]);
    const config = ofType('AWS::Lambda::EventInvokeConfig').find(([, r]) =>
      JSON.stringify(r.Properties.FunctionName).includes('SlackInteractionsLambdaFunction'),
    );
    expect(config?.[1].Properties.MaximumRetryAttempts).toBe(0);
  });

  it('release-lock lists the approval folders by path and deletes in them only; the lock stays its only single-name grant', () => {
    const own = statements(functionRole('ReleaseLock'));
    const on = (action: string) => own.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource).map(resourceText));
    const base = `${STATES.replace(':states:', ':ssm:')}:parameter/kraft-canary/orders-kraft`;
    expect(on('ssm:GetParametersByPath')).toEqual([`${base}/approvals`, `${base}/approval-decisions`]);
    expect(on('ssm:DeleteParameters')).toEqual([`${base}/approvals/*`, `${base}/approval-decisions/*`]);
    expect(on('ssm:DeleteParameter')).toEqual([`${base}/lock`]);
  });

  it('Slack interactions may answer task tokens of this state machine only, named by hand', () => {
    const send = statements(functionRole('SlackInteractions')).filter((s) => list(s.Action).includes('states:SendTaskSuccess'));
    expect(send.map((s) => list(s.Resource).map(resourceText))).toEqual([[`${STATES}:stateMachine:kraft-canary-ci-orders-kraft`]]);
    expect(resources.RolloutStateMachine?.Properties.StateMachineName).toBe('kraft-canary-ci-orders-kraft');
    expect(resources.HttpApiRoutePostSlackInteractions?.Properties.RouteKey).toBe('POST /slack/interactions');
  });

  it('the deployed state machine is the ASL file with every Task bound to a function of this stack', () => {
    const [text, params] = (resources.RolloutStateMachine!.Properties.DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] })['Fn::Sub'];
    const definition = JSON.parse(text) as { States: Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }> };
    const placeholders = [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] as string);
    expect(placeholders.filter((p) => !(p in params))).toEqual([]);
    const target = (ref: string | undefined) => {
      const key = /^\$\{(.+)\}$/.exec(ref ?? '')?.[1];
      return key === undefined ? ref : params[key];
    };
    const functions = new Set(ofType('AWS::Lambda::Function').map(([id]) => id));
    const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(15);
    for (const [name, state] of tasks) {
      const callback = state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken';
      const bound = target(callback ? state.Parameters?.FunctionName : state.Resource) as { 'Fn::GetAtt'?: [string, string] } | undefined;
      expect(bound?.['Fn::GetAtt']?.[1], name).toBe('Arn');
      expect(functions.has(bound?.['Fn::GetAtt']?.[0] ?? ''), name).toBe(true);
    }
    const local = loadRolloutDefinition().definition as { States: Record<string, unknown> };
    expect(Object.keys(definition.States).sort()).toEqual(Object.keys(local.States).sort());
  });

  it('the audit bucket is versioned, encrypted, private and kept', () => {
    const bucket = resources.AuditBucket as Resource;
    expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('aws:kms');
  });

  it('retained resources are RetainExceptOnCreate: a failed first create leaves nothing behind to block the retry', () => {
    const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete');
    expect(retained.map(([id]) => id)).toContain('AuditBucket');
    for (const [id, r] of retained) expect(r.DeletionPolicy, id).toBe('RetainExceptOnCreate');
  });

  it('no template change can write the routing document: no resource of the stack names the routing parameter', () => {
    // Only IAM policies may mention it (the functions that write it) and the rule that matches its
    // change events; an SSM parameter, a custom resource or anything else carrying the name
    // could write it on a stack update.
    const naming = Object.entries(resources).filter(([, r]) => r.Type !== 'AWS::IAM::Role' && JSON.stringify(r).includes('orders-kraft/routing'));
    expect(naming.map(([id, r]) => [id, r.Type])).toEqual([['KraftcanaryciorderskraftpublishRoutingrule1EventBridgeRule', 'AWS::Events::Rule']]);
    expect(ofType('AWS::SSM::Parameter')).toEqual([]);
    expect(Object.values(resources).filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')).toEqual([]);
  });
});
