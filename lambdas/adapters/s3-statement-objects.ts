import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StatementObjects } from '../usecases/statement-job.js';

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
}
