/**
 * The local platform's schedules (what EventBridge Scheduler does on AWS, lib/spot-checks.ts):
 * the monthly spot-check round, through the same use case the scheduled function runs. Checked at
 * start-up and every `everyMs` on the platform's clock: once the month's slot (the 1st, 09:00
 * China time) has come, its round `monthly-YYYY-MM` is started; the round's conditional record
 * makes every later check (and a restarted platform's) the same round, not another.
 */
import type { Container } from '../lambdas/adapters/container.js';
import { startMonthlyRound } from '../lambdas/usecases/spot-checks.js';

export interface LocalSchedulesOptions {
  /** How often the schedule is looked at (default a minute; tests use less). */
  everyMs?: number;
  /** Sees every start (the round id and its status), and every failure. */
  onRun?: (outcome: { roundId: string; status: string } | { error: unknown }) => void;
}

export class LocalSchedules {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly container: Container,
    private readonly options: LocalSchedulesOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.everyMs ?? 60_000);
    this.timer.unref();
    void this.tick();
  }

  /** One look at the schedule; a look while the last one runs waits for it instead. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        const c = this.container;
        this.options.onRun?.(await startMonthlyRound(c, c.clock.now().toISOString()));
      } catch (error) {
        // A failed start is tried again at the next look (as Scheduler retries on AWS).
        this.options.onRun?.({ error });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
