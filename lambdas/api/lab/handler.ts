import { labBookings, postBookingResult } from '../../usecases/portal/work.js';
import { LabResultRequest } from '../contract.js';
import { apiHandler } from '../kit.js';

export const handler = apiHandler({
  'GET /api/lab/bookings': async ({ c, actor }) => labBookings(c, actor),
  'POST /api/lab/bookings/{bookingId}/result': async ({ c, actor, params, body }) =>
    postBookingResult(c, actor, params.bookingId as string, body(LabResultRequest)),
});
