/**
 * Ports: what the use cases need from the outside world. AWS adapters implement them in
 * lambdas/adapters; the local runtime (local/) supplies its own Workflow and Clock.
 */
import type { DocumentType, Extraction } from '../domain/model.js';

export interface StoredObject {
  key: string;
  bytes: Uint8Array;
}

export interface DocumentStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when no object exists under the key. */
  get(key: string): Promise<Uint8Array | null>;
  /**
   * Writes only when no object exists under the key (issued and signed documents are never
   * overwritten); false when one existed, which is left as it was.
   */
  putIfAbsent(key: string, bytes: Uint8Array, contentType: string): Promise<boolean>;
  /**
   * A browser upload: a presigned POST whose policy fixes the key, the content type and the size
   * range. Stores that do not enforce the policy (s3rver) are why every upload is re-checked.
   */
  presignPost(
    key: string,
    policy: { contentType: string; maxBytes: number; expiresSeconds: number },
  ): Promise<{ url: string; fields: Record<string, string> }>;
  /** A short-lived download link. */
  presignGet(key: string, opts: { expiresSeconds: number; contentType?: string }): Promise<string>;
}

/** One file to read: its store key, declared type and name as uploaded. */
export interface DocumentReadRequest {
  key: string;
  type: DocumentType;
  file: string;
  /**
   * Whose read it is (the seller, `actor.sub`): reads share the parser threads fairly between
   * tenants. Default: the application of the key (`uploads/<applicationId>/…`).
   */
  tenant?: string;
}

/**
 * Reads one stored file at once (the seller's preview); no state is written. Rejects with a
 * TransientError (ReaderBusyError, `code` READER_BUSY) when too many reads wait: retry shortly.
 */
export interface DocumentReader {
  read(input: DocumentReadRequest): Promise<Extraction>;
}

export interface Workflow {
  /** Starts an execution; the name is a business key, so starting it twice is one execution. */
  start(name: string, input: Record<string, unknown>): Promise<void>;
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<void>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}
