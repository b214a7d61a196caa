/**
 * Blue and green local Kafka clusters in a process of their own, for the client benchmark: the
 * brokers' threads and heap then stay out of the process whose sends are timed.
 *
 *   node bench/mock-brokers.ts <topic> <partitions>
 *
 * Prints one JSON line on stdout, {"blue":["127.0.0.1:port",...],"green":[...],"noDelay":n,
 * "backlog":b}, once both clusters serve the topic (n: listening sockets with Nagle turned off,
 * 6 expected, BENCH_NAGLE=1 leaves it on as the mock ships; b: listening sockets whose accept
 * backlog was raised from the mock's 5 to Kafka's default 50, BENCH_BACKLOG=5 keeps the mock's),
 * then stays up until its stdin closes (or SIGINT/SIGTERM), and stops both clusters before it exits.
 */
import { MockKafkaCluster } from '../src/local/mock-kafka-cluster.ts';
import { widenListenBacklog } from './broker-backlog.ts';
import { disableNagleOnListeners } from './broker-nodelay.ts';

const [topic = 'bench', partitions = '6'] = process.argv.slice(2);
const topics = [{ name: topic, partitions: Number(partitions) }];
const [blue, green] = await Promise.all([MockKafkaCluster.start({ brokers: 3, topics }), MockKafkaCluster.start({ brokers: 3, topics })]);

const ports = [...blue.bootstrap, ...green.bootstrap].map((address) => Number(address.split(':').at(-1)));
const noDelay = process.env.BENCH_NAGLE === '1' ? 0 : disableNagleOnListeners(ports);
const backlogSize = Number(process.env.BENCH_BACKLOG ?? 50);
const backlog = backlogSize === 5 ? 0 : widenListenBacklog(ports, backlogSize);

let stopping: Promise<void> | null = null;
const stop = () => {
  stopping ??= Promise.all([blue.stop(), green.stop()]).then(() => process.exit(0));
  return stopping;
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.stdout.write(`${JSON.stringify({ blue: blue.bootstrap, green: green.bootstrap, noDelay, backlog })}\n`);
