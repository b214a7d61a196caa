import { backoffDelay, jittered } from './backoff.ts';
import { ClientEvents } from './client-events.ts';
import type { Cluster } from './contract/bucket.ts';
import { DEFAULT_REPUBLISH_INTERVAL_MS } from './contract/control-topic.ts';
import { judgeRoutingText, type RoutingJudgement } from './contract/judge-routing-text.ts';
import { type RoutingDocument, staticDefaultRoute } from './contract/routing-document.ts';
import {
  type Clock,
  type PushConnectionState,
  type PushedRouting,
  type PushRoutingSource,
  type Random,
  type RoutingSource,
  systemClock,
  systemTimers,
  type Timers,
} from './ports.ts';
import { PushHealth } from './push/push-health.ts';
import { readWithTimeout } from './routing-source-read.ts';
import type { RoutingVia, RoutingWatcherEvents } from './routing-watcher-events.ts';

export interface RoutingWatcherOptions {
  readonly migration: string;
  readonly source: RoutingSource;
  /**
   * A second source that pushes documents as they are published (KafkaPushSource). Its
   * documents pass the same acceptance rules; the highest accepted revision wins.
   */
  readonly push?: PushRoutingSource;
  /** Default 15 s; each poll waits this ±jitter (while push is unhealthy, or without push). */
  readonly pollIntervalMs?: number;
  /**
   * The poll interval while push is healthy: a slow anti-entropy check. Default 5 min; each
   * wait is this plus up to 2 × jitter of it (5 to 7 min by default), never less.
   */
  readonly antiEntropyIntervalMs?: number;
  /**
   * Push is unhealthy when no publication was accepted for this long. Default 90 s: the
   * controller's 60 s re-publish interval and half of it again for delivery and clock skew.
   */
  readonly pushMaxSilenceMs?: number;
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

export type {
  PushFallbackEvent,
  PushHealthyEvent,
  RoutingChangeEvent,
  RoutingReadFailedEvent,
  RoutingVia,
  RoutingWarningEvent,
  RoutingWatcherEvents,
} from './routing-watcher-events.ts';

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
 *
 * With a push source, documents also arrive as they are published and are judged by the same
 * rules against the document in force, whichever source brought it. While push is healthy the
 * poll slows to the anti-entropy interval; when push turns unhealthy (no cluster connected, or
 * silent for longer than pushMaxSilenceMs) the watcher says so and polls at the short interval.
 */
export class RoutingWatcher {
  readonly events = new ClientEvents<RoutingWatcherEvents>();
  readonly migration: string;
  readonly #source: RoutingSource;
  readonly #push: PushRoutingSource | null;
  readonly #pushHealth: PushHealth;
  readonly #antiEntropyMs: number;
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
  #timerDueAt = 0;
  #silenceTimer: unknown = null;
  #pushHealthy = false;
  #running = false;
  /** The delay announced in the last read-failed event, used by the next schedule. */
  #announcedDelay: number | null = null;

  constructor(options: RoutingWatcherOptions) {
    this.migration = options.migration;
    this.#source = options.source;
    this.#push = options.push ?? null;
    this.#pushHealth = new PushHealth(options.pushMaxSilenceMs ?? (DEFAULT_REPUBLISH_INTERVAL_MS * 3) / 2);
    this.#antiEntropyMs = options.antiEntropyIntervalMs ?? 300_000;
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

  /** True while push is healthy and polls run at the anti-entropy interval. */
  pushHealthy(): boolean {
    return this.#pushHealthy;
  }

  /**
   * Starts polling (and the push source); resolves after the first poll settled (it never
   * rejects and never waits for push). Idempotent.
   */
  start(): Promise<RoutingDocument> {
    if (this.#firstRead) return this.#firstRead;
    this.#running = true;
    this.#startedAt = this.#clock.now();
    this.#push?.start({ record: (pushed) => this.#onPushed(pushed), connection: (state) => this.#onPushConnection(state) });
    this.#firstRead = this.#poll();
    return this.#firstRead;
  }

  /** Stops polling; the returned promise settles when the push source closed its connections. */
  stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    if (this.#silenceTimer !== null) this.#timers.clearTimeout(this.#silenceTimer);
    this.#timer = null;
    this.#silenceTimer = null;
    return this.#push ? this.#push.stop().catch(() => undefined) : Promise.resolve();
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
    this.#timerDueAt = this.#clock.now() + delay;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#poll();
    }, delay);
  }

