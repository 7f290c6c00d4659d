/**
 * Records every DynamoDB and S3 call an application causes, as the SDK is about to send it, so
 * the same calls can be issued again without the pipeline (replay.ts) and counted for the cost
 * model. Calls are attributed through AsyncLocalStorage: the driver runs each application inside
 * `recorder.run(id, ...)`, and its execution (started from there) inherits the store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Service = 'dynamodb' | 's3';

export interface RecordedCall {
  service: Service;
  command: string;
  /** The input as the application gave it (the document client's, before marshalling), cloned. */
  input: Record<string, unknown>;
  ms: number;
  readUnits: number;
  writeUnits: number;
  failed: boolean;
}

type Args = { input: Record<string, unknown> };
type Next = (args: Args) => Promise<{ output: Record<string, unknown> }>;
interface Stack {
  add(
    mw: (next: Next, context: { commandName?: string }) => Next,
    options: { step: 'serialize'; priority: 'high'; name: string },
  ): void;
}

const DYNAMO_READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
}

function capacityOf(output: Record<string, unknown>): number {
  const c = output.ConsumedCapacity as Capacity | Capacity[] | undefined;
  const all = Array.isArray(c) ? c : c ? [c] : [];
  return all.reduce((s, x) => s + (x.CapacityUnits ?? 0), 0);
}

/** Items a write names: a failed conditional write is billed as if it had written them. */
function itemsWritten(command: string, input: Record<string, unknown>): number {
  if (command === 'TransactWriteItemsCommand') return (input.TransactItems as unknown[]).length;
  return 1;
}

export class Recorder {
  private readonly als = new AsyncLocalStorage<string>();
  readonly calls = new Map<string, RecordedCall[]>();
  /** Calls made outside any application's context (set-up, the bench's own reads). */
  unattributed = 0;

  run<T>(applicationId: string, fn: () => Promise<T>): Promise<T> {
    return this.als.run(applicationId, fn);
  }

  attach(service: Service, client: { middlewareStack: unknown }): void {
    (client.middlewareStack as Stack).add(
      (next, context) => async (args) => {
        const app = this.als.getStore();
        if (app === undefined) {
          this.unattributed++;
          return next(args);
        }
        const command = context.commandName ?? 'unknown';
        if (service === 'dynamodb') args.input.ReturnConsumedCapacity = 'TOTAL';
        const input = structuredClone(args.input);
        const call: RecordedCall = {
          service,
          command,
          input,
          ms: 0,
          readUnits: 0,
          writeUnits: 0,
          failed: false,
        };
        const list = this.calls.get(app) ?? [];
        this.calls.set(app, list);
        list.push(call);
        const started = performance.now();
        try {
          const out = await next(args);
          const units = service === 'dynamodb' ? capacityOf(out.output) : 0;
          if (DYNAMO_READS.has(command)) call.readUnits = units;
          else call.writeUnits = units;
          return out;
        } catch (err) {
          call.failed = true;
          // A write refused by its condition still consumes (at least) one unit per item.
          if (service === 'dynamodb' && !DYNAMO_READS.has(command))
            call.writeUnits = itemsWritten(command, input);
          throw err;
        } finally {
          call.ms = performance.now() - started;
        }
      },
      { step: 'serialize', priority: 'high', name: 'benchRecorder' },
    );
  }
}

const S3_PUT_CLASS = new Set([
  'PutObjectCommand',
  'CopyObjectCommand',
  'ListObjectsCommand',
  'ListObjectsV2Command',
  'ListBucketsCommand',
  'CreateMultipartUploadCommand',
  'UploadPartCommand',
  'UploadPartCopyCommand',
  'CompleteMultipartUploadCommand',
]);
const S3_FREE = new Set(['DeleteObjectCommand', 'DeleteObjectsCommand']);

/** S3 bills PUT, COPY, POST and LIST requests at one price, GET, HEAD and all others at another. */
export function s3RequestClass(command: string): 'put' | 'get' | 'free' {
  if (S3_FREE.has(command)) return 'free';
  return S3_PUT_CLASS.has(command) ? 'put' : 'get';
}
