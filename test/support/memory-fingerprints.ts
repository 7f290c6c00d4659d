/** The fingerprint index in memory, for unit tests only (the runtime uses DynamoFingerprintIndex). */
import type { Fingerprint } from '../../lambdas/domain/rules/integrity.js';
import {
  type FingerprintIndex,
  type FingerprintKey,
  indexKeys,
  type NewFingerprint,
} from '../../lambdas/ports/fingerprints.js';

export class MemoryFingerprintIndex implements FingerprintIndex {
  private readonly byKey = new Map<string, Fingerprint[]>();
  private readonly places = new Map<string, number>();

  async record(applicationId: string, uscc: string, prints: readonly NewFingerprint[]): Promise<number> {
    const had = this.places.get(applicationId);
    if (had !== undefined) return had;
    const seq = this.places.size + 1;
    for (const p of prints) {
      for (const key of indexKeys(p)) {
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), { ...p, applicationId, uscc, seq }]);
      }
    }
    this.places.set(applicationId, seq);
    return seq;
  }

  async lookup(keys: readonly FingerprintKey[]): Promise<Fingerprint[]> {
    const out = new Set<Fingerprint>();
    for (const key of keys.flatMap(indexKeys)) for (const f of this.byKey.get(key) ?? []) out.add(f);
    return [...out];
  }
}
