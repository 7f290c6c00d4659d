import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/shared/errors.js';

const s3 = mockClient(S3Client);
const body = (text: string) => ({
  transformToByteArray: async () => new TextEncoder().encode(text),
  transformToString: async () => text,
});
const run = {
  period: '2026-10',
  runPrefix: 'statements/runs/2026-10/statements-2026-10',
  schedulesKey: 'statements/runs/2026-10/statements-2026-10/schedules.json',
};
const item = {
  applicationId: 'app-a',
  currency: 'CNY',
  lines: 1,
  grossMinor: '100',
  commissionMinor: '5',
  fulfilmentMinor: '4',
  vasMinor: '0',
  parts: [['lines/orders%2Fa.csv.bin', 0, 40]],
};

type Handler = (event: unknown) => Promise<unknown>;
let files: Handler;
let issue: Handler;

describe('the statement job’s files and issue steps', () => {
  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    Object.assign(process.env, {
      TABLE_NAME: 't',
      AUDIT_TABLE_NAME: 'a',
      BUCKET_NAME: 'docs',
      AWS_REGION: 'cn-north-1',
      // The Issue step tells sellers of their statements through the bus (none in these records).
      EVENT_BUS_NAME: 'bus',
    });
    ({ handler: files } = await import('../../../lambdas/steps/statement-files/handler.js'));
    ({ handler: issue } = await import('../../../lambdas/steps/statement-issue/handler.js'));
  });
  beforeEach(() => s3.reset());

  it('refuses a files batch that is not one before reading anything', async () => {
    for (const bad of [
      {},
      { Items: [], BatchInput: run },
      { Items: [item], BatchInput: { ...run, period: '2026-13' } },
      { Items: [{ ...item, currency: 'cny' }], BatchInput: run },
      { Items: [{ ...item, grossMinor: 1.5 }], BatchInput: run },
      { Items: [{ ...item, parts: [['k', -1, 4]] }], BatchInput: run },
      { Items: [{ ...item, parts: [['k', 0]] }], BatchInput: run },
    ])
      await expect(files(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidInputError);
    expect(s3.calls()).toHaveLength(0);
  });

  it('reads the run’s schedules, then its statements’ slices with ranged GETs', async () => {
    s3.on(GetObjectCommand, { Key: run.schedulesKey }).resolves({ Body: body('[]') } as never);
    s3.on(GetObjectCommand, { Key: `${run.runPrefix}/lines/orders%2Fa.csv.bin` }).rejects(
      new Error('stop here'),
    );
    await expect(files({ Items: [item], BatchInput: run })).rejects.toThrow('stop here');
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'docs', Key: run.schedulesKey },
      { Bucket: 'docs', Key: `${run.runPrefix}/lines/orders%2Fa.csv.bin`, Range: 'bytes=0-39' },
    ]);
  });

  it('publishes the prepared record write-once; its own retry succeeds, another run’s record fails', async () => {
    const record = '{"period":"2026-10","files":[]}';
    s3.on(GetObjectCommand, { Key: `${run.runPrefix}/issued.json` }).resolves({
      Body: body(record),
    } as never);
    s3.on(PutObjectCommand).resolvesOnce({});
    // What the issued record holds now: the step reads it back to tell each seller of its
    // statements (statement.issued), and a retry reads it to know whether it was its own.
    let issued = record;
    s3.on(GetObjectCommand, { Key: 'statements/issued/2026-10/summary.json' }).callsFake(() => ({
      Body: body(issued),
    }));
    expect(await issue(run)).toEqual({ issuedKey: 'statements/issued/2026-10/summary.json' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: 'statements/issued/2026-10/summary.json',
      IfNoneMatch: '*',
      ContentType: 'application/json',
    });

    const exists = new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
    });
    s3.on(PutObjectCommand).rejects(exists);
    expect(await issue(run)).toEqual({ issuedKey: 'statements/issued/2026-10/summary.json' });
    issued = '{"period":"2026-10","issuedBy":"finance@example.com"}';
    await expect(issue(run)).rejects.toMatchObject({ name: 'StatementsAlreadyIssuedError' });
  });
});
