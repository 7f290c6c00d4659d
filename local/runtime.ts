import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Workflow } from '../lambdas/ports/index.js';
import { TokenNotWaitingError } from '../lambdas/shared/errors.js';
import type { AslDefinition, AslState, HandlerTarget, ResolvedWorkflow } from './asl.js';
import { type ClockRouter, ManualClock } from './clock.js';
import { PROJECT_ROOT } from './emulators.js';

// aws-local-stepfunctions 3 uses Promise.withResolvers (Node 22); Node 20 lacks it.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Workflows whose prepared definition aws-local-stepfunctions has validated in this process. */
const VALIDATED = new WeakSet<ResolvedWorkflow>();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Handler = (event: unknown) => Promise<unknown>;

/** Node timers hold at most 2^31-1 ms (24.8 days); callback deadlines are kept by the runtime's clock. */
const NODE_TIMER_MAX_SECONDS = 2_147_483;

export interface HistoryEvent {
  type: string;
  state?: string;
  error?: string;
  timestamp: number;
}

export type ExecutionState = 'running' | 'waiting' | 'succeeded' | 'failed' | 'aborted';

export interface Execution {
  name: string;
  /** The business object the execution is about: an application, or a spot-check round. */
  applicationId: string;
  state: ExecutionState;
  history: HistoryEvent[];
  output?: unknown;
  error?: { name: string; message: string };
  done: Promise<void>;
  abort(): void;
}

interface PendingToken {
  execution: Execution;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  cancelDeadline?: () => void;
  timer?: NodeJS.Timeout;
}

class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface FaultRule {
  /** State name whose handler should misbehave. */
  state: string;
  /** Throw a TransientError this many times before behaving. */
  transientFailures?: number;
  /** Throw after the handler has done its work (its side effects happened), as a lost response would. */
  afterEffect?: boolean;
  /** Time out (States.Timeout, as a Task past its TimeoutSeconds) this many times. */
  timeouts?: number;
  /** Answer this many milliseconds late, every time (a slow dependency). */
  delayMs?: number;
}

/** One handler call as the runtime made it: what a Lambda invocation would bill. */
export interface InvocationRecord {
  state: string;
  /** The Lambda function the state invokes, and its configured memory. */
  functionName: string;
  memoryMb: number;
  applicationId: string;
  /** Wall time of the handler, milliseconds. */
  ms: number;
  ok: boolean;
}

/**
 * Runs the synthesized definition with aws-local-stepfunctions, each Task overridden by the real
 * handler of its Lambda (answering in the Lambda Invoke response shape), and implements the
 * Workflow port: task tokens are held here and answered through sendTaskSuccess/Failure.
 */
export class LocalRuntime implements Workflow {
  private readonly machine: StateMachine;
  private readonly overrides: Record<string, (input: Json) => Promise<Json>> = {};
  private readonly retryIntervals: Record<string, number> = {};
  private readonly modules = new Map<string, Promise<Handler>>();
  private readonly tokens = new Map<string, PendingToken>();
  readonly executions = new Map<string, Execution>();
  private readonly events = new EventEmitter();
  private readonly faults = new Map<
    string,
    { left: number; afterEffect: boolean; timeoutsLeft: number; delayMs: number }
  >();
  private readonly onInvoke: ((record: InvocationRecord) => void) | undefined;

  constructor(
    private readonly workflow: ResolvedWorkflow,
    private readonly clocks: ClockRouter,
    options: { faults?: FaultRule[]; onInvoke?: (record: InvocationRecord) => void } = {},
  ) {
    this.onInvoke = options.onInvoke;
    this.events.setMaxListeners(0);
    for (const f of options.faults ?? []) {
      this.faults.set(f.state, {
        left: f.transientFailures ?? 0,
        afterEffect: f.afterEffect ?? false,
        timeoutsLeft: f.timeouts ?? 0,
        delayMs: f.delayMs ?? 0,
      });
    }
    const definition = structuredClone(workflow.definition);
    this.prepare(definition.States);
    // The validator compiles its JSON schemas anew on every call (0.3–0.5 s of CPU); the prepared
    // definition of one workflow is the same every time, so it is validated once per process.
    const validate = !VALIDATED.has(workflow);
    this.machine = new StateMachine(definition as never, {
      validationOptions: validate ? { checkArn: false, checkPaths: false } : { noValidate: true },
    });
    VALIDATED.add(workflow);
  }

