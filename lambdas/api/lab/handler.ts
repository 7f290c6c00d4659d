import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { workflowPorts } from '../../adapters/aws/sfn.js';
import { labBookings, postBookingResult } from '../../usecases/portal/work.js';
import { LabResultRequest } from '../contract.js';
import { apiHandler } from '../kit.js';

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...workflowPorts, ...notificationPorts };

export const handler = apiHandler(ports, {
  'GET /api/lab/bookings': async ({ c, actor }) => labBookings(c, actor),
  'POST /api/lab/bookings/{bookingId}/result': async ({ c, actor, params, body }) =>
    postBookingResult(c, actor, params.bookingId as string, body(LabResultRequest)),
});
