import type { Container } from '../adapters/container.js';
import type { Reason } from '../domain/model.js';
import {
  CHECK_PARTS,
  type CheckPart,
  type CheckPartResult,
  evaluateCheckPart,
  type MergedChecks,
  mergeCheckParts,
  readLicenceUscc,
} from '../domain/rules/check-parts.js';
import { type Fingerprint, fingerprintsOf } from '../domain/rules/integrity.js';
import type { Violation } from '../domain/rules/violations.js';
import { BusinessRuleError } from '../shared/errors.js';
import { requireApplication, rulesFor, rulesOf, standingOutcome, toStored } from './common.js';

export interface ChecksDecision {
  licence: MergedChecks['licence'];
  capacity: MergedChecks['capacity'];
  /** Integrity evidence (sign, document, page, region, other application), for the reviewer. */
  integrity: MergedChecks['integrity'];
  reasons: Reason[];
  rulesVersion: string;
  violations: Violation[];
  extractorVersions: string[];
  documents: { index: number; type: string; file: string; skuId?: string; key?: string; sha256?: string }[];
}

/** One branch of the checks (steps 3–6): its rules over the stored extractions. */
export async function runCheck(
  c: Container,
  applicationId: string,
  part: CheckPart,
): Promise<{ reasons: number }> {
  const record = await requireApplication(c, applicationId);
  const settings = await rulesOf(c, record);
  const extractions = (await c.applications.listExtractions(applicationId)).map((e) => e.extraction);
  let violations: Violation[] = [];
  if (part === 'violations') {
    // Records are kept per USCC: the declared code and the one read from the licence (a Query each).
    const read = readLicenceUscc({ app: record.application, extractions, settings });
    const codes = [...new Set([record.application.seller.uscc, read].filter((x): x is string => Boolean(x)))];
    violations = (await Promise.all(codes.map((u) => c.violations.forUscc(u)))).flat();
  }
  let fingerprints: Fingerprint[] = [];
  let seq: number | undefined;
  if (part === 'integrity') {
    // The index under this application's own keys (a Query each); earlier ones decide reuse.
    seq = (await c.applications.getResult<{ seq?: number }>(applicationId, 'fingerprints'))?.seq;
    const keys = fingerprintsOf(extractions).map((f) => ({ kind: f.kind, value: f.value }));
    fingerprints = keys.length > 0 ? await c.fingerprints.lookup(keys) : [];
  }
  const result = evaluateCheckPart(part, {
    app: record.application,
    extractions,
    violations,
    settings,
    fingerprints,
    ...(seq === undefined ? {} : { seq }),
  });
  await c.applications.putResult(
    applicationId,
    `check-${part}`,
    result as unknown as Record<string, unknown>,
  );
  return { reasons: result.reasons.length };
}

/** The checks merged into one result: every reason raised together, then reject, flag or pass. */
export async function mergeChecks(
  c: Container,
  applicationId: string,
): Promise<{ outcome: 'reject' | 'flag' | 'pass' }> {
  const parts: CheckPartResult[] = [];
  for (const part of CHECK_PARTS) {
    const result = await c.applications.getResult<Record<string, unknown>>(applicationId, `check-${part}`);
    if (!result) throw new BusinessRuleError(`check ${part} of ${applicationId} has no result`);
    parts.push(result as unknown as CheckPartResult);
  }
  const merged = mergeCheckParts(parts);
  const violationsUsed = (
    parts.find((p) => p.part === 'violations') as { violationsUsed?: Violation[] } | undefined
  )?.violationsUsed;
  const settings = await rulesFor(c, applicationId);
  const extractions = await c.applications.listExtractions(applicationId);
  const documents = await c.applications.listDocuments(applicationId);
  const decision: ChecksDecision = {
    licence: merged.licence,
    capacity: merged.capacity,
    integrity: merged.integrity,
    reasons: merged.reasons,
    // What the decision rests on, so it can be replayed and give the same result.
    rulesVersion: settings.version,
    violations: violationsUsed ?? [],
    extractorVersions: [...new Set(extractions.map((e) => e.extractorVersion))],
    documents: documents.map((d) => ({
      index: d.index,
      type: d.type,
      file: d.file,
      ...(d.skuId ? { skuId: d.skuId } : {}),
      ...(d.key ? { key: d.key } : {}),
      ...(d.sha256 ? { sha256: d.sha256 } : {}),
    })),
  };
  await c.applications.putResult(applicationId, 'checks', decision as unknown as Record<string, unknown>);
  await c.applications.raiseReasons(applicationId, toStored(merged.reasons, c.clock.now().toISOString()));
  const checkSteps = [...new Set(merged.reasons.map((r) => r.step))];
  return { outcome: await standingOutcome(c, applicationId, checkSteps) };
}
