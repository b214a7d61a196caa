import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Koffi from 'koffi';
import type { LibraryHandle } from 'koffi';

const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const LISTEN = '0A';

/**
 * Turns Nagle's algorithm off on this process's listening TCP sockets bound to `ports`, through
 * libc's setsockopt; on Linux the connections they accept inherit the option. librdkafka's mock
 * broker leaves Nagle on, so a small response written while an earlier one is unacknowledged
 * waits for the client's delayed ACK (~40 ms): a broker stall that the client benchmark would
 * otherwise time as the client's. Returns how many sockets were changed (Linux only: the
 * sockets are found through /proc).
 */
export function disableNagleOnListeners(ports: readonly number[]): number {
  const setsockopt = libc().func('int setsockopt(int, int, int, const void *, uint32_t)');
  return listeningFds(ports).filter((fd) => setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, new Int32Array([1]), 4) === 0).length;
}

/** libc through koffi (an FFI the local brokers already load). */
export function libc(): LibraryHandle {
  const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
  return koffi.load('libc.so.6');
}

/** This process's file descriptors of the TCP sockets listening on `ports` (Linux: found through /proc). */
export function listeningFds(ports: readonly number[]): number[] {
  const inodes = listeningInodes(new Set(ports));
  const fds: number[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    const inode = /^socket:\[(\d+)\]$/.exec(readLink(`/proc/self/fd/${fd}`))?.[1];
    if (inode !== undefined && inodes.has(inode)) fds.push(Number(fd));
  }
  return fds;
}

/** Socket inodes of the TCP listeners on `ports`, from /proc/net/tcp and tcp6. */
function listeningInodes(ports: ReadonlySet<number>): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      const port = Number.parseInt(local?.split(':')[1] ?? '', 16);
      if (state === LISTEN && inode !== undefined && ports.has(port)) inodes.add(inode);
    }
  }
  return inodes;
}

function readLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
