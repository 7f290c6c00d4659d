/**
 * The memory of documents already submitted, for DOCUMENT_REUSED: each confirmed application's
 * fingerprints (sha256, account numbers, page hashes) under keys of their own, so a check is a
 * few Queries, never a Scan.
 */
import type { Fingerprint } from '../domain/rules/integrity.js';

export type FingerprintKind = Fingerprint['kind'];

export interface FingerprintKey {
  kind: FingerprintKind;
  /** sha256 hex, `<type>:<account number>`, or a 64-bit page hash in hex. */
  value: string;
}

export type NewFingerprint = Omit<Fingerprint, 'seq' | 'applicationId' | 'uscc'>;

export interface FingerprintIndex {
  /**
   * Records an application's fingerprints once and gives its place in the confirmation order
   * (recording again gives the same place: steps are re-driven).
   */
  record(applicationId: string, uscc: string, prints: readonly NewFingerprint[]): Promise<number>;
  /**
   * The fingerprints under these keys. A page hash finds every hash that shares one of its eight
   * bytes (so every hash within distance 7); the rules measure the distance.
   */
  lookup(keys: readonly FingerprintKey[]): Promise<Fingerprint[]>;
}

/** The eight one-byte bands of a 64-bit hash: two hashes within distance 7 share at least one. */
export function hashBands(hex: string): string[] {
  return Array.from({ length: Math.ceil(hex.length / 2) }, (_, i) => `${i}:${hex.slice(i * 2, i * 2 + 2)}`);
}

/** The index keys a fingerprint is kept (and looked up) under. */
export function indexKeys(key: FingerprintKey): string[] {
  return key.kind === 'phash' ? hashBands(key.value).map((b) => `phash#${b}`) : [`${key.kind}#${key.value}`];
}
