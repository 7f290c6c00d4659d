import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteMap } from '../../../lambdas/statements/byte-map.js';
import { fcOptions } from '../property/settings.js';

const encoder = new TextEncoder();

/** Looks `text` up from the middle of a larger buffer, as the reader does. */
function lookUp(map: ByteMap, text: string): number {
  const bytes = encoder.encode(`xx,${text},yy`);
  return map.get(bytes, 3, bytes.length - 3);
}

describe('ByteMap', () => {
  // Every length around the word boundaries (4, 8, 12) and past them.
  const keys = Array.from({ length: 41 }, (_, n) => 'abcdefghijklmnopqrstuvwxyz0123456789ABCDE'.slice(0, n));
  keys.push('app-00255', 'app-10255', 'app-yiwu-home-001', 'app-yiwu-home-002', '义乌-001', 'é');
  const map = new ByteMap(keys);

  it.each(keys.map((k, i) => [k, i]))('finds %j at %i', (key, index) => {
    expect(lookUp(map, key)).toBe(index);
  });

  it('finds no key that differs from one in a single byte, anywhere in it', () => {
    for (const key of keys) {
      const bytes = encoder.encode(key);
      for (let at = 0; at < bytes.length; at++) {
        const other = Uint8Array.from(bytes);
        other[at] = (other[at] as number) ^ 1;
        const index = keys.findIndex((k) => Buffer.from(encoder.encode(k)).equals(other));
        expect(map.get(other, 0, other.length), `${key} with byte ${at} changed`).toBe(index);
      }
    }
  });

  it.each([
    ['a prefix', 'app-0025'],
    ['a longer id', 'app-002555'],
    ['another case', 'APP-00255'],
    ['a space after', 'app-00255 '],
    ['nothing', ''],
  ])('finds nothing for %s', (_what, text) => {
    const small = new ByteMap(['app-00255', 'app-yiwu-home-001']);
    expect(lookUp(small, text)).toBe(-1);
  });

  it('finds the empty key only when it is one', () => {
    expect(lookUp(new ByteMap(['']), '')).toBe(0);
    expect(lookUp(new ByteMap(['a']), '')).toBe(-1);
  });

  it('says whether any key holds a byte', () => {
    expect(new ByteMap(['app-1', 'app-2']).keysFreeOf([44, 34])).toBe(true);
    expect(new ByteMap(['app-1', 'app,2']).keysFreeOf([44, 34])).toBe(false);
  });

  it('agrees with a Map of strings on any keys and lookups (property)', () => {
    const text = fc.string({ maxLength: 20, unit: fc.constantFrom('a', 'b', '-', '0', '1', '义') });
    fc.assert(
      fc.property(
        fc.uniqueArray(text, { maxLength: 60 }),
        fc.array(text, { maxLength: 60 }),
        (ks, probes) => {
          const m = new ByteMap(ks);
          const ref = new Map(ks.map((k, i) => [k, i]));
          for (const p of [...ks, ...probes]) expect(lookUp(m, p)).toBe(ref.get(p) ?? -1);
        },
      ),
      fcOptions(300),
    );
  });
});
