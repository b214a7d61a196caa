import koffi, { type TypeObject } from 'koffi';

/** One record as the broker stores it. */
export interface StoredRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string;
}

// biome-ignore lint/suspicious/noExplicitAny: koffi functions are untyped; this file types them.
type NativeFn = ((...args: any[]) => any) & { async: (...args: any[]) => void };

const RD_KAFKA_CONSUMER = 1;
const RD_KAFKA_OFFSET_BEGINNING = -2n;
const ERRSTR_SIZE = 512;
/** Longest wait of one native call; a stall ends the read with an error instead of hanging. */
const CALL_TIMEOUT_MS = 5_000;

const bind = (func: (definition: string) => NativeFn) => ({
  confNew: func('void *rd_kafka_conf_new()'),
  confSet: func('int rd_kafka_conf_set(void *conf, const char *name, const char *value, _Out_ char *errstr, size_t size)'),
  rkNew: func('void *rd_kafka_new(int type, void *conf, _Out_ char *errstr, size_t size)'),
  rkDestroy: func('void rd_kafka_destroy(void *rk)'),
  topicNew: func('void *rd_kafka_topic_new(void *rk, const char *topic, void *conf)'),
  topicDestroy: func('void rd_kafka_topic_destroy(void *rkt)'),
  watermarks: func(
    'int rd_kafka_query_watermark_offsets(void *rk, const char *topic, int32_t partition, _Out_ int64_t *low, _Out_ int64_t *high, int timeout_ms)',
  ),
  consumeStart: func('int rd_kafka_consume_start(void *rkt, int32_t partition, int64_t offset)'),
  consumeStop: func('int rd_kafka_consume_stop(void *rkt, int32_t partition)'),
  consume: func('reader_message_t *rd_kafka_consume(void *rkt, int32_t partition, int timeout_ms)'),
  messageDestroy: func('void rd_kafka_message_destroy(reader_message_t *message)'),
  errName: func('const char *rd_kafka_err2name(int err)'),
});

interface Native {
  readonly message: TypeObject;
  readonly fn: ReturnType<typeof bind>;
}

let native: Native | null = null;

function load(): Native {
  if (native) return native;
  const library = koffi.load('librdkafka.so.1');
  const message = koffi.struct('reader_message_t', {
    err: 'int',
    rkt: 'void *',
    partition: 'int32_t',
    payload: 'void *',
    len: 'size_t',
    key: 'void *',
    key_len: 'size_t',
    offset: 'int64_t',
    _private: 'void *',
  });
  native = { message, fn: bind((definition) => library.func(definition) as NativeFn) };
  return native;
}

/** Blocking librdkafka calls run on the libuv pool, so the event loop keeps serving the brokers. */
const callAsync = <T>(fn: NativeFn, ...args: unknown[]): Promise<T> =>
  new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, result: T) => (error ? reject(error) : resolve(result)));
  });

const text = (pointer: unknown, length: number | bigint): string => Buffer.from(koffi.view(pointer, Number(length))).toString('utf8');

/**
 * Reads every record of a topic, partition by partition from offset 0 up to the high watermark
 * at the time of the call, with librdkafka's own consumer: no kafkajs, no consumer group, no
 * committed offsets. An independent view of what a cluster stores.
 */
export async function readTopic(bootstrap: readonly string[], topic: string, partitions: number): Promise<StoredRecord[]> {
  const { fn } = load();
  const errstr = Buffer.alloc(ERRSTR_SIZE);
  const conf = fn.confNew();
  for (const [name, value] of [
    ['bootstrap.servers', bootstrap.join(',')],
    ['log_level', '0'],
  ] as const) {
    if (fn.confSet(conf, name, value, errstr, ERRSTR_SIZE) !== 0) throw new Error(`rd_kafka_conf_set ${name}: ${errstr.toString('utf8')}`);
  }
  const rk = fn.rkNew(RD_KAFKA_CONSUMER, conf, errstr, ERRSTR_SIZE);
  if (!rk) throw new Error(`rd_kafka_new: ${errstr.toString('utf8')}`);
  const rkt = fn.topicNew(rk, topic, null);
  try {
    const records: StoredRecord[] = [];
    for (let partition = 0; partition < partitions; partition += 1) records.push(...(await readPartition(rk, rkt, topic, partition)));
    return records;
  } finally {
    fn.topicDestroy(rkt);
    await callAsync(fn.rkDestroy, rk);
  }
}

async function readPartition(rk: unknown, rkt: unknown, topic: string, partition: number): Promise<StoredRecord[]> {
  const { fn, message } = load();
  const low = [0n];
  const high = [0n];
  const code = await callAsync<number>(fn.watermarks, rk, topic, partition, low, high, CALL_TIMEOUT_MS);
  if (code !== 0) throw new Error(`watermarks of ${topic}/${partition}: ${fn.errName(code)}`);
  const end = Number(high[0]);
  const records: StoredRecord[] = [];
  if (end === 0) return records;
  if (fn.consumeStart(rkt, partition, RD_KAFKA_OFFSET_BEGINNING) !== 0) throw new Error(`consume_start ${topic}/${partition} failed`);
  try {
    for (let next = 0; next < end; ) {
      const pointer = await callAsync<unknown>(fn.consume, rkt, partition, CALL_TIMEOUT_MS);
      if (!pointer) throw new Error(`no record of ${topic}/${partition} within ${CALL_TIMEOUT_MS} ms at offset ${next} of ${end}`);
      const m = koffi.decode(pointer, message) as {
        err: number;
        payload: unknown;
        len: number | bigint;
        key: unknown;
        key_len: number | bigint;
        offset: number | bigint;
      };
      try {
        if (m.err !== 0) throw new Error(`reading ${topic}/${partition}: ${fn.errName(m.err)}`);
        const offset = Number(m.offset);
        records.push({ partition, offset, key: m.key ? text(m.key, m.key_len) : null, value: m.payload ? text(m.payload, m.len) : '' });
        next = offset + 1;
      } finally {
        fn.messageDestroy(pointer);
      }
    }
  } finally {
    fn.consumeStop(rkt, partition);
  }
  return records;
}
