/** Lambda triggers on Kafka (Lambda event source mappings, @aws-sdk/client-lambda in src/aws/). */

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
