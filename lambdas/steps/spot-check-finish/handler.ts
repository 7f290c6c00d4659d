import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { finishRound } from '../../usecases/spot-checks.js';
import { RoundInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(RoundInput, (input, c) => finishRound(c, input.roundId), dynamoPorts);
