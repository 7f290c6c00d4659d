import { SFNClient } from '@aws-sdk/client-sfn';
import { loadConfig } from '../../shared/config.js';
import type { Ports } from '../container.js';
import { SfnWorkflow } from '../sfn-workflow.js';

let client: SFNClient | undefined;
/** One Step Functions client per execution environment, made on first use. */
export function sfn(): SFNClient {
  client ??= new SFNClient({});
  return client;
}

/** The admission state machine: starting executions, answering task tokens. */
export const workflowPorts = {
  workflow: () => new SfnWorkflow(sfn(), loadConfig().STATE_MACHINE_ARN ?? 'unset'),
} as const satisfies Ports;

/** The spot-check state machine: ops start rounds, labs' results answer its waits. */
export const spotCheckWorkflowPorts = {
  spotCheckWorkflow: () => new SfnWorkflow(sfn(), loadConfig().SPOT_CHECK_STATE_MACHINE_ARN ?? 'unset'),
} as const satisfies Ports;
