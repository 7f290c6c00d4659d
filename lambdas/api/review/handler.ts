import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { workflowPorts } from '../../adapters/aws/sfn.js';
import { claimReviewTask, decideReviewTask, reviewQueue, reviewTask } from '../../usecases/portal/work.js';
import { ReviewDecision } from '../contract.js';
import { apiHandler } from '../kit.js';

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...workflowPorts };

export const handler = apiHandler(ports, {
  'GET /api/review/tasks': async ({ c, query }) =>
    reviewQueue(c, {
      ...(query.step ? { step: query.step } : {}),
      ...(query.category ? { category: query.category } : {}),
    }),
  'GET /api/review/tasks/{taskId}': async ({ c, params }) => reviewTask(c, params.taskId as string),
  'POST /api/review/tasks/{taskId}/claim': async ({ c, actor, params }) => {
    await claimReviewTask(c, actor, params.taskId as string);
    return reviewTask(c, params.taskId as string);
  },
  'POST /api/review/tasks/{taskId}/decision': async ({ c, actor, params, body }) => {
    await decideReviewTask(c, actor, params.taskId as string, body(ReviewDecision));
    return reviewTask(c, params.taskId as string);
  },
});
