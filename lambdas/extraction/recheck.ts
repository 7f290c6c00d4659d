/**
 * A second look at names read by OCR: the value's part of the page is cut out, enlarged 1.5× and
 * read again by the same engine. A misread glyph rarely survives the change of scale (the engine
 * sees different pixels and reads a different wrong character, measured on 鑫: 讲, 奢, 蠢, 获 at
 * 1, 1.5, 2, 3×), a right one does:
 *
 * - the second read agrees: the name is trusted to CONFIDENCE_RECHECKED (when read below it);
 * - it disagrees: the name falls to CONFIDENCE_DISPUTED, below the floor, and its rule flags;
 *
 * Only Chinese names below CONFIDENCE_RECHECKED are looked at again (one small read each). The
 * value is never changed: a field is what the first read saw, the second read only weighs it.
 *
 * A USCC or ID number that fails its check character is read again the same way; when that read
 * passes the check it is taken (a read that verifies is what the image says: a single misread
 * character never passes), else the first read stays and its rule flags it.
 */
import { checkIdNumber, checkUscc, repairOcrUscc } from '../domain/codes';
import type { DocumentType, Field, FieldsByType } from '../domain/model';
import { normaliseCode } from '../domain/rules/fields';
import { cropEnlarged } from '../ocr/crop';
import type { Box, Ocr, OcrLanguage } from '../ports/ocr';
import { CONFIDENCE_DISPUTED } from './cross-check';
import { CONFIDENCE_CHECKED } from './parse/checked';
import type { TextLine } from './parse/text';

/** The confidence of a name the second read agrees with. */
export const CONFIDENCE_RECHECKED = 0.9;
const SCALE = 1.5;
const CJK = /[\u3400-\u9fff]/;

const NAMES: Partial<Record<DocumentType, string[]>> = {
  business_licence: ['companyName', 'legalRepresentative'],
  legal_rep_id: ['name'],
  trademark: ['registrant', 'authorizedParty'],
  bank_statement: ['accountName'],
  electricity_bill: ['accountName'],
};

const CODES: Partial<Record<DocumentType, { name: string; valid: (code: string) => boolean }>> = {
  business_licence: { name: 'uscc', valid: (c) => checkUscc(repairOcrUscc(c)).valid },
  legal_rep_id: { name: 'idNumber', valid: (c) => checkIdNumber(c).valid },
};

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The box around the characters of `value` in its line, or null when it cannot be placed. */
function valueBox(at: TextLine, value: string): Box | null {
  const start = at.text.indexOf(value);
  if (start < 0 || !at.boxes) return null;
  const boxes = at.boxes.slice(start, start + value.length).filter((b): b is Box => b !== null);
  if (boxes.length === 0) return null;
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

export interface RecheckContext {
  ocr: Ocr;
  languages: OcrLanguage[];
  lines: readonly TextLine[];
  /** The prepared page images read by OCR, by page number. */
  images: ReadonlyMap<number, Uint8Array>;
}

/** The words read again in the enlarged part of the page holding `value`, or null. */
async function readAgain(f: Field<string>, ctx: RecheckContext): Promise<string | null> {
  const at = ctx.lines.find((l) => l.page === f.source.page && l.line === f.source.line);
  const image = ctx.images.get(f.source.page);
  const box = at && valueBox(at, f.value);
  if (!box || !image) return null;
  const crop = await cropEnlarged(image, box, SCALE);
  if (!crop) return null;
  const again = await ctx.ocr.recognize(crop, { languages: ctx.languages });
  return squash(again.lines.flatMap((l) => l.words.map((w) => w.text)).join(''));
}

export async function recheckFields<T extends DocumentType>(
  type: T,
  fields: FieldsByType[T],
  ctx: RecheckContext,
): Promise<FieldsByType[T]> {
  const out: Record<string, unknown> = { ...fields };
  const code = CODES[type];
  const f = code && (out[code.name] as Field<string> | undefined);
  if (code && f?.source.method === 'ocr' && !code.valid(normaliseCode(f.value))) {
    const text = await readAgain(f, ctx);
    const again = text === null ? null : normaliseCode(text);
    if (again && again.length === 18 && code.valid(again)) {
      out[code.name] = { ...f, value: again, confidence: CONFIDENCE_CHECKED };
    }
  }
  const names = NAMES[type] ?? [];
  for (const name of names) {
    const f = out[name] as Field<string> | undefined;
    if (f?.source.method !== 'ocr' || f.confidence >= CONFIDENCE_RECHECKED) continue;
    if (typeof f.value !== 'string' || !CJK.test(f.value)) continue;
    const text = await readAgain(f, ctx);
    if (text === null) continue;
    out[name] =
      text === squash(f.value)
        ? { ...f, confidence: CONFIDENCE_RECHECKED }
        : { ...f, confidence: Math.min(f.confidence, CONFIDENCE_DISPUTED) };
  }
  return out as FieldsByType[T];
}
