/**
 * What one application costs on AWS: the usage counted in a local run, priced by PRICE_TABLE.
 * Exact decimals throughout (decimal.js): a price of $0.000000125 times a count is not a float.
 */
import Decimal from 'decimal.js';
import { PRICE_TABLE, type PriceName } from './prices';

/** Usage summed over a run's applications, as the local run counted it. */
export interface Usage {
  applications: number;
  transitions: number;
  lambdaInvocations: number;
  /** Decimal string: Σ billed ms × configured memory (see `gbSeconds`). */
  lambdaGbSeconds: string;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  s3PutClass: number;
  s3GetClass: number;
  /** Modelled, not measured: see `modelledUsage`. */
  logBytes: number;
  traces: number;
  apiRequests: number;
}

export interface CostLine {
  item: string;
  /** Per application. */
  quantity: string;
  unit: string;
  usd: string;
  measured: boolean;
}

export interface CostReport {
  priceTable: { asOf: string; region: string; currency: string };
  perApplicationUsd: string;
  lines: CostLine[];
}

const price = (name: PriceName) => new Decimal(PRICE_TABLE.prices[name].usd);

/** GB-seconds of a list of invocations, billed per ms rounded up, memory in MB (1 GB = 1024 MB). */
export function gbSeconds(invocations: { memoryMb: number; ms: number }[]): Decimal {
  return invocations.reduce(
    (sum, i) => sum.plus(new Decimal(Math.max(1, Math.ceil(i.ms))).times(i.memoryMb).div(1024 * 1000)),
    new Decimal(0),
  );
}

function line(item: string, total: Decimal.Value, n: number, name: PriceName, measured: boolean): CostLine {
  const quantity = new Decimal(total).div(n);
  return {
    item,
    quantity: quantity.toSignificantDigits(6).toString(),
    unit: PRICE_TABLE.prices[name].unit,
    usd: quantity.times(price(name)).toSignificantDigits(6).toString(),
    measured,
  };
}

/** Infrastructure cost per application (OCR aside: see `ocrCost`). */
export function costPerApplication(u: Usage): CostReport {
  const n = u.applications;
  if (n <= 0) throw new Error('cost per application needs at least one application');
  const lines = [
    line('Step Functions state transitions', u.transitions, n, 'stepFunctionsTransition', true),
    line('Lambda compute (GB-s)', u.lambdaGbSeconds, n, 'lambdaArmGbSecond', true),
    line('Lambda requests', u.lambdaInvocations, n, 'lambdaRequest', true),
    line('DynamoDB write request units', u.dynamoWriteUnits, n, 'dynamoWriteRequestUnit', true),
    line('DynamoDB read request units', u.dynamoReadUnits, n, 'dynamoReadRequestUnit', true),
    line('S3 PUT/POST/LIST requests', u.s3PutClass, n, 's3PutClassRequest', true),
    line('S3 GET/HEAD requests', u.s3GetClass, n, 's3GetClassRequest', true),
    line('CloudWatch Logs ingestion (GB)', new Decimal(u.logBytes).div(1024 ** 3), n, 'logsIngestGb', false),
    line('X-Ray traces', u.traces, n, 'xrayTrace', false),
    line('HTTP API requests', u.apiRequests, n, 'httpApiRequest', false),
  ];
  const total = lines.reduce((s, l) => s.plus(l.usd), new Decimal(0));
  return {
    priceTable: { asOf: PRICE_TABLE.asOf, region: PRICE_TABLE.region, currency: PRICE_TABLE.currency },
    perApplicationUsd: total.toSignificantDigits(6).toString(),
    lines,
  };
}

export interface OcrUsage {
  /** Pages read by the Chinese-capable engine (PaddleOCR in the extraction function's container). */
  tesseractPages: number;
  tesseractSecondsPerPage: number;
  memoryMb: number;
  /** English pages go to Textract: text detection, and QUERIES where the document type asks. */
  textractPages: number;
  textractQueryPages: number;
}

/** OCR cost of one application whose documents are all photos or scans. */
export function ocrCost(u: OcrUsage): { usd: string; lines: { item: string; usd: string }[] } {
  const tesseract = new Decimal(u.tesseractPages)
    .times(u.tesseractSecondsPerPage)
    .times(u.memoryMb)
    .div(1024)
    .times(price('lambdaArmGbSecond'));
  const detect = new Decimal(u.textractPages).times(price('textractDetectTextPage'));
  const queries = new Decimal(u.textractQueryPages).times(price('textractQueriesPage'));
  const fmt = (d: Decimal) => d.toSignificantDigits(6).toString();
  return {
    usd: fmt(tesseract.plus(detect).plus(queries)),
    lines: [
      {
        item: `PaddleOCR on Lambda (${u.tesseractPages} pages × ${u.tesseractSecondsPerPage} s)`,
        usd: fmt(tesseract),
      },
      { item: `Textract DetectDocumentText (${u.textractPages} pages)`, usd: fmt(detect) },
      { item: `Textract QUERIES (${u.textractQueryPages} pages)`, usd: fmt(queries) },
    ],
  };
}
