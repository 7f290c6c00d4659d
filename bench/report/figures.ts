/** The figures a later run is compared on (report/baseline.ts), from the parts' outputs. */
import type { CostReport } from '../cost/model';
import type { OrchestrationReport } from '../orchestration/run';
import { median } from '../stats';
import type { Figures } from './baseline';
import { type BundlesFile, type OcrFile, ocrSecondsPerPage, type StatementsFile } from './parts';
import { type ReadingFile, readingExactShare, readingSecondsPerPage } from './reading';

export function keyFigures(parts: {
  orchestration: OrchestrationReport | null;
  cost: CostReport | null;
  bundles: BundlesFile | null;
  ocr: OcrFile | null;
  reading?: ReadingFile | null;
  statements: StatementsFile | null;
}): Figures {
  const f: Figures = {};
  const { orchestration: o, cost, bundles, ocr, reading, statements } = parts;
  if (o) {
    for (const l of o.levels) {
      f[`pipeline apps/s at concurrency ${l.concurrency}`] = {
        value: l.pipeline.appsPerSecond,
        unit: 'apps/s',
        better: 'higher',
      };
    }
    f['raw work apps/s (best)'] = {
      value: Math.max(...o.levels.map((l) => l.raw.appsPerSecond)),
      unit: 'apps/s',
      better: 'higher',
    };
    f['pipeline ÷ raw (worst)'] = {
      value: Math.max(...o.levels.map((l) => l.overhead)),
      unit: '×',
      better: 'lower',
    };
    f['DynamoDB calls per application'] = { value: o.perApplication.dynamoCalls, unit: '', better: 'lower' };
    f['state transitions per application'] = {
      value: o.perApplication.transitions,
      unit: '',
      better: 'lower',
    };
  }
  if (cost)
    f['infrastructure per application'] = {
      value: Number(cost.perApplicationUsd),
      unit: 'USD',
      better: 'lower',
    };
  if (bundles) {
    const zip = bundles.functions.filter((b) => !b.containerImage);
    f['Lambda init, median of functions'] = {
      value: median(zip.map((b) => b.initMsMedian ?? 0)),
      unit: 'ms',
      better: 'lower',
    };
    f['Lambda init, slowest function'] = {
      value: Math.max(...zip.map((b) => b.initMsMedian ?? 0)),
      unit: 'ms',
      better: 'lower',
    };
    f['Lambda JS, median of functions'] = {
      value: median(zip.map((b) => (b.jsBytes ?? 0) / 1024)),
      unit: 'KB',
      better: 'lower',
    };
  }
  if (ocr) f['OCR seconds per page (sample)'] = { value: ocrSecondsPerPage(ocr), unit: 's', better: 'lower' };
  if (reading) {
    f['reading: OCR seconds per page (median)'] = {
      value: readingSecondsPerPage(reading),
      unit: 's',
      better: 'lower',
    };
    f['reading: fields exact'] = { value: readingExactShare(reading) * 100, unit: '%', better: 'higher' };
  }
  if (statements)
    f['statements lines/s'] = { value: statements.ours.linesPerSecond, unit: 'lines/s', better: 'higher' };
  return f;
}
