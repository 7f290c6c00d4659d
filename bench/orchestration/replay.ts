/**
 * The raw work of an application without the pipeline: the DynamoDB and S3 calls it caused,
 * issued again directly against fresh tables and a fresh bucket (in the recorded order), the same
 * text extraction of its documents, and the same agreement render. What the pipeline adds on top
 * (the interpreter, handler dispatch, payload round trips, waits) is the difference.
 */
import * as s3 from '@aws-sdk/client-s3';
import * as documents from '@aws-sdk/lib-dynamodb';
import type { AgreementInput } from '../../lambdas/agreement/content';
import { renderAgreementPdf } from '../../lambdas/agreement/render';
import type { DocumentType } from '../../lambdas/domain/model';
import { extractDocument } from '../../lambdas/extraction/index';
import type { RecordedCall } from './recorder';

export interface ReplayJob {
  calls: RecordedCall[];
  documents: { type: DocumentType; file: string; bytes: Uint8Array }[];
  agreement: AgreementInput | null;
}

/**
 * The application talks through the document client, and the recorder sees its calls before
 * marshalling, under the low-level command's name: the replay sends them the same way.
 */
const DOCUMENT_COMMANDS: Record<string, string> = {
  GetItemCommand: 'GetCommand',
  PutItemCommand: 'PutCommand',
  UpdateItemCommand: 'UpdateCommand',
  DeleteItemCommand: 'DeleteCommand',
  QueryCommand: 'QueryCommand',
  ScanCommand: 'ScanCommand',
  BatchGetItemCommand: 'BatchGetCommand',
  BatchWriteItemCommand: 'BatchWriteCommand',
  TransactGetItemsCommand: 'TransactGetCommand',
  TransactWriteItemsCommand: 'TransactWriteCommand',
};

type Sendable = { send(command: unknown): Promise<unknown> };
type CommandClass = new (input: unknown) => unknown;

/** Replaces table and bucket names wherever a recorded input names them (transactions too). */
function renamed(value: unknown, names: Map<string, string>): unknown {
  if (typeof value === 'string') return names.get(value) ?? value;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => renamed(v, names));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, names)]));
  }
  return value;
}

const REFUSALS = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

/** Whether every item a write names belongs to one application (`APP#…` partition). */
function touchesApplicationOnly(input: Record<string, unknown>): boolean {
  const keys: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pk') keys.push(x);
        else visit(x);
      }
    }
  };
  visit(input);
  return keys.length > 0 && keys.every((k) => typeof k === 'string' && k.startsWith('APP#'));
}

export class Replayer {
  constructor(
    private readonly clients: { dynamodb: Sendable; s3: Sendable },
    /** Pipeline table/bucket name → the replay's. */
    private readonly names: Map<string, string>,
  ) {}

  /** Replayed calls that needed a second try, or met another order of shared set-up (see send). */
  readonly anomalies = { retriedReads: 0, sharedSetupRefusals: 0 };

  private async send(call: RecordedCall, attempt = 0): Promise<void> {
    const Command =
      call.service === 'dynamodb'
        ? (documents as unknown as Record<string, CommandClass>)[DOCUMENT_COMMANDS[call.command] ?? '']
        : (s3 as unknown as Record<string, CommandClass>)[call.command];
    if (!Command) throw new Error(`no ${call.service} command ${call.command}`);
    try {
      const out = (await this.clients[call.service].send(new Command(renamed(call.input, this.names)))) as {
        Body?: { transformToByteArray(): Promise<Uint8Array> };
      };
      // The pipeline read every body it asked for; so does the replay.
      if (out.Body) await out.Body.transformToByteArray();
    } catch (err) {
      // A call the pipeline saw refused (a write-once key written again, a missing object) is
      // refused again.
      if (call.failed) return;
      const name = (err as Error).name;
      // s3rver can answer a PUT before the object is readable; the pipeline never read that fast.
      if (name === 'NoSuchKey' && attempt < 3) {
        this.anomalies.retriedReads++;
        await new Promise((r) => setTimeout(r, 10));
        return this.send(call, attempt + 1);
      }
      // Shared set-up (the rules configuration seeded on first use) is written by whichever
      // application comes first; replayed in another order, another one finds it written.
      if (REFUSALS.has(name) && !touchesApplicationOnly(call.input)) {
        this.anomalies.sharedSetupRefusals++;
        return;
      }
      // Any other error means the replay is not the same work.
      throw err;
    }
  }

  async run(job: ReplayJob): Promise<void> {
    for (const call of job.calls) await this.send(call);
    for (const d of job.documents) {
      const read = await extractDocument(d);
      if (!read.ok) throw new Error(`replay: ${d.file} did not read: ${read.problem}`);
    }
    if (job.agreement) await renderAgreementPdf(job.agreement);
  }
}
