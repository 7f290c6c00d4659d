/**
 * Error classes whose `name` the state machine's Retry/Catch match on. Transient errors are
 * retried; business errors are not. Matched by name, never by message text.
 */

export class AdmissionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Worth retrying: throttling, a network blip, a conditional race lost to a concurrent writer. */
export class TransientError extends AdmissionError {}

/** The input or the stored state does not allow the step; retrying will not help. */
export class BusinessRuleError extends AdmissionError {}

export class NotFoundError extends BusinessRuleError {}

/** A second answer to a step already answered (a task token, a lab result, a signature). */
export class AlreadyDecidedError extends BusinessRuleError {}

export class InvalidInputError extends BusinessRuleError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const TRANSIENT_ERROR_NAMES = ['TransientError'] as const;

/** A signature naming another agreement file (sha256) than the one issued for that round. */
export class AgreementMismatchError extends BusinessRuleError {}

/**
 * An answer sent to a task token that no longer waits (answered by someone else, timed out, or
 * woken by the step itself on finding the recorded answer). The answer is recorded either way.
 */
export class TokenNotWaitingError extends BusinessRuleError {}

/** An optimistic write lost to a concurrent one (two tabs, parallel uploads): read again, retry. */
export class ConcurrentChangeError extends BusinessRuleError {}
