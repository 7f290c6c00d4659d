import type { Refusal } from '../../domain/governance/appeal-filing.js';
import { AlreadyDecidedError, BusinessRuleError, NotFoundError } from '../../shared/errors.js';

/** A refusal as the error whose status says it (404, 409, 422), its message naming the field. */
export function refused(r: Refusal): Error {
  const message = `${r.field}: ${r.reason}`;
  if (r.status === 'not_found') return new NotFoundError(message);
  if (r.status === 'conflict') return new AlreadyDecidedError(message);
  return new BusinessRuleError(message);
}
