import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3StatementObjects } from '../../../lambdas/adapters/s3-statement-objects.js';

const s3 = mockClient(S3Client);
/** What GetObject's Body offers that the adapter uses. */
const body = (bytes: Uint8Array) => ({
  transformToByteArray: async () => bytes,
  transformToString: async () => Buffer.from(bytes).toString('utf8'),
});
const failure = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('S3StatementObjects', () => {
  const objects = new S3StatementObjects(new S3Client({ region: 'cn-north-1' }), 'docs');
  beforeEach(() => s3.reset());

  it('reads a slice of a lines object with one ranged GET (inclusive end)', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(new Uint8Array([5, 6, 7])) } as never);
    expect([...(await objects.getRange('statements/runs/p/r/lines/x.bin', 10, 3))]).toEqual([5, 6, 7]);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'docs',
      Key: 'statements/runs/p/r/lines/x.bin',
      Range: 'bytes=10-12',
    });
    // An empty slice costs no request.
    expect(await objects.getRange('k', 0, 0)).toHaveLength(0);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('fails a short read rather than write a statement short of lines', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(new Uint8Array([1])) } as never);
    await expect(objects.getRange('k', 0, 4)).rejects.toThrow(/1 bytes at 0, 4 expected/);
  });

  it('writes statement files once (If-None-Match: *) and says when the key was there already', async () => {
    s3.on(PutObjectCommand)
      .resolvesOnce({})
      .rejectsOnce(failure('PreconditionFailed', 412))
      .rejectsOnce(failure('ConditionalRequestConflict', 409))
      .rejectsOnce(failure('AccessDenied', 403));
    const pdf = new Uint8Array([37, 80, 68, 70]);
    expect(await objects.putOnce('statements/issued/2026-10/a-2026-10-CNY.pdf', pdf, 'application/pdf')).toBe(
      true,
    );
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'docs',
      Key: 'statements/issued/2026-10/a-2026-10-CNY.pdf',
      Body: pdf,
      ContentType: 'application/pdf',
      IfNoneMatch: '*',
    });
    expect(await objects.putOnce('k', pdf, 'application/pdf')).toBe(false);
    expect(await objects.putOnce('k', pdf, 'application/pdf')).toBe(false);
    await expect(objects.putOnce('k', pdf, 'application/pdf')).rejects.toThrow();
  });

  it('puts run objects (the lines) as they are and reads whole objects as bytes', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({ Body: body(new Uint8Array([1, 2])) } as never);
    await objects.putBytes(
      'statements/runs/p/r/lines/x.bin',
      new Uint8Array([1, 2]),
      'application/octet-stream',
    );
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: 'statements/runs/p/r/lines/x.bin',
      ContentType: 'application/octet-stream',
    });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch).toBeUndefined();
    expect([...(await objects.getBytes('statements/runs/p/r/issued.json'))]).toEqual([1, 2]);
  });
});
