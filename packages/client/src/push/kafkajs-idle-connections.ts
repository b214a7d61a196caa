/**
 * What a group-less reader's connections cost while it waits, kept low on kafkajs 2.2.4's
 * internal Cluster (the same internals as kafkajs-control-cluster.ts). Each part is optional:
 * a kafkajs without it only costs more CPU or sockets, never correctness.
 */
interface InternalRequestQueue {
  pending?: unknown[];
  scheduleCheckPendingRequests?: () => void;
}

interface InternalConnection {
  requestQueue?: InternalRequestQueue;
  disconnect(): Promise<unknown>;
}

interface InternalBroker {
  connectionPool?: { pool?: InternalConnection[] };
  disconnect(): Promise<unknown>;
}

interface InternalBrokerPool {
  seedBroker?: InternalBroker;
  brokers?: Record<string, InternalBroker>;
  createBroker?: (options: unknown) => InternalBroker;
}

/** kafkajs sends Fetch on a broker's second connection and every other request on its first. */
const FETCH_CONNECTION = 1;

const brokerPoolOf = (cluster: object): InternalBrokerPool | null => {
  const pool = (cluster as { brokerPool?: unknown }).brokerPool;
  return typeof pool === 'object' && pool !== null ? (pool as InternalBrokerPool) : null;
};

/**
 * kafkajs 2.2.4 re-arms a timer after every response on every connection, whether or not a
 * request waits (kafkajs issues #1556 and #1704): each idle connection runs a 1 ms timer loop
 * for as long as it is open. This makes the connections of `cluster` schedule that check only
 * when a request is pending, which is the only time it can send anything (a throttled request
 * is pending, and pushing one schedules the check again). Returns false when the surface is not
 * there (another kafkajs), and the loop then stays.
 */
export function quietIdleRequestQueues(cluster: object): boolean {
  const pool = brokerPoolOf(cluster);
  const create = pool?.createBroker;
  if (!pool || typeof create !== 'function') return false;
  pool.createBroker = (options) => {
    const broker = create(options);
    for (const connection of broker.connectionPool?.pool ?? []) quietQueue(connection.requestQueue);
    return broker;
  };
  return true;
}

function quietQueue(queue: InternalRequestQueue | undefined): void {
  const schedule = queue?.scheduleCheckPendingRequests;
  if (!queue || typeof schedule !== 'function' || !Array.isArray(queue.pending)) return;
  queue.scheduleCheckPendingRequests = function (this: InternalRequestQueue) {
    if ((this.pending?.length ?? 0) > 0) schedule.call(this);
  };
}

/**
 * Closes every connection of `cluster` except the one that carries `fetchBroker`'s Fetch
 * requests: the bootstrap broker's (metadata) and the leader's first one (ListOffsets) are
 * not used again by a reader that only fetches, and a fleet would otherwise hold three times
 * the connections it needs. kafkajs reopens a closed connection if it is ever used again.
 */
export async function releaseIdleConnections(cluster: object, fetchBroker: object): Promise<void> {
  const pool = brokerPoolOf(cluster);
  if (!pool) return;
  const leader = fetchBroker as InternalBroker;
  const brokers = new Set([...(pool.seedBroker ? [pool.seedBroker] : []), ...Object.values(pool.brokers ?? {})]);
  brokers.delete(leader);
  const connections = leader.connectionPool?.pool ?? [];
  const idle = connections.length > FETCH_CONNECTION ? connections.filter((_, i) => i !== FETCH_CONNECTION) : [];
  const closing = [...[...brokers].map((broker) => broker.disconnect()), ...idle.map((connection) => connection.disconnect())];
  await Promise.all(closing.map((closed) => closed.catch(() => undefined)));
}
