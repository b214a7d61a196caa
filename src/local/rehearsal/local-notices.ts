import type { Clock, LogFields, Logger, Notifier } from '../../ports/index.ts';

type Event = (at: number, text: string) => void;

/** Notifications (Slack in production) become lines of the rehearsal's progress. */
export function createLocalNotifier(clock: Clock, event: Event): Notifier {
  return {
    async notify(notification) {
      event(clock.now(), `notify ${notification.kind}: ${notification.text}`);
    },
  };
}

const detail = (fields?: LogFields) => {
  const reason = fields?.reason ?? fields?.error ?? fields?.code;
  return reason === undefined || reason === null ? '' : ` (${String(reason)})`;
};

/**
 * The controller's structured log: info stays out of the way (the progress already tells the
 * story); warnings and errors are shown, since a rehearsal is where they should be seen first.
 */
export function createLocalLogger(clock: Clock, event: Event): Logger & { readonly lines: number } {
  let lines = 0;
  return {
    get lines() {
      return lines;
    },
    info() {
      lines += 1;
    },
    warn(message, fields) {
      lines += 1;
      event(clock.now(), `warning: ${message}${detail(fields)}`);
    },
    error(message, fields) {
      lines += 1;
      event(clock.now(), `error: ${message}${detail(fields)}`);
    },
  };
}