  /** Wires every Task (nested ones too) to its handler; keeps callback deadlines off Node's timers. */
  private prepare(states: Record<string, AslState>): void {
    for (const [name, state] of Object.entries(states)) {
      if (state.Retry) this.retryIntervals[name] = 5; // the same retries, milliseconds apart
      if (state.Type === 'Map') this.prepare((state.ItemProcessor as AslDefinition).States);
      if (state.Type === 'Parallel')
        for (const b of state.Branches as AslDefinition[]) this.prepare(b.States);
      if (state.Type !== 'Task') continue;
      const resource = state.Resource as string;
      const params = state.Parameters as { FunctionName: string } | undefined;
      const target = params ? this.workflow.handlers.get(params.FunctionName) : undefined;
      if (!target) throw new Error(`state ${name}: no local handler for ${params?.FunctionName ?? resource}`);
      if (resource.endsWith('.waitForTaskToken')) {
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = NODE_TIMER_MAX_SECONDS;
        this.overrides[name] = (input) => this.callback(name, target, input);
      } else if (resource === 'arn:aws:states:::lambda:invoke') {
        this.overrides[name] = async (input) => {
          const payload = (input as { Payload: Json }).Payload;
          const result = await this.invoke(name, target, payload);
          return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: (result ?? null) as Json };
        };
      } else {
        throw new Error(`state ${name}: unsupported resource ${resource}`);
      }
    }
  }

  private handler(entry: string): Promise<Handler> {
    let mod = this.modules.get(entry);
    if (!mod) {
      mod = import(pathToFileURL(join(PROJECT_ROOT, entry)).href).then(
        (m: { handler: Handler }) => m.handler,
      );
      this.modules.set(entry, mod);
    }
    return mod;
  }

  private async invoke(state: string, target: HandlerTarget, payload: unknown): Promise<unknown> {
    const fault = this.faults.get(state);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && fault.timeoutsLeft > 0) {
      fault.timeoutsLeft--;
      throw new TaskError('States.Timeout', `injected time-out in ${state}`);
    }
    const inject = fault && fault.left > 0 ? fault : undefined;
    if (inject) inject.left--;
    if (inject && !inject.afterEffect)
      throw new TaskError('TransientError', `injected transient fault in ${state}`);
    const handler = await this.handler(target.entry);
    const started = performance.now();
    let ok = false;
    let result: unknown;
    try {
      result = await handler(payload);
      ok = true;
    } finally {
      this.onInvoke?.({
        state,
        functionName: target.name,
        memoryMb: target.memoryMb,
        applicationId: String((payload as Record<string, unknown>)[this.workflow.key] ?? ''),
        ms: performance.now() - started,
        ok,
      });
    }
    if (inject) throw new TaskError('TransientError', `injected transient fault after ${state} ran`);
    // A round trip through JSON, as a real invocation would do.
    return JSON.parse(JSON.stringify(result ?? null));
  }

  private async callback(state: string, target: HandlerTarget, input: Json): Promise<Json> {
    const payload = structuredClone((input as { Payload: Record<string, Json> }).Payload);
    const applicationId = String(payload[this.workflow.key]);
    const execution = this.currentExecution(applicationId);
    const token = `local:${randomUUID()}`;
    payload.taskToken = token;
    const answer = new Promise<unknown>((resolve, reject) => {
      const pending: PendingToken = { execution, resolve, reject };
      const clock = this.clocks.clockOf(applicationId);
      const timeoutMs = Number(payload.timeoutSeconds ?? NODE_TIMER_MAX_SECONDS) * 1000;
      const fire = () => this.expire(token);
      if (clock instanceof ManualClock) {
        pending.cancelDeadline = clock.onDeadline(clock.now().getTime() + timeoutMs, fire);
      } else if (timeoutMs < NODE_TIMER_MAX_SECONDS * 1000) {
        pending.timer = setTimeout(fire, timeoutMs);
        pending.timer.unref();
      }
      this.tokens.set(token, pending);
    });
    await this.invoke(state, target, payload);
    if (this.tokens.has(token)) this.setState(execution, 'waiting');
    return (await answer) as Json;
  }

  private expire(token: string): void {
    const pending = this.tokens.get(token);
    if (!pending) return;
    this.settle(token);
    this.setState(pending.execution, 'running');
    pending.reject(new TaskError('States.Timeout', 'the task timed out'));
  }

  private settle(token: string): PendingToken | undefined {
    const pending = this.tokens.get(token);
    this.tokens.delete(token);
    pending?.cancelDeadline?.();
    if (pending?.timer) clearTimeout(pending.timer);
    return pending;
  }

  private currentExecution(applicationId: string): Execution {
    const running = [...this.executions.values()].filter(
      (e) => e.applicationId === applicationId && (e.state === 'running' || e.state === 'waiting'),
    );
    const execution = running[running.length - 1];
    if (!execution) throw new Error(`no running execution for ${applicationId}`);
    return execution;
  }

  private setState(execution: Execution, state: ExecutionState): void {
    execution.state = state;
    this.events.emit('change', execution);
  }

  // ---- the Workflow port --------------------------------------------------------------------

  async start(name: string, input: Record<string, unknown>): Promise<void> {
    const existing = this.executions.get(name);
    if (existing && (existing.state === 'running' || existing.state === 'waiting')) return;
    const applicationId = String(input[this.workflow.key]);
    const execution: Execution = {
      name,
      applicationId,
      state: 'running',
      history: [],
      done: Promise.resolve(),
      abort: () => {},
    };
    this.executions.set(name, execution);
    const run = this.clocks.run(applicationId, () =>
      this.machine.run(input as Json, {
        overrides: { taskResourceLocalHandlers: this.overrides, retryIntervalOverrides: this.retryIntervals },
        context: {
          Execution: {
            Id: `local:${name}`,
            Name: name,
            Input: input as Json,
            StartTime: new Date().toISOString(),
          },
          Task: { Token: 'replaced-per-task' },
        },
        noThrowOnAbort: true,
      }),
    );
    execution.abort = run.abort;
    const collect = (async () => {
      for await (const e of run.eventLogs) {
        const ev = e as { type: string; timestamp: number; state?: { name: string }; Error?: string };
        execution.history.push({
          type: ev.type,
          timestamp: ev.timestamp,
          ...(ev.state ? { state: ev.state.name } : {}),
          ...(ev.Error ? { error: ev.Error } : {}),
        });
      }
    })();
    execution.done = run.result.then(
      async (output) => {
        await collect;
        execution.output = output;
        this.setState(execution, execution.state === 'aborted' ? 'aborted' : 'succeeded');
      },
      async (err: Error) => {
        await collect.catch(() => {});
        const cause = (err as { cause?: { name?: string; message?: string } }).cause;
        execution.error = { name: cause?.name ?? err.name, message: cause?.message ?? err.message };
        this.setState(execution, 'failed');
      },
    );
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<void> {
    const pending = this.settle(token);
    if (!pending) throw new TokenNotWaitingError('task token is not (or no longer) waiting');
    this.setState(pending.execution, 'running');
    pending.resolve(JSON.parse(JSON.stringify(output)));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    const pending = this.settle(token);
    if (!pending) throw new TokenNotWaitingError('task token is not (or no longer) waiting');
    this.setState(pending.execution, 'running');
    pending.reject(new TaskError(error, cause));
  }

  // ---- for drivers and tests ------------------------------------------------------------------

  /** Resolves once the execution has ended or is waiting for a person. */
  settled(name: string): Promise<Execution> {
    const execution = this.executions.get(name);
    if (!execution) return Promise.reject(new Error(`no execution named ${name}`));
    if (execution.state !== 'running') return Promise.resolve(execution);
    return new Promise((resolve) => {
      const onChange = (e: Execution) => {
        if (e === execution && e.state !== 'running') {
          this.events.off('change', onChange);
          resolve(e);
        }
      };
      this.events.on('change', onChange);
    });
  }

  /** The latest execution of an application (its appeal or re-drive included). */
  latest(applicationId: string): Execution | undefined {
    return [...this.executions.values()].filter((e) => e.applicationId === applicationId).pop();
  }

  /** Stops every execution (a platform shutdown); persisted state lets a new runtime re-drive. */
  stopAll(): void {
    for (const token of [...this.tokens.keys()]) this.settle(token);
    for (const e of this.executions.values()) {
      if (e.state === 'running' || e.state === 'waiting') {
        e.state = 'aborted';
        e.abort();
      }
    }
  }
}
