import type { MigrationStatus } from '../../controller/status/migration-status.ts';
import type { Clock, Timers } from '../../ports/index.ts';
import { awsProblem } from '../aws-problem.ts';
import type { Output } from '../command.ts';

export type WatchMode = 'tty' | 'plain' | 'json';

export interface WatchOptions {
  readonly read: () => Promise<MigrationStatus>;
  /** The whole view of one refresh (status and watch rows) as text. */
  readonly text: (status: MigrationStatus, now: number) => string;
  /** One refresh as a JSON value (`--json`: one line each). */
  readonly json: (status: MigrationStatus, now: number) => unknown;
  readonly out: Output;
  /** tty: redraw in place; plain: a block whenever something changed; json: a line per refresh. */
  readonly mode: WatchMode;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly intervalMs: number;
  /** Ends the watch (Ctrl-C); the refresh under way finishes first. */
  readonly signal: AbortSignal;
}

/** Cursor home and clear screen: the view is drawn again in place. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

const sleep = (timers: Timers, ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const handle = timers.setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        timers.clearTimeout(handle);
        resolve();
      },
      { once: true },
    );
  });

/** The view without its "as of" time, to tell whether anything changed. */
const content = (text: string) => text.replace(/\n {2}as of .*\n?/, '\n');

/**
 * `status --watch`: read, show, wait, again, until the signal. A failed read is shown and the
 * watch goes on (an outage of SSM or Step Functions is something to watch too). Resolves to
 * the number of refreshes.
 */
export async function watchStatus(o: WatchOptions): Promise<number> {
  let refreshes = 0;
  let shown = '';
  while (!o.signal.aborted) {
    const now = o.clock.now();
    let text: string;
    let json: unknown;
    try {
      const status = await o.read();
      text = o.text(status, now);
      json = o.json(status, now);
    } catch (error) {
      text = `  unreadable: ${awsProblem(error)}\n  ${'as of'.padEnd(11)}${new Date(now).toISOString()}\n`;
      json = { ok: false, at: new Date(now).toISOString(), error: 'aws', message: awsProblem(error) };
    }
    refreshes += 1;
    if (o.mode === 'json') o.out.write(`${JSON.stringify(json)}\n`);
    else if (o.mode === 'tty') o.out.write(`${CLEAR_SCREEN}${text}`);
    else if (content(text) !== shown) o.out.write(`${refreshes > 1 ? '\n' : ''}${text}`);
    shown = content(text);
    await sleep(o.timers, o.intervalMs, o.signal);
  }
  return refreshes;
}
