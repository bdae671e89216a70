/**
 * The outbox dispatcher (issue 5): leases due outbox rows, sends each through the Notifier and
 * records the attempt. Rows are written with their alert in the posting's transaction, so a
 * rolled-back posting sends nothing; a dispatcher that dies mid-send leaves a lease that expires, so
 * the row is sent again and nothing is lost (at-least-once: receivers can tell a repeat by the
 * delivery id). On PostgreSQL several server processes may dispatch at once: a row is leased to one
 * of them at a time.
 */
import type { AppContext } from './context.js';
import type { ClaimedDelivery, DeliveryAttempt } from './monitoring-ports.js';
import type { Notifier, SendResult } from './notifier.js';

export interface BackoffPolicy {
  /** The wait after the first failed attempt; it doubles with each further one. */
  readonly baseMs: number;
  /** The longest wait between attempts. */
  readonly maxMs: number;
  /** After this many failed attempts the row is given up (status 'failed'). */
  readonly maxAttempts: number;
}

/** 30 s, 1 min, 2 min, … capped at 1 h; eight attempts in all (about 1 h 04 min of retrying). */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 8 };

/** Longer than a pass can take (every send has its own timeout), so a live lease never expires. */
export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_BATCH = 20;

/** The delivery log keeps what receivers answered, not whole error pages. */
const DETAIL_MAX = 500;

/** The wait before the next attempt, after `attempt` (1-based) failed. */
export function retryDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows nothing that matters: the cap applies long before.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 40));
}

export interface DispatchOptions {
  /** Who holds the leases: unique per dispatcher (host, process, random part). */
  readonly owner: string;
  /** The instant of this pass (ISO); ctx.clock.now() when not given. */
  readonly now?: string;
  /** At most this many rows per pass. */
  readonly limit?: number;
  readonly leaseMs?: number;
  readonly backoff?: BackoffPolicy;
}

export interface DispatchReport {
  /** Rows leased and attempted in this pass. */
  readonly claimed: number;
  readonly delivered: number;
  /** Failed this time, to be tried again. */
  readonly retrying: number;
  /** Given up: not retryable, or the last attempt. */
  readonly failed: number;
  /** Attempts whose lease had expired and been taken by another dispatcher before they were recorded. */
  readonly leaseLost: number;
}

const addMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

const clip = (detail: string): string =>
  detail.length <= DETAIL_MAX ? detail : `${detail.slice(0, DETAIL_MAX - 1)}…`;

async function sendOne(notifier: Notifier, delivery: ClaimedDelivery): Promise<SendResult> {
  if (!delivery.subscriptionActive) {
    return { ok: false, detail: 'not sent: the subscription was deactivated', retryable: false };
  }
  const { subscriptionActive: _active, ...toSend } = delivery;
  try {
    return await notifier.send(toSend);
  } catch (e) {
    // A notifier should answer with a value; an exception is treated as a passing fault.
    return { ok: false, detail: e instanceof Error ? e.message : String(e), retryable: true };
  }
}

/** One pass: lease the due rows, send them (concurrently), record every attempt. */
export async function dispatchDue(
  ctx: AppContext,
  notifier: Notifier,
  options: DispatchOptions,
): Promise<DispatchReport> {
  const now = options.now ?? ctx.clock.now();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const leaseUntil = addMs(now, options.leaseMs ?? DEFAULT_LEASE_MS);
  const claimed = await ctx.store.claimDueOutbox(
    options.owner,
    now,
    leaseUntil,
    options.limit ?? DEFAULT_BATCH,
  );
  const outcomes = await Promise.all(
    claimed.map(async (delivery) => {
      const result = await sendOne(notifier, delivery);
      const attempt = delivery.attempts + 1;
      const giveUp = !result.ok && (!result.retryable || attempt >= backoff.maxAttempts);
      const record: DeliveryAttempt = {
        outboxId: delivery.id,
        owner: options.owner,
        logId: ctx.ids.next('dlv'),
        attempt,
        at: now,
        outcome: result.ok ? 'delivered' : 'error',
        detail: clip(result.detail),
        nextAttemptAt: result.ok || giveUp ? null : addMs(now, retryDelayMs(attempt, backoff)),
      };
      const kept = await ctx.store.recordDeliveryAttempt(record);
      return { kind: result.ok ? 'delivered' : giveUp ? 'failed' : 'retrying', kept } as const;
    }),
  );
  return {
    claimed: claimed.length,
    delivered: outcomes.filter((o) => o.kept && o.kind === 'delivered').length,
    retrying: outcomes.filter((o) => o.kept && o.kind === 'retrying').length,
    failed: outcomes.filter((o) => o.kept && o.kind === 'failed').length,
    leaseLost: outcomes.filter((o) => !o.kept).length,
  };
}

export interface DispatcherOptions extends Omit<DispatchOptions, 'now'> {
  /** The pause between passes when nothing more is due. */
  readonly intervalMs: number;
  /** A pass that failed (the database did not answer, …); the loop goes on. */
  readonly onError?: (error: unknown) => void;
  readonly onPass?: (report: DispatchReport) => void;
}

export interface Dispatcher {
  /** Starts the next pass now instead of after the interval (e.g. right after an alert is raised). */
  wake(): void;
  /** Stops the loop; resolves when the pass under way (if any) has recorded its attempts. */
  stop(): Promise<void>;
}

/**
 * Runs `dispatchDue` in a loop: one pass at a time, never overlapping itself. A pass that filled its
 * batch is followed at once by another; otherwise the loop waits `intervalMs` (or a `wake()`).
 */
export function startDispatcher(ctx: AppContext, notifier: Notifier, options: DispatcherOptions): Dispatcher {
  const limit = options.limit ?? DEFAULT_BATCH;
  let stopped = false;
  /** A wake() during a pass: the next pass follows at once. */
  let woken = false;
  let timer: NodeJS.Timeout | undefined;
  let interruptSleep: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      interruptSleep = resolve;
      timer = setTimeout(resolve, ms);
    });

  const loop = async (): Promise<void> => {
    while (!stopped) {
      woken = false;
      let full = false;
      try {
        const report = await dispatchDue(ctx, notifier, { ...options, limit });
        full = report.claimed >= limit;
        options.onPass?.(report);
      } catch (e) {
        options.onError?.(e);
      }
      if (!stopped && !full && !woken) await sleep(options.intervalMs);
    }
  };
  const running = loop();

  const wake = (): void => {
    woken = true;
    if (timer !== undefined) clearTimeout(timer);
    interruptSleep?.();
  };
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await running;
    },
  };
}
