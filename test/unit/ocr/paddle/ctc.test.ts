import { describe, expect, it } from 'vitest';
import {
  bestPerStep,
  ctcCharacters,
  ctcDecode,
  nfkcGroups,
  parseDictionary,
} from '../../../../lambdas/ocr/paddle/ctc';

// blank, a, b, c, （, (, space
const characters = ctcCharacters(['a', 'b', 'c', '（', '(']);

describe('ctcCharacters', () => {
  it('puts the blank first and a space last when given a dictionary', () => {
    expect(characters).toEqual(['', 'a', 'b', 'c', '（', '(', ' ']);
  });
});

describe('parseDictionary', () => {
  it('keeps one character per line and ignores the trailing newline when the file ends with one', () => {
    expect(parseDictionary('a\nb\r\nc\n')).toEqual(['a', 'b', 'c']);
    expect(parseDictionary('a\nb')).toEqual(['a', 'b']);
  });
});

describe('ctcDecode', () => {
  it('collapses runs, drops blanks and keeps the probability and time steps of each character', () => {
    const best = [0, 1, 1, 0, 1, 2, 2, 6, 3];
    const prob = [0.9, 0.6, 0.8, 0.9, 0.7, 0.5, 0.95, 0.9, 0.4];
    const chars = ctcDecode({ best, prob }, best.length, characters);
    expect(chars.map((c) => c.char).join('')).toBe('aab c');
    expect(chars[0]).toEqual({ char: 'a', prob: 0.8, start: 1, end: 2, spaceBefore: 0 });
    expect(chars[2]).toMatchObject({ char: 'b', prob: 0.95, start: 5, end: 6 });
    expect(chars[4]).toMatchObject({ char: 'c', prob: 0.4, start: 8, end: 8 });
  });

  it('reads one item of a batch when given its offset', () => {
    const best = [1, 0, 2, 3, 3, 0];
    const prob = [1, 1, 1, 1, 1, 1];
    expect(ctcDecode({ best, prob }, 3, characters, 3).map((c) => c.char)).toEqual(['c']);
  });

  it('keeps the highest space probability between two characters when the space was not read', () => {
    const best = [1, 0, 0, 2];
    const prob = [0.9, 0.6, 0.7, 0.9];
    const space = [0, 0.3, 0.2, 0];
    const chars = ctcDecode({ best, prob, space }, 4, characters);
    expect(chars.map((c) => [c.char, c.spaceBefore])).toEqual([
      ['a', 0],
      ['b', 0.3],
    ]);
  });

  it('reads look-alikes at consecutive steps as one character when given their groups', () => {
    const { groupOf } = nfkcGroups(characters);
    const best = [4, 5, 0, 4];
    const prob = [0.9, 0.9, 0.9, 0.9];
    expect(ctcDecode({ best, prob }, 4, characters, 0, groupOf).map((c) => c.char)).toEqual(['（', '（']);
    expect(ctcDecode({ best, prob }, 4, characters).map((c) => c.char)).toEqual(['（', '(', '（']);
  });
});

describe('nfkcGroups', () => {
  it('groups the classes that NFKC folds together when the dictionary holds both widths', () => {
    const { groupOf, members } = nfkcGroups(characters);
    expect(members).toEqual([[4, 5]]);
    expect(groupOf[5]).toBe(4);
    expect(groupOf[1]).toBe(1);
  });
});

describe('bestPerStep', () => {
  it('takes the most probable class of each step with its probability and the space probability', () => {
    // 2 steps × 7 classes
    const probs = [0.1, 0.6, 0.1, 0.1, 0, 0, 0.1, 0.2, 0, 0, 0, 0, 0, 0.8];
    const r = bestPerStep(probs, 2, 7);
    expect([...r.best]).toEqual([1, 6]);
    expect([...r.prob].map((p) => +p.toFixed(2))).toEqual([0.6, 0.8]);
    expect([...r.last].map((p) => +p.toFixed(2))).toEqual([0.1, 0.8]);
  });

  it('sums the probabilities of look-alikes when their split belief would lose to another class', () => {
    const probs = [0.1, 0.3, 0, 0, 0.3, 0.3, 0];
    const { members } = nfkcGroups(characters);
    const r = bestPerStep(probs, 1, 7, members);
    expect(r.best[0]).toBe(4);
    expect(r.prob[0]).toBeCloseTo(0.6);
    expect(bestPerStep(probs, 1, 7).best[0]).toBe(1);
  });
});
