import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink, num } from '../../../lambdas/pdf/pdf-bytes.js';
import { fcOptions } from '../property/settings.js';

/** What the content streams wrote before num() went through integers. */
const reference = (n: number) => (Math.round(n * 100) / 100).toString();

/** What ByteSink.num writes, as text (a sink starting small, so it grows). */
function written(n: number): string {
  const sink = new ByteSink(2);
  sink.text('>');
  sink.num(n);
  return sink.buf.toString('latin1', 1, sink.len);
}

describe('num and ByteSink.num (PDF coordinates)', () => {
  it.each([
    0,
    -0,
    0.004,
    -0.004,
    0.005,
    -0.005,
    0.01,
    0.1,
    0.35,
    0.45,
    1,
    7.5,
    9.5,
    10,
    56,
    100.1,
    100.01,
    100.001,
    297.64,
    483.28,
    539.28,
    595.28,
    841.89,
    785.89,
    -12.34,
    -0.5,
    1e7 + 0.25,
    2e7,
    3e7 + 0.01,
    1e12,
  ])('writes %d as Math.round(n*100)/100 does', (n) => {
    expect(num(n)).toBe(reference(n));
    expect(written(n)).toBe(reference(n));
  });

  it('agrees with the reference on any double (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.integer().map((i) => i / 100),
        ),
        (n) => {
          expect(num(n)).toBe(reference(n));
        },
      ),
      fcOptions(2000),
    );
  });
});
