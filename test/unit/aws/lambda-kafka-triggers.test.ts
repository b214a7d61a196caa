import { CreateEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaEventSourceTriggers } from '../../../src/aws/lambda-kafka-triggers.ts';
import { BLUE_ARN, GREEN_ARN } from '../../support/rollout-fixtures.ts';

const lambda = mockClient(LambdaClient);
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_orders';

describe('LambdaEventSourceTriggers', () => {
  beforeEach(() => lambda.reset());

  it('lists every page of the mappings on a cluster ARN', async () => {
    // Prepare
    lambda
      .on(ListEventSourceMappingsCommand, { EventSourceArn: BLUE_ARN, Marker: undefined })
      .resolves({
        EventSourceMappings: [
          {
            UUID: 'u1',
            FunctionArn: FN,
            EventSourceArn: BLUE_ARN,
            Topics: ['orders'],
            BatchSize: 100,
            MaximumBatchingWindowInSeconds: 1,
            StartingPosition: 'LATEST',
            State: 'Enabled',
            AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'settle' },
            SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: SECRET }],
            FilterCriteria: { Filters: [{ Pattern: '{"value":{"a":[1]}}' }] },
            DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:eu-west-1:123456789012:dlq' } },
          },
        ],
        NextMarker: 'm2',
      })
      .on(ListEventSourceMappingsCommand, { EventSourceArn: BLUE_ARN, Marker: 'm2' })
      .resolves({ EventSourceMappings: [{ UUID: 'u2', FunctionArn: FN, EventSourceArn: BLUE_ARN, Topics: ['audit'], State: 'Disabled' }] });

    // Act
    const found = await new LambdaEventSourceTriggers(new LambdaClient({})).list(BLUE_ARN);

    // Assess
    expect(found).toEqual([
      {
        uuid: 'u1',
        functionArn: FN,
        sourceArn: BLUE_ARN,
        topics: ['orders'],
        consumerGroupId: 'settle',
        batchSize: 100,
        batchingWindowSeconds: 1,
        startingPosition: 'LATEST',
        state: 'Enabled',
        sourceAccess: [{ type: 'SASL_SCRAM_512_AUTH', uri: SECRET }],
        filterPatterns: ['{"value":{"a":[1]}}'],
        onFailureDestination: 'arn:aws:sqs:eu-west-1:123456789012:dlq',
      },
      { uuid: 'u2', functionArn: FN, sourceArn: BLUE_ARN, topics: ['audit'], state: 'Disabled', sourceAccess: [], filterPatterns: [] },
    ]);
  });

  it('creates a disabled twin with the same group, batching and auth', async () => {
    // Prepare
    lambda.on(CreateEventSourceMappingCommand).resolves({ UUID: 'new-uuid' });

    // Act
    const uuid = await new LambdaEventSourceTriggers(new LambdaClient({})).create({
      sourceArn: GREEN_ARN,
      functionArn: FN,
      topics: ['orders'],
      consumerGroupId: 'settle',
      batchSize: 100,
      startingPosition: 'TRIM_HORIZON',
      sourceAccess: [{ type: 'SASL_SCRAM_512_AUTH', uri: SECRET }],
      filterPatterns: [],
      enabled: false,
    });

    // Assess
    expect(uuid).toBe('new-uuid');
    expect(lambda.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input).toEqual({
      EventSourceArn: GREEN_ARN,
      FunctionName: FN,
      Topics: ['orders'],
      Enabled: false,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: undefined,
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'settle' },
      SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: SECRET }],
    });
  });

  it('enables a mapping by uuid and names the operation when a call fails', async () => {
    // Prepare
    lambda
      .on(UpdateEventSourceMappingCommand)
      .resolvesOnce({})
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const triggers = new LambdaEventSourceTriggers(new LambdaClient({}));

    // Act
    await triggers.enable('u1');
    const failure = await triggers.enable('u2').catch((e: unknown) => e);

    // Assess
    expect(lambda.commandCalls(UpdateEventSourceMappingCommand).map((c) => c.args[0].input)).toEqual([
      { UUID: 'u1', Enabled: true },
      { UUID: 'u2', Enabled: true },
    ]);
    expect(failure).toMatchObject({ name: 'AwsCallError', message: 'UpdateEventSourceMapping failed (AccessDeniedException)' });
  });
});
