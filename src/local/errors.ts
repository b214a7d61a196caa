/** Errors of the local adapters (the in-process Kafka mock cluster and the rehearsal's stores). */

/** librdkafka (the library that provides the local Kafka broker) could not be loaded. */
export class LibrdkafkaMissingError extends Error {
  override readonly name = 'LibrdkafkaMissingError';
  readonly installCommand = 'apt-get install -y librdkafka1';
  constructor(library: string, options?: { cause?: unknown }) {
    super(
      `cannot load ${library}, the library that provides the local Kafka broker; install it with: apt-get install -y librdkafka1 (Debian/Ubuntu, as root)`,
      options,
    );
  }
}

/** koffi, the optional package through which the local Kafka broker is reached, is not installed. */
export class KoffiMissingError extends Error {
  override readonly name = 'KoffiMissingError';
  readonly installCommand = 'npm install koffi';
  constructor(options?: { cause?: unknown }) {
    super('the local Kafka broker needs the optional package koffi; install it with: npm install koffi', options);
  }
}

/** A call into librdkafka's mock cluster failed. */
export class MockClusterError extends Error {
  override readonly name = 'MockClusterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The rollout definition cannot be bound to local handlers (a Task without a Lambda, a missing handler). */
export class RolloutDefinitionError extends Error {
  override readonly name = 'RolloutDefinitionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
