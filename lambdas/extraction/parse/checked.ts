/**
 * An OCR-read code whose check character holds is trusted more than its characters' confidence
 * says: the check character of a USCC (mod 31) and of an ID number (mod 11) catches every single
 * misread character, so a read that passes is wrong only if two or more characters are misread in
 * a way that cancels out. Tesseract's confidence for long letter-and-digit words is low even when
 * they are right (measured: correct USCCs at 0.12–0.78); without this they all flag.
 *
 * A read that fails its check keeps its own confidence, and the rule flags it (SPEC "Documents").
 */
import { checkIdNumber, checkUscc, repairOcrUscc } from '../../domain/codes';
import type { Field } from '../../domain/model';
import { normaliseCode } from '../../domain/rules/fields';

/** The confidence of an OCR-read code that was parsed cleanly and passes its check. */
export const CONFIDENCE_CHECKED = 0.95;

function raised(field: Field<string>, clean: boolean, valid: boolean): Field<string> {
  if (field.source.method !== 'ocr' || !clean || !valid) return field;
  return { ...field, confidence: Math.max(field.confidence, CONFIDENCE_CHECKED) };
}

/** A USCC: checked after the SPEC's repair (I, O, Z, S read as 1, 0, 2, 5), as the rule does. */
export function checkedUscc(field: Field<string>, clean: boolean): Field<string> {
  return raised(field, clean, checkUscc(repairOcrUscc(normaliseCode(field.value))).valid);
}

export function checkedIdNumber(field: Field<string>, clean: boolean): Field<string> {
  return raised(field, clean, checkIdNumber(normaliseCode(field.value)).valid);
}
