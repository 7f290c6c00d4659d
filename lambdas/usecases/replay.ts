import type { Container } from '../adapters/container.js';
import type { Extraction } from '../domain/model.js';
import { evaluateChecks } from '../domain/rules/checks.js';
import { extractDocument, extractorVersion } from '../extraction/index.js';
import type { Ocr } from '../ports/ocr.js';
import { BusinessRuleError, NotFoundError } from '../shared/errors.js';
import type { ChecksDecision } from './checks.js';
import { requireApplication, sha256 } from './common.js';

export interface Replay {
  same: boolean;
  recorded: Pick<ChecksDecision, 'reasons' | 'capacity' | 'licence'>;
  replayed: Pick<ChecksDecision, 'reasons' | 'capacity' | 'licence'>;
}

/**
 * Re-decides the checks of an application from its decision record alone: the same files
 * (verified by sha256), read by the same extractor, under the same rules version, with the same
 * violation records. An auditor's proof that the decision follows from what it says it used.
 */
export async function replayChecks(c: Container, applicationId: string, ocr?: Ocr): Promise<Replay> {
  const record = await requireApplication(c, applicationId);
  const decision = await c.applications.getResult<ChecksDecision & Record<string, unknown>>(
    applicationId,
    'checks',
  );
  if (!decision) throw new NotFoundError(`${applicationId} has no checks decision to replay`);
  const version = extractorVersion(ocr);
  if (!decision.extractorVersions.every((v) => v === version)) {
    throw new BusinessRuleError(
      `decision read with extractor ${decision.extractorVersions.join(', ')}, this replay has ${version}`,
    );
  }
  const rules = await c.rulesConfig.get(decision.rulesVersion);
  if (!rules) throw new NotFoundError(`rules version ${decision.rulesVersion} is missing`);
  const extractions: Extraction[] = [];
  for (const d of decision.documents) {
    if (!d.key || !d.sha256) continue;
    const bytes = await c.documents.get(d.key);
    if (!bytes || sha256(bytes) !== d.sha256) {
      throw new BusinessRuleError(`document ${d.file} is not the file the decision used (sha256 differs)`);
    }
    extractions.push(
      await extractDocument({ type: d.type as Extraction['type'], file: d.file, bytes }, ocr ? { ocr } : {}),
    );
  }
  const replayed = evaluateChecks({
    app: record.application,
    extractions,
    violations: decision.violations,
    settings: rules.settings,
    // Reuse is decided on the index's answer as it was then (the index grows afterwards).
    fingerprints: decision.integrity?.fingerprints ?? [],
    ...(typeof decision.integrity?.seq === 'number' ? { seq: decision.integrity.seq } : {}),
  });
  const pick = (x: Pick<ChecksDecision, 'reasons' | 'capacity' | 'licence'>) => ({
    reasons: x.reasons,
    capacity: x.capacity,
    licence: x.licence,
  });
  const recorded = pick(decision);
  const again = pick(replayed);
  return { same: canonical(recorded) === canonical(again), recorded, replayed: again };
}

/** JSON with object keys sorted: DynamoDB keeps no key order, the comparison must not depend on it. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
