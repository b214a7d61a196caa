import { KafkaClient } from '@aws-sdk/client-kafka';
import { awsClient } from './aws-client.ts';

/**
 * The MSK control-plane client of the Lambda functions, on MSK's dual-stack endpoint
 * (`kafka-api.<region>.api.aws`): the name that MSK's interface VPC endpoint
 * (`aws.api.<region>.kafka-api`) answers for, and reachable through NAT as well.
 */
export const mskClient = (): KafkaClient => awsClient(KafkaClient, { useDualstackEndpoint: true });
