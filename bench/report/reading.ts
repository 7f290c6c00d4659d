/** The reading part of the report: bench/out/reading.json as `npm run bench:reading` wrote it. */
import type { DocumentRead, GroupRow } from '../reading';
import { median } from '../stats';
import { mdTable } from './tables';

export interface ReadingFile {
  date: string;
  engine: string;
  documents: number;
  firstLoadSeconds: number;
  rows: GroupRow[];
  targets: { target: string; value: string; met: boolean | null }[];
  reads: DocumentRead[];
}

const IMAGE_FORMS = new Set(['png-scan', 'pdf-scan', 'jpg-photo']);

/** Median seconds per page of the documents read by OCR. */
export function readingSecondsPerPage(r: ReadingFile): number {
  return median(r.reads.filter((d) => IMAGE_FORMS.has(d.form)).map((d) => d.seconds / Math.max(1, d.pages)));
}

export function readingExactShare(r: ReadingFile): number {
  const fields = r.reads.flatMap((d) => d.fields);
  return fields.length ? fields.filter((f) => f.outcome === 'exact').length / fields.length : 0;
}

export function readingSection(r: ReadingFile): string {
  const table = mdTable(
    [
      'type',
      'layout',
      'form',
      'docs',
      'exact',
      'flagged',
      'confident and wrong',
      'flagged docs',
      's/page median',
      'p95',
    ],
    r.rows.map((g) => [
      g.type,
      g.layout,
      g.form,
      String(g.documents),
      `${g.exact}/${g.fields}`,
      String(g.flagged),
      String(g.wrong),
      String(g.flaggedDocuments),
      g.secondsPerPageMedian.toFixed(2),
      g.secondsPerPageP95.toFixed(2),
    ]),
  );
  return `${r.documents} documents, engine ${r.engine}, its first load ${r.firstLoadSeconds.toFixed(1)} s (apart).\n\n${table}`;
}
