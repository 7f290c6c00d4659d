import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StatementObjects } from '../usecases/statement-job.js';

const statusOf = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Order files and statement-run objects in S3; order objects are streamed, never held whole. */
export class S3StatementObjects implements StatementObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async *stream(key: string): AsyncIterable<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!out.Body) return;
    yield* out.Body as AsyncIterable<Uint8Array>;
  }

  async getJson<T>(key: string): Promise<T> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return JSON.parse((await out.Body?.transformToString('utf8')) ?? 'null') as T;
  }

  async putJson(key: string, json: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json, ContentType: 'application/json' }),
    );
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
  }

  async getRange(key: string, start: number, length: number): Promise<Uint8Array> {
    if (length === 0) return new Uint8Array(0);
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${start + length - 1}` }),
    );
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
    if (bytes.length !== length)
      throw new Error(`s3://${this.bucket}/${key}: ${bytes.length} bytes at ${start}, ${length} expected`);
    return bytes;
  }

  async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  /** `If-None-Match: *`: S3 answers 412 when the key exists (409 while another put of it is in flight). */
  async putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (err) {
      const status = statusOf(err);
      if ((err as Error).name === 'PreconditionFailed' || status === 412 || status === 409) return false;
      throw err;
    }
  }
}
