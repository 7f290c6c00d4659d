import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Presigner } from './s3-document-store.js';

/** Presigned POSTs (uploads) and GETs (links), for document stores that hand them out. */
export const s3Presigner: S3Presigner = { createPresignedPost, getSignedUrl };
