/**
 * One whole order file from a stream (an S3 object in the deployed job's batches): the same
 * layout detection, scanner and totals as the local run, fed chunk by chunk.
 */
import type { Totals } from '../domain/settlement/totals.js';
import { type RunParams, scanContext } from './context.js';
import { fileLayout } from './header.js';
import { OrderScanner, type RejectRow } from './scanner.js';
import { Feeder } from './segment.js';

export interface StreamResult {
  totals: Map<number, Totals>;
  rejects: RejectRow[];
}

export async function scanStream(
  params: RunParams,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<StreamResult> {
  const ctx = scanContext(params);
  let head = Buffer.alloc(0);
  let feeder: Feeder | undefined;
  let scanner: OrderScanner | undefined;
  let headerError: string | undefined;
  const start = (final: boolean) => {
    const layout = fileLayout(name, head);
    if (layout.headerError) {
      headerError = layout.headerError;
      return;
    }
    scanner = new OrderScanner(ctx, {
      format: layout.format,
      ...(layout.columns ? { columns: layout.columns } : {}),
      skipHeader: layout.format === 'csv',
    });
    feeder = new Feeder(scanner);
    feeder.push(head.subarray(layout.bom));
    if (final) feeder.finish();
  };
  for await (const chunk of chunks) {
    if (headerError) break;
    if (feeder) {
      feeder.push(chunk);
      continue;
    }
    // The layout needs the first line whole.
    head = Buffer.concat([head, chunk]);
    if (head.indexOf(10) >= 0) start(false);
  }
  if (!feeder && !headerError) start(true);
  else feeder?.finish();
  if (headerError) return { totals: new Map(), rejects: [{ line: 1, reason: headerError }] };
  return { totals: scanner?.totals() ?? new Map(), rejects: scanner?.rejects ?? [] };
}
