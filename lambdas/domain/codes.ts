/**
 * Check characters of Chinese registration codes:
 * - USCC (GB 32100-2015), 18 characters, whose positions 9–17 embed an organisation code (GB 11714);
 * - resident ID number (GB 11643-1999), 18 characters.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type CodeProblem = 'length' | 'characters' | 'check_character' | 'organisation_check_character';

export type CodeCheck = { valid: true } | { valid: false; problem: CodeProblem };

/** The 18th USCC character for its first 17, or null when they hold a character a USCC cannot. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

function orgCharValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return -1;
}

/** The 9th character of a GB 11714 organisation code for its first 8, or null. */
export function organisationCheckCharacter(first8: string): string | null {
  if (first8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgCharValue(first8.charAt(i));
    if (v < 0) return null;
    sum += v * (ORG_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkUscc(code: string): CodeCheck {
  if (code.length !== 18) return { valid: false, problem: 'length' };
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return { valid: false, problem: 'characters' };
  if (usccCheckCharacter(code.slice(0, 17)) !== code.charAt(17)) {
    return { valid: false, problem: 'check_character' };
  }
  if (organisationCheckCharacter(code.slice(8, 16)) !== code.charAt(16)) {
    return { valid: false, problem: 'organisation_check_character' };
  }
  return { valid: true };
}

/**
 * OCR repair for a USCC: letters that can never occur in one become the digits they resemble.
 * Nothing else is guessed (SPEC "Documents").
 */
export function repairOcrUscc(code: string): string {
  return code.replace(/[IOZS]/g, (c) => ({ I: '1', O: '0', Z: '2', S: '5' })[c] as string);
}

export function idCheckDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] as number);
  return ID_CHECK.charAt(sum % 11);
}

export function checkIdNumber(id: string): CodeCheck {
  if (id.length !== 18) return { valid: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { valid: false, problem: 'characters' };
  if (idCheckDigit(id.slice(0, 17)) !== id.charAt(17)) return { valid: false, problem: 'check_character' };
  return { valid: true };
}

/** Builds a valid USCC from its 8-character prefix (e.g. "91330782") and an 8-character body. */
export function makeUscc(prefix8: string, body8: string): string {
  const org = body8 + (organisationCheckCharacter(body8) ?? '');
  const first17 = prefix8 + org;
  return first17 + (usccCheckCharacter(first17) ?? '');
}
