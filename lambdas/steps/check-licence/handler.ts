import { runCheck } from '../../usecases/checks.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) =>
  runCheck(c, input.applicationId, 'licence'),
);
