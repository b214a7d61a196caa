import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An SSM endpoint on 127.0.0.1 that answers GetParameter (AWS JSON 1.1) from memory, so that a
 * program using the real @aws-sdk/client-ssm (pointed here by AWS_ENDPOINT_URL_SSM) reads the
 * routing document exactly as it would from Parameter Store.
 */
export class FakeSsmEndpoint {
  readonly #values = new Map<string, { value: string; version: number }>();
  readonly #server: Server;
  reads = 0;
  #readWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeSsmEndpoint> {
    const endpoint: FakeSsmEndpoint = new FakeSsmEndpoint(createServer((req, res) => endpoint.#answer(req, res)));
    await new Promise<void>((resolve) => endpoint.#server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  put(name: string, value: string): void {
    this.#values.set(name, { value, version: (this.#values.get(name)?.version ?? 0) + 1 });
  }

  /** Resolves once `count` GetParameter calls have been answered. */
  readsReached(count: number): Promise<void> {
    if (this.reads >= count) return Promise.resolve();
    return new Promise((resolve) => this.#readWaiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #answer(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (target !== 'AmazonSSM.GetParameter') return reply(400, { __type: 'UnknownOperationException', message: target });
      const { Name } = JSON.parse(body || '{}') as { Name?: string };
      const stored = this.#values.get(Name ?? '');
      if (!stored) return reply(400, { __type: 'ParameterNotFound', message: `${Name} not found` });
      reply(200, { Parameter: { Name, Type: 'String', Value: stored.value, Version: stored.version, DataType: 'text' } });
      this.reads += 1;
      const ready = this.#readWaiters.filter((w) => this.reads >= w.count);
      this.#readWaiters = this.#readWaiters.filter((w) => this.reads < w.count);
      for (const waiter of ready) waiter.resolve();
    });
  }
}
