import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { type ApprovalJobEvent, isApprovalJobEvent, LambdaApprovalJobQueue, readApprovalJob } from '../src/aws/lambda-approval-job-queue.ts';
import { SfnExecutionControl } from '../src/aws/sfn-execution-control.ts';
import { SsmApprovalStore } from '../src/aws/ssm-approval-store.ts';
import { SsmNotificationThreads } from '../src/aws/ssm-notification-threads.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { type AcceptApprovalClickPorts, acceptApprovalClick, type ClickOutcome } from '../src/controller/approvals/accept-approval-click.ts';
import { type CompleteApprovalClickPorts, completeApprovalClick } from '../src/controller/approvals/complete-approval-click.ts';
import { type AcceptControlClickPorts, acceptControlClick, type ControlClickOutcome } from '../src/controller/controls/accept-control-click.ts';
import { resumeHold } from '../src/controller/controls/resume-hold.ts';
import { rollback } from '../src/controller/rollback/rollback.ts';
import { botTokenParameter, metricsNamespace, parameterPrefix, signingSecretParameter } from '../src/environment.ts';
import { parseInteraction } from '../src/slack/approval-click.ts';
import { createSlackApprovalChannel } from '../src/slack/slack-approval-channel.ts';
import { createSlackApprovalMessageEditor } from '../src/slack/slack-approval-message-editor.ts';
import { createSlackControlReplies } from '../src/slack/slack-control-replies.ts';
import { createSlackNotifier } from '../src/slack/slack-notifier.ts';
import { type HttpApiEvent, type HttpResponse, type SlackVerificationOptions, slackVerification } from '../src/slack/verify-request.ts';
import { createSlackWebApi } from '../src/slack/web-api.ts';

export type SlackInteractionsPorts = AcceptApprovalClickPorts &
  CompleteApprovalClickPorts &
  SlackVerificationOptions & {
    /** The stage messages' Pause / Promote / Step back: the CLI's control use case, behind the same verification. */
    readonly controls: Omit<AcceptControlClickPorts, 'channel' | 'logger' | 'clock'>;
  };

const STATUS: Record<ClickOutcome['kind'], number> = { accepted: 200, 'already-decided': 200, expired: 200, unknown: 403, forbidden: 403 };
/** Applied or refused, the reply tells the user; only a click nobody may make here is refused with 403. */
const CONTROL_STATUS: Record<ControlClickOutcome['kind'], number> = { applied: 200, refused: 200, busy: 200, forbidden: 403, 'no-rollout': 403 };

const reply = (statusCode: number, body = ''): HttpResponse => ({ statusCode, headers: { 'content-type': 'text/plain' }, body });

/**
 * Slack's interactivity endpoint (HTTP API → this function) and, invoked asynchronously by
 * itself, the slow half of each accepted click. HTTP requests pass signature verification
 * before anything reads them; the job events come only from the function's own invocation.
 */
export function createSlackInteractionsHandler(ports: SlackInteractionsPorts) {
  const accept = acceptApprovalClick(ports);
  const complete = completeApprovalClick(ports);
  const control = acceptControlClick({ ...ports.controls, channel: ports.channel, logger: ports.logger, clock: ports.clock });
  const http = middy<HttpApiEvent, HttpResponse>()
    .use(slackVerification(ports))
    .use({
      onError: (request) => {
        ports.logger.error('slack interaction failed', { error: (request.error as Error | undefined)?.name ?? 'unknown' });
        return reply(500, 'internal error');
      },
    })
    .handler(async (event) => {
      const parsed = parseInteraction(event.body ?? '');
      if (parsed.kind === 'malformed') {
        ports.logger.warn('slack interaction refused', { reason: 'malformed-payload' });
        return reply(400, 'bad request');
      }
      if (parsed.kind === 'ignored') return reply(200);
      if (parsed.kind === 'control') return reply(CONTROL_STATUS[(await control(parsed.click)).kind]);
      const outcome = await accept(parsed.click);
      return reply(STATUS[outcome.kind]);
    });
  const jobs = async (event: ApprovalJobEvent): Promise<void> => {
    const job = readApprovalJob(event);
    if (job === null) {
      ports.logger.error('approval job dropped: invalid');
      return;
    }
    await complete(job);
  };
  return async (event: unknown, context: unknown): Promise<HttpResponse | undefined> => {
    if (isApprovalJobEvent(event)) return jobs(event).then(() => undefined);
    return http(event as HttpApiEvent, context as never);
  };
}

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const secrets = new SsmSecretSource(ssm);
const botTokenName = botTokenParameter(process.env, prefix);
const slack = createSlackWebApi({ token: () => secrets.get(botTokenName) });
const executions = new SfnExecutionControl(awsClient(SFNClient));
const routing = new SsmRoutingStore(ssm, prefix);
const logger = createJsonLogger({ function: 'slack-interactions' });
const approvals = new SsmApprovalStore(ssm, prefix);
const notifier = createSlackNotifier({ api: slack, threads: new SsmNotificationThreads(ssm, prefix), logger });

// "Roll back now" runs the same rollback use case as the alarm path, with the same adapters.
const rollBackNow = rollback({
  routing,
  flags: routing,
  executions,
  notifier,
  metrics: new CloudWatchMetrics(awsClient(CloudWatchClient)),
  namespace: metricsNamespace(process.env),
  logger,
  clock: systemClock,
  prefix,
});

export const handler = createSlackInteractionsHandler({
  approvals,
  channel: createSlackApprovalChannel(slack),
  queue: new LambdaApprovalJobQueue(awsClient(LambdaClient), process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'slackInteractions'),
  executions,
  rollBack: (input) => rollBackNow({ ...input, clusterInstability: false }),
  clock: systemClock,
  logger,
  secrets,
  signingSecretName: signingSecretParameter(process.env, prefix),
  controls: {
    routing,
    flags: routing,
    executions,
    prefix,
    replies: createSlackControlReplies(slack),
    notifier,
    resumeHold: resumeHold({ approvals, executions, clock: systemClock, messages: createSlackApprovalMessageEditor(slack) }),
  },
});
