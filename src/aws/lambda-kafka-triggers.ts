import {
  CreateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  type SourceAccessType,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaKafkaTrigger, LambdaKafkaTriggers, NewLambdaKafkaTrigger } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

export function toLambdaKafkaTrigger(m: EventSourceMappingConfiguration): LambdaKafkaTrigger {
  const group = m.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId;
  const onFailure = m.DestinationConfig?.OnFailure?.Destination;
  return {
    uuid: m.UUID ?? '',
    functionArn: m.FunctionArn ?? '',
    sourceArn: m.EventSourceArn ?? '',
    topics: m.Topics ?? [],
    ...(group ? { consumerGroupId: group } : {}),
    ...(m.BatchSize === undefined ? {} : { batchSize: m.BatchSize }),
    ...(m.MaximumBatchingWindowInSeconds === undefined ? {} : { batchingWindowSeconds: m.MaximumBatchingWindowInSeconds }),
    ...(m.StartingPosition ? { startingPosition: m.StartingPosition } : {}),
    state: m.State ?? 'Unknown',
    sourceAccess: (m.SourceAccessConfigurations ?? []).map((a) => ({ type: a.Type ?? '', uri: a.URI ?? '' })),
    filterPatterns: (m.FilterCriteria?.Filters ?? []).flatMap((f) => (f.Pattern ? [f.Pattern] : [])),
    ...(onFailure ? { onFailureDestination: onFailure } : {}),
  };
}

/** Lambda event source mappings on MSK clusters (ListEventSourceMappings, Create, Update). */
export class LambdaEventSourceTriggers implements LambdaKafkaTriggers {
  readonly #client: LambdaClient;

  constructor(client: LambdaClient) {
    this.#client = client;
  }

  async list(sourceArn: string): Promise<LambdaKafkaTrigger[]> {
    const found: LambdaKafkaTrigger[] = [];
    let marker: string | undefined;
    do {
      try {
        const page = await this.#client.send(new ListEventSourceMappingsCommand({ EventSourceArn: sourceArn, Marker: marker, MaxItems: 100 }));
        found.push(...(page.EventSourceMappings ?? []).map(toLambdaKafkaTrigger));
        marker = page.NextMarker;
      } catch (error) {
        throw translateAwsError('ListEventSourceMappings', error);
      }
    } while (marker);
    return found;
  }

  async create(t: NewLambdaKafkaTrigger): Promise<string> {
    try {
      const created = await this.#client.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: t.sourceArn,
          FunctionName: t.functionArn,
          Topics: [...t.topics],
          Enabled: t.enabled,
          StartingPosition: t.startingPosition,
          BatchSize: t.batchSize,
          MaximumBatchingWindowInSeconds: t.batchingWindowSeconds,
          ...(t.consumerGroupId ? { AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: t.consumerGroupId } } : {}),
          SourceAccessConfigurations: t.sourceAccess.map((a) => ({ Type: a.type as SourceAccessType, URI: a.uri })),
          ...(t.filterPatterns.length > 0 ? { FilterCriteria: { Filters: t.filterPatterns.map((Pattern) => ({ Pattern })) } } : {}),
          ...(t.onFailureDestination ? { DestinationConfig: { OnFailure: { Destination: t.onFailureDestination } } } : {}),
        }),
      );
      return created.UUID ?? '';
    } catch (error) {
      throw translateAwsError('CreateEventSourceMapping', error);
    }
  }

  async enable(uuid: string): Promise<void> {
    try {
      await this.#client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    } catch (error) {
      throw translateAwsError('UpdateEventSourceMapping', error);
    }
  }
}
