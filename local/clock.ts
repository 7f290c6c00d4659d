import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../lambdas/ports/index.js';

/**
 * A clock that only moves when told to, so a test or `admit` can cross "7 working days" or
 * "14 days to sign" in milliseconds. Deadlines registered on it fire when it moves past them.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly deadlines = new Set<{ at: number; fire: () => void }>();

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward (never back) and fires every deadline now strictly passed. */
  advanceTo(instant: Date | string): void {
    const t = new Date(instant).getTime();
    if (t > this.current) this.current = t;
    for (const d of [...this.deadlines]) {
      if (d.at < this.current) {
        this.deadlines.delete(d);
        d.fire();
      }
    }
  }

  advanceBy(ms: number): void {
    this.advanceTo(new Date(this.current + ms));
  }

  /** Calls `fire` once the clock moves strictly past `at`; returns a cancel function. */
  onDeadline(at: number, fire: () => void): () => void {
    const entry = { at, fire };
    this.deadlines.add(entry);
    return () => this.deadlines.delete(entry);
  }
}

/** Wall-clock time, for the long-running local platform (deadlines there use real timers). */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export type RuntimeClock = ManualClock | SystemClock;

/**
 * The Clock the use cases see: the clock of the application whose execution (or human action)
 * is running, found through AsyncLocalStorage, else the platform's default clock.
 */
export class ClockRouter implements Clock {
  private readonly als = new AsyncLocalStorage<RuntimeClock>();
  private readonly byApplication = new Map<string, RuntimeClock>();

  constructor(readonly fallback: RuntimeClock = new SystemClock()) {}

  now(): Date {
    return (this.als.getStore() ?? this.fallback).now();
  }

  /** Gives an application its own clock (each `admit` folder runs on its own timeline). */
  assign(applicationId: string, clock: RuntimeClock): void {
    this.byApplication.set(applicationId, clock);
  }

  clockOf(applicationId: string): RuntimeClock {
    return this.byApplication.get(applicationId) ?? this.fallback;
  }

  run<T>(applicationId: string, fn: () => T): T {
    return this.als.run(this.clockOf(applicationId), fn);
  }
}
