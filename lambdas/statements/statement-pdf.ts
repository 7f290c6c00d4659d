/** Placeholder until the bilingual PDF lands (below). */
import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { StatementSummary } from './run.js';

export async function writeStatementPdf(
  _path: string,
  _input: { summary: StatementSummary; period: string; schedule: FeeSchedule; csvParts: string[] },
): Promise<void> {}
