import { libc, listeningFds } from './broker-nodelay.ts';

/**
 * Raises the accept backlog of this process's TCP listeners on `ports` to `backlog`: on Linux,
 * listen() on a socket that already listens only changes its backlog. librdkafka's mock broker
 * listens with a backlog of 5, so when a batch of the fleet connects at once the kernel drops
 * the SYNs beyond it and the clients retry a second or more later, past their connection
 * timeout; Kafka's own default (socket.listen.backlog.size, KIP-764) is 50. Returns how many
 * sockets were changed.
 */
export function widenListenBacklog(ports: readonly number[], backlog: number): number {
  const listen = libc().func('int listen(int, int)');
  return listeningFds(ports).filter((fd) => listen(fd, backlog) === 0).length;
}
