import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { pickRound } from '../../usecases/spot-checks.js';
import { RoundInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(RoundInput, (input, c) => pickRound(c, input.roundId), dynamoPorts);
