import { createRequire } from 'node:module';
import type Koffi from 'koffi';
import { KoffiMissingError, LibrdkafkaMissingError, MockClusterError } from './errors.ts';

/** Opaque C pointers as koffi hands them over. */
export type NativeHandle = unknown;

/**
 * The slice of librdkafka's C API that runs its mock cluster: a Kafka-protocol broker inside
 * this process, served by librdkafka's own threads. Calls that wait on the mock cluster's
 * thread (topic creation, broker down/up, destroy) run on the libuv pool so that a busy broker
 * thread never stalls the Node event loop.
 */
export interface Librdkafka {
  readonly version: string;
  /** A handle that only exists to own mock clusters (logging silenced). */
  newHostHandle(): NativeHandle;
  destroyHostHandle(rk: NativeHandle): Promise<void>;
  newMockCluster(rk: NativeHandle, brokers: number): NativeHandle;
  destroyMockCluster(cluster: NativeHandle): Promise<void>;
  bootstraps(cluster: NativeHandle): string;
  createTopic(cluster: NativeHandle, topic: string, partitions: number, replication: number): Promise<number>;
  setBrokerDown(cluster: NativeHandle, brokerId: number): Promise<number>;
  setBrokerUp(cluster: NativeHandle, brokerId: number): Promise<number>;
  /** Delays every response of the broker by `rttMs` (rd_kafka_mock_broker_set_rtt); 0 restores it. */
  setBrokerRtt(cluster: NativeHandle, brokerId: number, rttMs: number): Promise<number>;
  /** Pins the coordinator of a consumer group ('group') or transactional id ('transaction'). */
  setCoordinator(cluster: NativeHandle, keyType: 'group' | 'transaction', key: string, brokerId: number): Promise<number>;
  errorName(code: number): string;
}

export const LIBRDKAFKA_SONAME = 'librdkafka.so.1';
const RD_KAFKA_PRODUCER = 0;
const ERRSTR_SIZE = 512;

// biome-ignore lint/suspicious/noExplicitAny: koffi functions are untyped; this file types them.
type NativeFn = ((...args: any[]) => any) & { async: (...args: any[]) => void };

const cached = new Map<string, Librdkafka>();

/** Loads librdkafka once per process; throws LibrdkafkaMissingError with the install command. */
export function loadLibrdkafka(soname: string = LIBRDKAFKA_SONAME): Librdkafka {
  const known = cached.get(soname);
  if (known) return known;
  const koffi = loadKoffi();
  let library: ReturnType<typeof koffi.load>;
  try {
    library = koffi.load(soname);
  } catch (cause) {
    throw new LibrdkafkaMissingError(soname, { cause });
  }
  const binding = bind((definition) => library.func(definition) as NativeFn);
  cached.set(soname, binding);
  return binding;
}

/**
 * koffi (the FFI that reaches librdkafka) is an optional dependency, needed only by the
 * rehearsal and the tests, so it is loaded on first use and never at import time.
 */
function loadKoffi(): typeof Koffi {
  try {
    return createRequire(import.meta.url)('koffi') as typeof Koffi;
  } catch (cause) {
    throw new KoffiMissingError({ cause });
  }
}

const callAsync = <T>(fn: NativeFn, ...args: unknown[]): Promise<T> =>
  new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, result: T) => (error ? reject(error) : resolve(result)));
  });

function bind(func: (definition: string) => NativeFn): Librdkafka {
  const fn = {
    version: func('const char *rd_kafka_version_str()'),
    confNew: func('void *rd_kafka_conf_new()'),
    confSet: func('int rd_kafka_conf_set(void *conf, const char *name, const char *value, _Out_ char *errstr, size_t size)'),
    confDestroy: func('void rd_kafka_conf_destroy(void *conf)'),
    rkNew: func('void *rd_kafka_new(int type, void *conf, _Out_ char *errstr, size_t size)'),
    rkDestroy: func('void rd_kafka_destroy(void *rk)'),
    clusterNew: func('void *rd_kafka_mock_cluster_new(void *rk, int broker_cnt)'),
    clusterDestroy: func('void rd_kafka_mock_cluster_destroy(void *mcluster)'),
    bootstraps: func('const char *rd_kafka_mock_cluster_bootstraps(void *mcluster)'),
    topicCreate: func('int rd_kafka_mock_topic_create(void *mcluster, const char *topic, int partition_cnt, int replication_factor)'),
    brokerDown: func('int rd_kafka_mock_broker_set_down(void *mcluster, int broker_id)'),
    brokerUp: func('int rd_kafka_mock_broker_set_up(void *mcluster, int broker_id)'),
    brokerRtt: func('int rd_kafka_mock_broker_set_rtt(void *mcluster, int broker_id, int rtt_ms)'),
    coordinatorSet: func('int rd_kafka_mock_coordinator_set(void *mcluster, const char *key_type, const char *key, int broker_id)'),
    errName: func('const char *rd_kafka_err2name(int err)'),
  };
  return {
    version: String(fn.version()),
    newHostHandle() {
      const conf = fn.confNew();
      const errstr = Buffer.alloc(ERRSTR_SIZE);
      // The host handle never talks to a broker; its log lines would only be noise.
      if (fn.confSet(conf, 'log_level', '0', errstr, ERRSTR_SIZE) !== 0) {
        fn.confDestroy(conf);
        throw new MockClusterError(`rd_kafka_conf_set failed: ${cString(errstr)}`);
      }
      const rk = fn.rkNew(RD_KAFKA_PRODUCER, conf, errstr, ERRSTR_SIZE);
      if (!rk) {
        fn.confDestroy(conf);
        throw new MockClusterError(`rd_kafka_new failed: ${cString(errstr)}`);
      }
      return rk;
    },
    destroyHostHandle: (rk) => callAsync(fn.rkDestroy, rk),
    newMockCluster(rk, brokers) {
      const cluster = fn.clusterNew(rk, brokers);
      if (!cluster) throw new MockClusterError(`rd_kafka_mock_cluster_new(${brokers}) failed`);
      return cluster;
    },
    destroyMockCluster: (cluster) => callAsync(fn.clusterDestroy, cluster),
    bootstraps: (cluster) => String(fn.bootstraps(cluster)),
    createTopic: (cluster, topic, partitions, replication) => callAsync(fn.topicCreate, cluster, topic, partitions, replication),
    setBrokerDown: (cluster, brokerId) => callAsync(fn.brokerDown, cluster, brokerId),
    setBrokerUp: (cluster, brokerId) => callAsync(fn.brokerUp, cluster, brokerId),
    setBrokerRtt: (cluster, brokerId, rttMs) => callAsync(fn.brokerRtt, cluster, brokerId, rttMs),
    setCoordinator: (cluster, keyType, key, brokerId) => callAsync(fn.coordinatorSet, cluster, keyType, key, brokerId),
    errorName: (code) => String(fn.errName(code)),
  };
}

const cString = (buffer: Buffer): string => {
  const end = buffer.indexOf(0);
  return buffer.subarray(0, end === -1 ? buffer.length : end).toString('utf8');
};
