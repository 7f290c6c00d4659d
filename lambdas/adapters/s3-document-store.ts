import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStore } from '../ports/index.js';

/**
 * The SDK's presigning functions, given by functions that hand out links (the API's, the local
 * platform: `s3Presigner` in s3-presigner.ts); the steps never presign and never load them.
 */
export interface S3Presigner {
  createPresignedPost: typeof createPresignedPost;
  getSignedUrl: typeof getSignedUrl;
}

const nameOf = (err: unknown) => (err as { name?: string }).name;
const statusOf = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly presigner?: S3Presigner,
  ) {}

  private presigning(): S3Presigner {
    if (!this.presigner) throw new Error('this document store was built without a presigner');
    return this.presigner;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : null;
    } catch (err) {
      if (err instanceof NoSuchKey || nameOf(err) === 'NoSuchKey') return null;
      throw err;
    }
  }

  /**
   * `If-None-Match: *` makes the write atomic on S3 (a second writer gets 412, or 409 while the
   * first is in flight). s3rver (local) ignores that header on PUT, so the object is looked up
   * first as well: locally that covers every sequential re-issue, which is all the runtime does.
   */
  async putIfAbsent(key: string, bytes: Uint8Array, contentType: string): Promise<boolean> {
    if (await this.exists(key)) return false;
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
      if (nameOf(err) === 'PreconditionFailed' || status === 412 || status === 409) return false;
      throw err;
    }
  }

  async presignPost(
    key: string,
    policy: { contentType: string; maxBytes: number; expiresSeconds: number },
  ): Promise<{ url: string; fields: Record<string, string> }> {
    return this.presigning().createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, policy.maxBytes],
        ['eq', '$Content-Type', policy.contentType],
      ],
      Fields: { 'Content-Type': policy.contentType },
      Expires: policy.expiresSeconds,
    });
  }

  async presignGet(key: string, opts: { expiresSeconds: number; contentType?: string }): Promise<string> {
    return this.presigning().getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(opts.contentType ? { ResponseContentType: opts.contentType } : {}),
      }),
      { expiresIn: opts.expiresSeconds },
    );
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (nameOf(err) === 'NotFound' || nameOf(err) === 'NoSuchKey' || statusOf(err) === 404) return false;
      throw err;
    }
  }
}
