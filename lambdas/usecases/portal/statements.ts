import { randomUUID } from 'node:crypto';
import type { Container } from '../../adapters/container.js';
import { chinaDateOf } from '../../domain/calendar.js';
import { BusinessRuleError } from '../../shared/errors.js';
import { safeFileName } from '../common.js';
import type { Actor } from './access.js';
import { actorName } from './access.js';

const LINK_SECONDS = 300;

/** A period's issued statements with download links, or an empty, not-yet-issued answer. */
export async function statementsOf(c: Container, period: string) {
  const issued = await c.statements.issued(period);
  if (!issued) return { period, issued: false, statements: [], rejects: [] };
  const link = (key: string | undefined) =>
    key ? c.documents.presignGet(key, { expiresSeconds: LINK_SECONDS }) : Promise.resolve(undefined);
  const statements = await Promise.all(
    issued.summary.statements.map(async (s) => {
      const f = issued.files.find((x) => x.applicationId === s.applicationId && x.currency === s.currency);
      const [jsonUrl, csvUrl, pdfUrl] = await Promise.all([link(f?.json), link(f?.csv), link(f?.pdf)]);
      return {
        ...s,
        ...(jsonUrl ? { jsonUrl } : {}),
        ...(csvUrl ? { csvUrl } : {}),
        ...(pdfUrl ? { pdfUrl } : {}),
      };
    }),
  );
  return {
    period,
    issued: true,
    issuedAt: issued.issuedAt,
    issuedBy: issued.issuedBy,
    statements,
    rejects: issued.summary.rejects,
  };
}

/** Issues once; a later issue of the same period is refused (statements are immutable). */
export async function issueStatements(c: Container, actor: Actor, period: string) {
  // Issuing locks the period for ever: only once it has ended can no more of its lines arrive.
  const today = chinaDateOf(c.clock.now().toISOString());
  if (period >= today.slice(0, 7)) {
    throw new BusinessRuleError(
      `period ${period} has not ended (today is ${today}, China time): statements are issued after its last day`,
    );
  }
  const result = await c.statements.issue(period, actorName(actor, 'finance'));
  return 'started' in result ? { period, started: true } : statementsOf(c, period);
}

/** An order file for the statement runs: a presigned POST under `orders/`. */
export async function requestOrderUpload(
  c: Container,
  input: { fileName: string; contentType: string; size: number },
) {
  const key = `orders/${randomUUID()}-${safeFileName(input.fileName)}`;
  const post = await c.documents.presignPost(key, {
    contentType: input.contentType,
    maxBytes: 2 * 1024 * 1024 * 1024,
    expiresSeconds: 900,
  });
  return { key, ...post };
}
