/** Errors of the local adapters (the in-process Kafka mock cluster and the rehearsal's stores). */
import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** librdkafka (the library that provides the local Kafka broker) could not be loaded. */
export class LibrdkafkaMissingError extends KraftCanaryError {
  override readonly name = 'LibrdkafkaMissingError';
  readonly installCommand = 'apt-get install -y librdkafka1';
  constructor(library: string, options?: KraftCanaryErrorOptions) {
    super(
      `cannot load ${library}, the library that provides the local Kafka broker; install it with: apt-get install -y librdkafka1 (Debian/Ubuntu, as root)`,
      options,
    );
  }
}

/** koffi, the optional package through which the local Kafka broker is reached, is not installed. */
export class KoffiMissingError extends KraftCanaryError {
  override readonly name = 'KoffiMissingError';
  readonly installCommand = 'npm install koffi';
  constructor(options?: KraftCanaryErrorOptions) {
    super('the local Kafka broker needs the optional package koffi; install it with: npm install koffi', options);
  }
}

/** A call into librdkafka's mock cluster failed. */
export class MockClusterError extends KraftCanaryError {
  override readonly name = 'MockClusterError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** The rollout definition cannot be bound to local handlers (a Task without a Lambda, a missing handler). */
export class RolloutDefinitionError extends KraftCanaryError {
  override readonly name = 'RolloutDefinitionError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}
