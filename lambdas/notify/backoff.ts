/**
 * When a failed webhook delivery is tried again: exponential backoff with full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"), capped per wait, for 24 hours
 * from the first attempt; then the delivery is failed (and can be re-sent by the seller).
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** How long after the first attempt no more tries are made. */
  windowMs: number;
}

export const WEBHOOK_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  capMs: 3 * 3_600_000,
  windowMs: 24 * 3_600_000,
};

/** The upper bound of the wait after failed attempt `n` (1-based): base · 2^(n−1), capped. */
export function backoffCeiling(policy: BackoffPolicy, n: number): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
}

/**
 * The next attempt's time after failed attempt `n`, or null when it would fall past the window.
 * `random` in [0, 1): full jitter draws the wait uniformly below the ceiling (at least a second).
 */
export function nextAttemptAt(
  policy: BackoffPolicy,
  n: number,
  firstAttemptAt: Date,
  failedAt: Date,
  random: () => number = Math.random,
): Date | null {
  const wait = Math.max(Math.min(1000, policy.baseMs), Math.floor(random() * backoffCeiling(policy, n)));
  const next = failedAt.getTime() + wait;
  return next > firstAttemptAt.getTime() + policy.windowMs ? null : new Date(next);
}
