/**
 * Company and person names are compared after NFKC (full-width → half-width), removing every
 * space, and treating （） and () alike (SPEC "Dates"). Case is kept: the SPEC does not
 * fold it, and Chinese names have none.
 */

export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').replace(/（/g, '(').replace(/）/g, ')');
}

export function sameName(a: string, b: string): boolean {
  return normaliseName(a) === normaliseName(b);
}