  #nextDelay(): number {
    // The anti-entropy interval is a floor: jitter only lengthens it, so a fleet's SSM reads
    // stay at or under one per instance per interval.
    if (this.#failures === 0 && this.#pushHealthy) return Math.round(this.#antiEntropyMs * (1 + 2 * this.#jitter * this.#random()));
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
    // The source answered: a refused or missing document is a warning, not a read failure, so it
    // never backs off (a re-asserted rollback is read at the next ordinary poll).
    this.#failures = 0;
    this.#judge(read.value, 'poll', null);
    return this.current();
  }

  #onPushed(pushed: PushedRouting): void {
    if (!this.#running) return;
    if (this.#judge(pushed.text, 'push', pushed.cluster) === 'reject') return;
    // A publication stamped in the future (clock skew) counts as now, never as later.
    this.#pushHealth.fresh(Math.min(pushed.publishedAt, this.#clock.now()));
    this.#checkPush();
  }

  #onPushConnection(state: PushConnectionState): void {
    if (!this.#running) return;
    this.#pushHealth.connection(state.cluster, state.connected);
    this.events.emit('push-connection', state);
    this.#checkPush();
  }

  #checkPush(): void {
    if (!this.#running) return;
    const state = this.#pushHealth.state(this.#clock.now());
    if (state.healthy !== this.#pushHealthy) {
      this.#pushHealthy = state.healthy;
      if (state.healthy) this.events.emit('push-healthy', { keptRevision: this.current().revision });
      else this.events.emit('push-fallback', { reason: state.reason, nextPollInMs: this.#shortenPoll(), keptRevision: this.current().revision });
    }
    this.#armSilenceTimer();
  }

  /** Brings the next poll forward to the short interval; returns when it now runs. */
  #shortenPoll(): number | null {
    if (this.#timer === null) return null;
    const now = this.#clock.now();
    const short = this.#nextDelay();
    if (this.#timerDueAt - now <= short) return this.#timerDueAt - now;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#announcedDelay = short;
    this.#schedule();
    return short;
  }

  #armSilenceTimer(): void {
    if (this.#silenceTimer !== null) this.#timers.clearTimeout(this.#silenceTimer);
    this.#silenceTimer = null;
    const silentAt = this.#pushHealth.silentAt();
    if (!this.#pushHealthy || silentAt === null) return;
    this.#silenceTimer = this.#timers.setTimeout(
      () => {
        this.#silenceTimer = null;
        this.#checkPush();
      },
      Math.max(0, silentAt - this.#clock.now()) + 1,
    );
  }

  #judge(text: string | null, via: RoutingVia, cluster: Cluster | null): RoutingJudgement['kind'] {
    let judgement: ReturnType<typeof judgeRoutingText>;
    try {
      judgement = judgeRoutingText(text, this.migration, this.#lastRead);
    } catch (cause) {
      judgement = { kind: 'reject', code: 'invalid', message: `routing document could not be checked: ${(cause as Error)?.name}` };
    }
    if (judgement.kind === 'reject') {
      this.events.emit('warning', { via, code: judgement.code, message: judgement.message, keptRevision: this.current().revision });
      return judgement.kind;
    }
    this.#lastConfirmedAt = this.#clock.now();
    if (judgement.kind === 'unchanged') return judgement.kind;
    const previous = this.current();
    const fromStaticDefault = this.#lastRead === null;
    this.#lastRead = judgement.document;
    const { revision, reason } = judgement.document;
    this.events.emit('change', { via, cluster, previous, current: judgement.document, revision, reason, fromStaticDefault });
    return judgement.kind;
  }
}
