/**
 * The monthly spot-check round (SPEC "After admission": "ops start a round (or a monthly schedule
 * does)"): on the first day of each month at 09:00 China time. Its round id comes from the month,
 * `monthly-YYYY-MM`, and names the execution, so a second start of the same month is the same round.
 * Pure: the CDK schedule (lib/spot-checks.ts) and the local platform (local/schedules.ts) use it.
 */

/** When the round starts: the day of the month and the hour, China time (Asia/Shanghai, UTC+8, no DST). */
export const MONTHLY_SPOT_CHECK = Object.freeze({ dayOfMonth: 1, hour: 9, timeZone: 'Asia/Shanghai' });

const CHINA_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The round id of a month (1–12). */
export function monthlyRoundId(year: number, month: number): string {
  return `monthly-${year}-${pad(month)}`;
}

/** The instant (ISO, UTC) the month's round is scheduled for. */
export function monthlySlot(year: number, month: number): string {
  return new Date(
    Date.UTC(year, month - 1, MONTHLY_SPOT_CHECK.dayOfMonth, MONTHLY_SPOT_CHECK.hour) - CHINA_OFFSET_MS,
  ).toISOString();
}

/**
 * The latest monthly round due at `now` (its slot at or before `now`): this month's once its day
 * and hour have come in China, else last month's. The scheduler's own time for a run (EventBridge
 * Scheduler's `scheduled-time`) gives that run's month.
 */
export function monthlyRoundDue(now: string): { roundId: string; slot: string } {
  const china = new Date(Date.parse(now) + CHINA_OFFSET_MS);
  let year = china.getUTCFullYear();
  let month = china.getUTCMonth() + 1;
  if (Date.parse(monthlySlot(year, month)) > Date.parse(now)) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return { roundId: monthlyRoundId(year, month), slot: monthlySlot(year, month) };
}
