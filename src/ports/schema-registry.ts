/** Schema Registry (Confluent-compatible REST API in src/schema-registry/). */

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
