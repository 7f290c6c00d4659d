/**
 * Order files for the statements bench: a fixed seed, so a shape always gives the same file.
 *
 * - the 10 M shape (`wide`): lines from 2026-07-01 to 2026-10-31 over 1,000 sellers and three
 *   currencies (CNY three times as often), so about a quarter settle in 2026-10;
 * - the 2 M shape (`period`, issue 16): 200 sellers, four currencies each, every line settling in
 *   2026-10 (its transaction date is a day of October minus the seller's term): 800 statements of
 *   about 2,500 lines, the heaviest files finance gets for that many lines.
 * One line in a thousand names a seller with no fee schedule (a reject).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatDay } from '../../lambdas/domain/settlement/days';
import type { FeeSchedule } from '../../lambdas/domain/settlement/settle';

export const PERIOD = '2026-10';
const FULFILMENT = ['0.038', '0.052', '0.045', '0.045'];

export interface Shape {
  lines: number;
  sellers: number;
  /** `wide`: dates over four months; `period`: every line settles in PERIOD. */
  dates: 'wide' | 'period';
  currencies: string[];
  seed: number;
}

export const SHAPES = {
  '2m': {
    lines: 2_000_000,
    sellers: 200,
    dates: 'period',
    currencies: ['CNY', 'USD', 'EUR', 'GBP'],
    seed: 7,
  },
  '10m': {
    lines: 10_000_000,
    sellers: 1000,
    dates: 'wide',
    currencies: ['CNY', 'CNY', 'CNY', 'USD', 'EUR'],
    seed: 7,
  },
} satisfies Record<string, Shape>;

export function schedulesFor(sellers: number): FeeSchedule[] {
  return Array.from({ length: sellers }, (_, i) => ({
    applicationId: `app-${String(i).padStart(5, '0')}`,
    commissionRate: '0.05',
    fulfilmentRate: FULFILMENT[i % FULFILMENT.length] as string,
    // One seller in twenty has reached 4 violations: T+75.
    settlementTermDays: i % 20 === 19 ? 75 : 15,
  }));
}

export function generate(path: string, a: Shape, schedules: FeeSchedule[]): void {
  let s = a.seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const start = Date.UTC(2026, 6, 1) / 86_400_000;
  const wide = Array.from({ length: 123 }, (_, i) => formatDay(start + i));
  const october = Date.UTC(2026, 9, 1) / 86_400_000;
  // Per seller: the 31 transaction dates that settle on each day of October.
  const inPeriod = schedules.map((x) =>
    Array.from({ length: 31 }, (_, d) => formatDay(october + d - x.settlementTermDays)),
  );
  const ids = schedules.map((x) => x.applicationId);
  const currencies = a.currencies;
  const fd = openSync(path, 'w');
  let chunk = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\n';
  for (let i = 0; i < a.lines; i++) {
    const r = next();
    const seller = next() % ids.length;
    // One line in a thousand names a seller with no fee schedule (a reject).
    const app = r % 1000 === 0 ? 'app-unknown' : (ids[seller] as string);
    const pick = next();
    const day =
      a.dates === 'wide'
        ? (wide[pick % wide.length] as string)
        : ((inPeriod[seller] as string[])[pick % 31] as string);
    const cur = currencies[r % currencies.length] as string;
    const k = (r >>> 8) % 100;
    const amount = 1 + (next() % 250_000);
    chunk +=
      k < 85
        ? `o${i},${app},${day},${cur},${amount},sale,\n`
        : k < 95
          ? `o${i},${app},${day},${cur},-${amount},refund,\n`
          : `o${i},${app},${day},${cur},${100 + (amount % 5000)},vas,ADS\n`;
    if (chunk.length > 1 << 22) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}
