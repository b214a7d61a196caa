/** The registry answered with an HTTP error; `errorCode` is its `error_code` (e.g. 40401). */
export class SchemaRegistryHttpError extends Error {
  override readonly name = 'SchemaRegistryHttpError';
  readonly status: number;
  readonly errorCode: number | undefined;

  constructor(message: string, status: number, errorCode: number | undefined, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.errorCode = errorCode;
  }
}

export class SchemaRegistryTimeoutError extends Error {
  override readonly name = 'SchemaRegistryTimeoutError';
}

/** No HTTP answer at all: DNS, TLS or connection failure. */
export class SchemaRegistryUnreachableError extends Error {
  override readonly name = 'SchemaRegistryUnreachableError';
}

/** An answer that does not have the shape of the Confluent REST API. */
export class SchemaRegistryResponseError extends Error {
  override readonly name = 'SchemaRegistryResponseError';
}

/** The stored registry login is unusable; the message names the parameter, never its value. */
export class SchemaRegistryCredentialsError extends Error {
  override readonly name = 'SchemaRegistryCredentialsError';
}
