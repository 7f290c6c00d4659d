import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { spotCheckWorkflowPorts, workflowPorts } from '../../adapters/aws/sfn.js';
import { labSpotChecks, postLabSpotCheck } from '../../usecases/portal/spot-checks.js';
import { labBookings, postBookingResult } from '../../usecases/portal/work.js';
import { LabResultRequest } from '../contract.js';
import { apiHandler } from '../kit.js';

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...workflowPorts, ...spotCheckWorkflowPorts, ...notificationPorts };

export const handler = apiHandler(ports, {
  'GET /api/lab/bookings': async ({ c, actor }) => labBookings(c, actor),
  'POST /api/lab/bookings/{bookingId}/result': async ({ c, actor, params, body }) =>
    postBookingResult(c, actor, params.bookingId as string, body(LabResultRequest)),
  'GET /api/lab/spot-checks': async ({ c, actor }) => labSpotChecks(c, actor),
  'POST /api/lab/spot-checks/{spotId}/result': async ({ c, actor, params, body }) =>
    postLabSpotCheck(c, actor, params.spotId as string, body(LabResultRequest)),
});
