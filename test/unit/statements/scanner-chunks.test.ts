/**
 * Cases the chunk properties found (test/unit/property/scanner.property.test.ts): a reader looked
 * at bytes past the end of what it had been given, left in its reused buffer by earlier reads, and
 * so decided a line differently depending on where the reads fell.
 */
import { describe, expect, it } from 'vitest';
import { scanContext } from '../../../lambdas/statements/context.js';
import { fileLayout } from '../../../lambdas/statements/header.js';
import { OrderScanner } from '../../../lambdas/statements/scanner.js';
import { Feeder } from '../../../lambdas/statements/segment.js';

const SCHEDULES = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\n';

function read(text: string, cut: number, name: string) {
  const bytes = new TextEncoder().encode(text);
  const layout = fileLayout(name, bytes);
  const scanner = new OrderScanner(scanContext({ period: '2026-10', schedules: SCHEDULES }), {
    format: layout.format,
    ...(layout.columns ? { columns: layout.columns } : {}),
    skipHeader: layout.format === 'csv',
  });
  const feeder = new Feeder(scanner);
  for (let at = 0; at < bytes.length; at += cut) feeder.push(bytes.subarray(at, at + cut));
  feeder.finish();
  return { rejects: scanner.rejects, totals: [...scanner.totals()].map(([k, t]) => [k, t.toJson()]) };
}

describe('reading in chunks', () => {
  it.each([
    [
      'a closing quote at the very end',
      `${HEADER}\n""`,
      18,
      'orders.csv',
      'UNPARSEABLE_LINE: 1 fields where the header has 7',
    ],
    [
      'an empty last field after a quoted one, at the very end',
      `${HEADER}o1,app-a,2026-10-01,CNY,5,sale,\n"""o,5""",,2026-10-01,CNY,,sale,`,
      12,
      'orders.csv',
      'UNKNOWN_APPLICATION: no fee schedule for applicationId ""',
    ],
    [
      // The line before leaves a "}" where the open object ends.
      'a JSON object left open at the very end',
      '{"orderId":"o1"}\n{"orderId":"o2"',
      17,
      'orders.jsonl',
      'UNPARSEABLE_LINE: expected "," or "}"',
    ],
  ])('decides %s as it does when read at once', (_what, text, cut, name, reason) => {
    const whole = read(text, text.length + 1, name);
    expect(whole.rejects.at(-1)?.reason).toBe(reason);
    expect(read(text, cut, name)).toEqual(whole);
  });
});
