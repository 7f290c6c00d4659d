import type { Container } from '../adapters/container.js';
import {
  CHECK_PARTS,
  type CheckPart,
  type CheckPartResult,
  evaluateCheckPart,
  mergeCheckParts,
} from '../domain/rules/check-parts.js';
import { readDocuments } from '../domain/rules/documents.js';
import { readUscc, trustedUscc } from '../domain/rules/licence.js';
import type { Violation } from '../domain/rules/violations.js';
import { BusinessRuleError } from '../shared/errors.js';
import { requireApplication, standingOutcome, toStored } from './common.js';

/** One branch of the checks (steps 3–6): its rules over the stored extractions. */
export async function runCheck(
  c: Container,
  applicationId: string,
  part: CheckPart,
): Promise<{ reasons: number }> {
  const record = await requireApplication(c, applicationId);
  const settings = await c.rules();
  const extractions = (await c.applications.listExtractions(applicationId)).map((e) => e.extraction);
  let violations: Violation[] = [];
  if (part === 'violations') {
    // Records are kept per USCC: the declared code and the one read from the licence (a Query each).
    const licence = readDocuments(extractions, 'business_licence')[0];
    const read = licence ? trustedUscc(readUscc(licence.fields.uscc, settings.confidenceFloor)) : null;
    const codes = [...new Set([record.application.seller.uscc, read].filter((x): x is string => Boolean(x)))];
    violations = (await Promise.all(codes.map((u) => c.violations.forUscc(u)))).flat();
  }
  const result = evaluateCheckPart(part, { app: record.application, extractions, violations, settings });
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
  const settings = await c.rules();
  await c.applications.putResult(applicationId, 'checks', {
    licence: merged.licence,
    capacity: merged.capacity,
    rulesVersion: settings.version,
  });
  await c.applications.raiseReasons(applicationId, toStored(merged.reasons, c.clock.now().toISOString()));
  const checkSteps = [...new Set(merged.reasons.map((r) => r.step))];
  return { outcome: await standingOutcome(c, applicationId, checkSteps) };
}
