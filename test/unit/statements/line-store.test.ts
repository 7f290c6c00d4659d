import { describe, expect, it } from 'vitest';
import { PLAIN_ID } from '../../../lambdas/statements/line-format.js';
import { LineStore, StoreReader } from '../../../lambdas/statements/line-store.js';

interface Line {
  key: number;
  day: number;
  kind: number;
  id: string;
  amount: number;
  commission: number;
  fulfilment: number;
}

const read = (reader: StoreReader, key: number) => {
  const out: Omit<Line, 'key'>[] = [];
  reader.forEach(key, (l) =>
    out.push({
      day: l.day,
      kind: l.kind,
      id: l.ids.toString('utf8', l.idStart, l.idEnd),
      amount: l.amount,
      commission: l.commission,
      fulfilment: l.fulfilment,
    }),
  );
  return out;
};

describe('line store', () => {
  // Keys interleaved and grouped in file order past one block (65,536 lines), ids that are not
  // plain, a long one, money at the exact range's ends.
  const ids = ['o1', 'x'.repeat(20), 'a,b', '订单-1', 'q"', 'b\\s', 'z'.repeat(300)];
  const keys = [7, 0, 1200, 3, 70_000];
  const lines: Line[] = [];
  for (let n = 0; n < 70_000; n++) {
    const key = keys[n % 3 === 0 ? 0 : n % keys.length] as number;
    lines.push({
      key,
      day: 20_700 + (n % 40),
      kind: n % 3,
      id: `${ids[n % ids.length]}${n % 7 === 0 ? '' : n}`,
      amount: n % 11 === 0 ? Number.MAX_SAFE_INTEGER : -n,
      commission: n % 13 === 0 ? -Number.MAX_SAFE_INTEGER : n * 3,
      fulfilment: n,
    });
  }
  const store = new LineStore();
  for (const l of lines) {
    const b = Buffer.from(`pad${l.id}pad`);
    store.add(l.key, l.day, l.kind, b, 3, b.length - 3, l.amount, l.commission, l.fulfilment);
  }
  const handle = store.finish();
  const reader = new StoreReader(handle);

  it.each(keys)('gives key %i its lines in the order they came, every field as added', (key) => {
    const want = lines
      .filter((l) => l.key === key)
      .map(({ key: _k, ...l }) => ({
        ...l,
        kind: l.kind | (/^[\x20-\x7e]*$/.test(l.id) && !/[",\\]/.test(l.id) ? PLAIN_ID : 0),
      }));
    expect(want.length).toBeGreaterThan(5_000);
    expect(read(reader, key)).toEqual(want);
  });

  it('counts every line once and knows no other key', () => {
    expect(handle.lines).toBe(lines.length);
    expect(handle.counts.reduce((a, b) => a + b, 0)).toBe(lines.length);
    expect(read(reader, 8)).toEqual([]);
  });

  it('reads the same from a structured clone (what a worker thread receives)', () => {
    const again = new StoreReader(structuredClone(handle));
    for (const key of keys) expect(read(again, key)).toEqual(read(reader, key));
  });

  it('is empty when nothing was added', () => {
    const empty = new StoreReader(new LineStore().finish());
    expect(empty.handle.lines).toBe(0);
    expect(read(empty, 0)).toEqual([]);
  });
});
