import { runIntake } from '../../usecases/intake.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => runIntake(c, input.applicationId));
