import { backoffDelay, jittered } from './backoff.ts';
import { ClientEvents } from './client-events.ts';
import { judgeRoutingText, type RoutingRejection } from './contract/judge-routing-text.ts';
import { type RoutingDocument, staticDefaultRoute } from './contract/routing-document.ts';
import { type Clock, type Random, type RoutingSource, systemClock, systemTimers, type Timers } from './ports.ts';
import { type RoutingFailure, readWithTimeout } from './routing-source-read.ts';

export interface RoutingWatcherOptions {
  readonly migration: string;
  readonly source: RoutingSource;
  /** Default 15 s; each poll waits this ±jitter. */
  readonly pollIntervalMs?: number;
  /** Default 0.2 (±20 %). */
  readonly jitter?: number;
  /** Per-read timeout; the read's AbortSignal fires then. Default 5 s. */
  readonly timeoutMs?: number;
  /** Longest wait between polls while reads keep failing. Default 5 min. */
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: Random;
}

export interface RoutingChangeEvent {
  readonly previous: RoutingDocument;
  readonly current: RoutingDocument;
  readonly revision: number;
  /** The document's own `reason` (why the controller wrote it). */
  readonly reason: string;
  /** True when `previous` is the static default (nothing had been read before). */
  readonly fromStaticDefault: boolean;
}

export interface RoutingWarningEvent {
  readonly code: RoutingRejection;
  readonly message: string;
  /** The revision the client keeps acting on. */
  readonly keptRevision: number;
}

export interface RoutingReadFailedEvent extends RoutingFailure {
  readonly consecutiveFailures: number;
  readonly nextPollInMs: number | null;
  readonly keptRevision: number;
}

export interface RoutingWatcherEvents {
  change: RoutingChangeEvent;
  warning: RoutingWarningEvent;
  'read-failed': RoutingReadFailedEvent;
}

export interface RoutingStaleness {
  /** When a read last confirmed the document in force; null if none ever did. */
  readonly lastConfirmedAt: number | null;
  /** Milliseconds since then (or since start() when nothing was confirmed yet). */
  readonly ageMs: number;
  readonly consecutiveFailures: number;
  readonly usingStaticDefault: boolean;
}

/**
 * Polls the routing document and keeps the last good one (invariant 4): invalid, oversized,
 * foreign or older documents are reported as warnings and change nothing; a failing source
 * backs off exponentially and never changes the route. Never throws from a poll.
 */
export class RoutingWatcher {
  readonly events = new ClientEvents<RoutingWatcherEvents>();
  readonly migration: string;
  readonly #source: RoutingSource;
  readonly #intervalMs: number;
  readonly #jitter: number;
  readonly #timeoutMs: number;
  readonly #maxBackoffMs: number;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #random: Random;
  #lastRead: RoutingDocument | null = null;
  #lastConfirmedAt: number | null = null;
  #startedAt: number | null = null;
  #failures = 0;
  #inFlight: Promise<RoutingDocument> | null = null;
  #firstRead: Promise<RoutingDocument> | null = null;
  #timer: unknown = null;
  #running = false;
  /** The delay announced in the last read-failed event, used by the next schedule. */
  #announcedDelay: number | null = null;

  constructor(options: RoutingWatcherOptions) {
    this.migration = options.migration;
    this.#source = options.source;
    this.#intervalMs = options.pollIntervalMs ?? 15_000;
    this.#jitter = options.jitter ?? 0.2;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 300_000;
    this.#clock = options.clock ?? systemClock;
    this.#timers = options.timers ?? systemTimers;
    this.#random = options.random ?? Math.random;
  }

  /** The document in force: the last good one, else the static default (all blue). */
  current(): RoutingDocument {
    return this.#lastRead ?? staticDefaultRoute(this.migration);
  }

  staleness(): RoutingStaleness {
    const since = this.#lastConfirmedAt ?? this.#startedAt ?? this.#clock.now();
    return {
      lastConfirmedAt: this.#lastConfirmedAt,
      ageMs: Math.max(0, this.#clock.now() - since),
      consecutiveFailures: this.#failures,
      usingStaticDefault: this.#lastRead === null,
    };
  }

  /** Starts polling; resolves after the first read settled (it never rejects). Idempotent. */
  start(): Promise<RoutingDocument> {
    if (this.#firstRead) return this.#firstRead;
    this.#running = true;
    this.#startedAt = this.#clock.now();
    this.#firstRead = this.#poll();
    return this.#firstRead;
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Reads now. Concurrent callers share one read; resolves to the document in force. */
  refresh(): Promise<RoutingDocument> {
    this.#inFlight ??= this.#readOnce().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #poll(): Promise<RoutingDocument> {
    const document = await this.refresh();
    this.#schedule();
    return document;
  }

  #schedule(): void {
    if (!this.#running) return;
    const delay = this.#announcedDelay ?? this.#nextDelay();
    this.#announcedDelay = null;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#poll();
    }, delay);
  }

  #nextDelay(): number {
    if (this.#failures === 0) return jittered(this.#intervalMs, this.#jitter, this.#random);
    return backoffDelay(this.#failures, { baseMs: this.#intervalMs * 2, maxMs: this.#maxBackoffMs }, this.#random);
  }

  async #readOnce(): Promise<RoutingDocument> {
    const read = await readWithTimeout(this.#source, this.#timeoutMs, this.#timers);
    if (!read.ok) {
      this.#failures += 1;
      const nextPollInMs = this.#running ? this.#nextDelay() : null;
      this.#announcedDelay = nextPollInMs;
      this.events.emit('read-failed', { ...read.error, consecutiveFailures: this.#failures, nextPollInMs, keptRevision: this.current().revision });
      return this.current();
    }
    this.#judge(read.value);
    return this.current();
  }

  #judge(text: string | null): void {
    let judgement: ReturnType<typeof judgeRoutingText>;
    try {
      judgement = judgeRoutingText(text, this.migration, this.#lastRead);
    } catch (cause) {
      judgement = { kind: 'reject', code: 'invalid', message: `routing document could not be checked: ${(cause as Error)?.name}` };
    }
    // The source answered: a refused or missing document is a warning, not a read failure, so it
    // never backs off (a re-asserted rollback is read at the next ordinary poll).
    this.#failures = 0;
    if (judgement.kind === 'reject') {
      this.events.emit('warning', { code: judgement.code, message: judgement.message, keptRevision: this.current().revision });
      return;
    }
    this.#lastConfirmedAt = this.#clock.now();
    if (judgement.kind === 'unchanged') return;
    const previous = this.current();
    const fromStaticDefault = this.#lastRead === null;
    this.#lastRead = judgement.document;
    const { revision, reason } = judgement.document;
    this.events.emit('change', { previous, current: judgement.document, revision, reason, fromStaticDefault });
  }
}
