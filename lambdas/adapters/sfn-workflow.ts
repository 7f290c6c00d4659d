import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Workflow } from '../ports/index.js';
import { TokenNotWaitingError } from '../shared/errors.js';

/** What Step Functions answers for a token that is no longer waiting. */
const NOT_WAITING = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

async function send(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (NOT_WAITING.has(name))
      throw new TokenNotWaitingError(`task token no longer waiting (${name})`, { cause: err });
    throw err;
  }
}

export class SfnWorkflow implements Workflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: Record<string, unknown>): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
    } catch (err) {
      // Same name, same input: Step Functions treats it as the one execution already running.
      if (!(err instanceof ExecutionAlreadyExists)) throw err;
    }
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<void> {
    await send(() =>
      this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })),
    );
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    await send(() => this.sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause })));
  }
}
