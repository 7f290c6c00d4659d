import { describe, expect, it } from 'vitest';
import { costPerApplication, gbSeconds, ocrCost, type Usage } from '../../../bench/cost/model';
import { PRICE_TABLE } from '../../../bench/cost/prices';
import { s3RequestClass } from '../../../bench/orchestration/recorder';
import { percentiles } from '../../../bench/stats';

describe('gbSeconds: billed per ms rounded up, memory in MB of 1024', () => {
  it.each([
    { ms: 1000, memoryMb: 1024, want: '1' },
    { ms: 0.2, memoryMb: 1024, want: '0.001' },
    { ms: 1.2, memoryMb: 1024, want: '0.002' },
    { ms: 1000, memoryMb: 512, want: '0.5' },
    { ms: 1000, memoryMb: 1769, want: '1.7275390625' },
  ])('$ms ms at $memoryMb MB → $want GB-s', ({ ms, memoryMb, want }) => {
    expect(gbSeconds([{ ms, memoryMb }]).toString()).toBe(want);
  });
});

const usage: Usage = {
  applications: 2,
  transitions: 76,
  lambdaInvocations: 52,
  lambdaGbSeconds: '4',
  dynamoReadUnits: 200,
  dynamoWriteUnits: 300,
  s3PutClass: 14,
  s3GetClass: 28,
  logBytes: 2 * 1024 ** 3,
  traces: 2,
  apiRequests: 44,
};

describe('costPerApplication: each line is its count per application times its list price, exactly', () => {
  const report = costPerApplication(usage);
  const line = (item: string) => report.lines.find((l) => l.item === item);
  it.each([
    ['Step Functions state transitions', '38', '0.00095'],
    ['Lambda compute (GB-s)', '2', '0.0000266668'],
    ['Lambda requests', '26', '0.0000052'],
    ['DynamoDB write request units', '150', '0.00009375'],
    ['DynamoDB read request units', '100', '0.0000125'],
    ['S3 PUT/POST/LIST requests', '7', '0.000035'],
    ['S3 GET/HEAD requests', '14', '0.0000056'],
    ['CloudWatch Logs ingestion (GB)', '1', '0.5'],
    ['X-Ray traces', '1', '0.000005'],
    ['HTTP API requests', '22', '0.000022'],
  ])('%s: %s → $%s', (item, quantity, usd) => {
    expect(line(item)).toMatchObject({ quantity, usd });
  });
  it('sums the lines into the total and names the dated price table', () => {
    expect(report.perApplicationUsd).toBe('0.501156');
    expect(report.priceTable).toEqual({ asOf: PRICE_TABLE.asOf, region: 'us-east-1', currency: 'USD' });
  });
  it('refuses a run without applications', () => {
    expect(() => costPerApplication({ ...usage, applications: 0 })).toThrow(/at least one/);
  });
});

describe('ocrCost: tesseract time on Lambda plus Textract pages by feature', () => {
  it.each([
    { tesseractPages: 6, textractPages: 0, textractQueryPages: 0, want: '0.0000800004' },
    { tesseractPages: 6, textractPages: 6, textractQueryPages: 3, want: '0.05408' },
    { tesseractPages: 0, textractPages: 0, textractQueryPages: 0, want: '0' },
  ])('$tesseractPages tesseract, $textractPages detect, $textractQueryPages queries → $want', (u) => {
    expect(ocrCost({ ...u, tesseractSecondsPerPage: 1, memoryMb: 1024 }).usd).toBe(u.want);
  });
});

describe('s3RequestClass', () => {
  it.each([
    ['PutObjectCommand', 'put'],
    ['CopyObjectCommand', 'put'],
    ['ListObjectsV2Command', 'put'],
    ['GetObjectCommand', 'get'],
    ['HeadObjectCommand', 'get'],
    ['DeleteObjectCommand', 'free'],
  ] as const)('%s is billed as %s', (command, want) => {
    expect(s3RequestClass(command)).toBe(want);
  });
});

describe('percentiles: nearest rank', () => {
  it.each([
    { values: Array.from({ length: 100 }, (_, i) => i + 1), p50: 50, p95: 95 },
    { values: [7], p50: 7, p95: 7 },
    { values: [3, 1, 2], p50: 2, p95: 3 },
    { values: [], p50: 0, p95: 0 },
  ])('$values.length values → p50 $p50, p95 $p95', ({ values, p50, p95 }) => {
    expect(percentiles(values)).toEqual({ n: values.length, p50, p95 });
  });
});
