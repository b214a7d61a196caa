import type { LambdaKafkaTrigger, LambdaKafkaTriggers, NewLambdaKafkaTrigger } from '../../../src/ports/index.ts';

/** Lambda event source mappings in memory; records every write. */
export class FakeTriggers implements LambdaKafkaTriggers {
  readonly mappings: LambdaKafkaTrigger[] = [];
  readonly writes: { op: string; args: unknown }[] = [];
  #next = 1;

  add(trigger: Partial<LambdaKafkaTrigger> & Pick<LambdaKafkaTrigger, 'sourceArn' | 'functionArn' | 'topics'>): this {
    this.mappings.push({ uuid: `uuid-${this.#next++}`, state: 'Enabled', sourceAccess: [], filterPatterns: [], ...trigger });
    return this;
  }

  async list(sourceArn: string): Promise<LambdaKafkaTrigger[]> {
    return this.mappings.filter((m) => m.sourceArn === sourceArn);
  }

  async create(trigger: NewLambdaKafkaTrigger): Promise<string> {
    this.writes.push({ op: 'create', args: trigger });
    const { enabled, ...rest } = trigger;
    const uuid = `uuid-${this.#next++}`;
    this.mappings.push({ ...rest, uuid, state: enabled ? 'Creating' : 'Disabled' });
    return uuid;
  }

  async enable(uuid: string): Promise<void> {
    this.writes.push({ op: 'enable', args: uuid });
    const found = this.mappings.find((m) => m.uuid === uuid);
    if (found) Object.assign(found, { state: 'Enabling' });
  }
}
