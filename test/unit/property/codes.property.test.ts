import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkUscc,
  idCheckDigit,
  organisationCheckCharacter,
  repairOcrUscc,
  usccCheckCharacter,
} from '../../../lambdas/domain/codes.js';
import { fcOptions } from './settings.js';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // the org code's characters as a USCC carries them
const OCR_LETTERS: Record<string, string> = { I: '1', O: '0', Z: '2', S: '5' };

const charOf = (alphabet: string) => fc.constantFrom(...alphabet);
const digits = (n: number) => fc.string({ unit: charOf('0123456789'), minLength: n, maxLength: n });

/** A valid USCC built the way GB 32100 does: 8 prefix characters, an org code with its check, a check. */
const validUscc = fc
  .tuple(
    fc.string({ unit: charOf(USCC_ALPHABET), minLength: 8, maxLength: 8 }),
    fc.string({ unit: charOf(ORG_ALPHABET), minLength: 8, maxLength: 8 }),
  )
  .map(([prefix, body]) => ({ prefix, body, org: organisationCheckCharacter(body) }))
  // The org check character may be X, which a USCC's alphabet has, or a digit: both fit.
  .filter(({ org }) => org !== null && USCC_ALPHABET.includes(org))
  .map(({ prefix, body, org }) => {
    const first17 = `${prefix}${body}${org}`;
    return `${first17}${usccCheckCharacter(first17)}`;
  });

const validId = digits(17).map((first17) => `${first17}${idCheckDigit(first17)}`);

/** Every code a single substitution at position i by character c makes. */
const substitute = (code: string, i: number, c: string) => code.slice(0, i) + c + code.slice(i + 1);

describe('code validators (property)', () => {
  it('accepts every generated USCC', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(checkUscc(code)).toEqual({ valid: true });
      }),
      fcOptions(500),
    );
  });

  it('rejects a USCC when any one character is substituted', () => {
    // GB 32100's check is mod 31 with weights coprime to 31: one changed character always shows.
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.constantFrom(...`${USCC_ALPHABET}IOZSVabc-０ `), (code, i, c) => {
        const changed = substitute(code, i, c);
        fc.pre(changed !== code);
        expect(checkUscc(changed).valid).toBe(false);
      }),
      fcOptions(2000),
    );
  });

  it('accepts every generated ID number', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(checkIdNumber(id)).toEqual({ valid: true });
      }),
      fcOptions(500),
    );
  });

  it('rejects an ID number when any one character is substituted', () => {
    // GB 11643's ISO 7064 MOD 11-2 detects every single-character error.
    fc.assert(
      fc.property(validId, fc.nat(17), fc.constantFrom(...'0123456789XxA '), (id, i, c) => {
        const changed = substitute(id, i, c);
        fc.pre(changed !== id);
        expect(checkIdNumber(changed).valid).toBe(false);
      }),
      fcOptions(2000),
    );
  });

  it('repairs only I, O, Z and S, and repairs a misread valid USCC back to itself', () => {
    fc.assert(
      fc.property(validUscc, fc.array(fc.nat(17), { maxLength: 4 }), (code, positions) => {
        // OCR reads a digit as the letter it resembles at some positions.
        const reverse: Record<string, string> = { '1': 'I', '0': 'O', '2': 'Z', '5': 'S' };
        let misread = code;
        for (const i of positions) {
          const letter = reverse[misread.charAt(i)];
          if (letter) misread = substitute(misread, i, letter);
        }
        expect(repairOcrUscc(misread)).toBe(code);
      }),
      fcOptions(500),
    );
  });

  it('never turns an invalid USCC into a different valid one by the OCR letter rule', () => {
    // The rule is the only repair: whatever else is wrong with a code stays wrong after it.
    fc.assert(
      fc.property(
        validUscc,
        fc.nat(17),
        fc.constantFrom(...USCC_ALPHABET),
        fc.array(fc.nat(17), { maxLength: 3 }),
        (code, i, c, letterAt) => {
          const broken = substitute(code, i, c);
          fc.pre(broken !== code);
          // Sprinkle the four OCR letters over it (where it holds their digits).
          let read = broken;
          for (const p of letterAt) {
            const ch = read.charAt(p);
            const letter = Object.entries(OCR_LETTERS).find(([, d]) => d === ch)?.[0];
            if (letter) read = substitute(read, p, letter);
          }
          const repaired = repairOcrUscc(read);
          expect(repaired).toBe(broken);
          expect(checkUscc(repaired).valid).toBe(false);
          // Only the four letters ever change.
          for (let k = 0; k < read.length; k++) {
            const was = read.charAt(k);
            expect(repaired.charAt(k)).toBe(OCR_LETTERS[was] ?? was);
          }
        },
      ),
      fcOptions(1000),
    );
  });

  it('leaves every character other than I, O, Z and S untouched', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const repaired = repairOcrUscc(text);
        expect(repaired.length).toBe(text.length);
        for (let k = 0; k < text.length; k++) {
          const was = text.charAt(k);
          expect(repaired.charAt(k)).toBe(OCR_LETTERS[was] ?? was);
        }
      }),
      fcOptions(500),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: 'binary' }), (text) => {
        checkUscc(text);
        checkIdNumber(text);
        usccCheckCharacter(text);
        idCheckDigit(text);
        organisationCheckCharacter(text);
      }),
      fcOptions(1000),
    );
  });
});
