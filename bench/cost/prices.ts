/**
 * AWS list prices the cost model uses: us-east-1, USD, the first (most expensive) tier, free tiers
 * ignored. Transcribed from the services' public pricing pages as the team last read them on the
 * date below; the build machines cannot reach aws.amazon.com, so re-check a price before quoting
 * it, and change the date with the figure. Other regions differ by a few per cent (Singapore's
 * DynamoDB is ≈ 14% dearer; Step Functions and Lambda are the same there).
 *
 * Prices are decimal strings: the model multiplies them with decimal.js, never as floats.
 */
export interface Price {
  /** USD per unit, as a decimal string. */
  usd: string;
  unit: string;
  page: string;
}

export const PRICE_TABLE = {
  asOf: '2026-11-24',
  region: 'us-east-1',
  currency: 'USD',
  prices: {
    stepFunctionsTransition: {
      usd: '0.000025',
      unit: 'state transition (Standard workflows; $0.025 per 1,000)',
      page: 'https://aws.amazon.com/step-functions/pricing/',
    },
    lambdaArmGbSecond: {
      usd: '0.0000133334',
      unit: 'GB-second, arm64 (first 7.5 billion GB-s a month)',
      page: 'https://aws.amazon.com/lambda/pricing/',
    },
    lambdaRequest: {
      usd: '0.0000002',
      unit: 'request ($0.20 per million)',
      page: 'https://aws.amazon.com/lambda/pricing/',
    },
    dynamoWriteRequestUnit: {
      usd: '0.000000625',
      unit: 'write request unit, on-demand ($0.625 per million)',
      page: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    },
    dynamoReadRequestUnit: {
      usd: '0.000000125',
      unit: 'read request unit, on-demand ($0.125 per million)',
      page: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    },
    s3PutClassRequest: {
      usd: '0.000005',
      unit: 'PUT, COPY, POST or LIST request, S3 Standard ($0.005 per 1,000)',
      page: 'https://aws.amazon.com/s3/pricing/',
    },
    s3GetClassRequest: {
      usd: '0.0000004',
      unit: 'GET, HEAD and other requests, S3 Standard ($0.0004 per 1,000)',
      page: 'https://aws.amazon.com/s3/pricing/',
    },
    s3StorageGbMonth: {
      usd: '0.023',
      unit: 'GB-month, S3 Standard (first 50 TB)',
      page: 'https://aws.amazon.com/s3/pricing/',
    },
    logsIngestGb: {
      usd: '0.50',
      unit: 'GB ingested, CloudWatch Logs (standard class; vended logs start at the same price)',
      page: 'https://aws.amazon.com/cloudwatch/pricing/',
    },
    xrayTrace: {
      usd: '0.000005',
      unit: 'trace recorded ($5.00 per million)',
      page: 'https://aws.amazon.com/xray/pricing/',
    },
    httpApiRequest: {
      usd: '0.000001',
      unit: 'HTTP API request ($1.00 per million, first 300 million)',
      page: 'https://aws.amazon.com/api-gateway/pricing/',
    },
    textractDetectTextPage: {
      usd: '0.0015',
      unit: 'page, DetectDocumentText ($1.50 per 1,000, first million a month)',
      page: 'https://aws.amazon.com/textract/pricing/',
    },
    textractQueriesPage: {
      usd: '0.015',
      unit: 'page, AnalyzeDocument with QUERIES ($15 per 1,000, first million a month)',
      page: 'https://aws.amazon.com/textract/pricing/',
    },
  },
} as const satisfies { asOf: string; region: string; currency: string; prices: Record<string, Price> };

export type PriceName = keyof typeof PRICE_TABLE.prices;
