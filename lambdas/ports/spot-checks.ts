import type { SpotPick } from '../domain/governance/spot-checks.js';

/** A spot-check round as recorded when it started: its seed makes its picks reproducible. */
export interface SpotRound {
  roundId: string;
  /** The China day the round checks (its violations are dated by their results). */
  date: string;
  seed: string;
  sampleSize: number;
  settingsVersion: string;
  startedAt: string;
  startedBy: string;
  /** Candidates the pick drew from, and bookings it made. */
  candidates: number;
  bookings: number;
  /** CANCELLED: ops cancelled it; its open waits were ended and it finished. */
  status: 'RUNNING' | 'DONE' | 'CANCELLED';
  finishedAt?: string;
  /** The rules configuration's version it runs under (its `spotChecks` settings); absent: the defaults. */
  rulesVersion?: string;
  /** Set once when ops cancel the round (its cancellation event says who and why). */
  cancelled?: SpotCancellation;
}

/** Ops' cancellation of a booking or a round: appended once as an event, never edited. */
export interface SpotCancellation {
  at: string;
  by: string;
  reason: string;
  /** A booking cancelled with its round. */
  withRound?: boolean;
}

/** What happened to a round, in order (its cancellations today): appended, never edited. */
export interface SpotRoundEvent {
  type: 'booking_cancelled' | 'round_cancelled';
  roundId: string;
  bookingNo?: number;
  at: string;
  by: string;
  reason: string;
}

export interface SpotResult {
  passed: boolean;
  findings: string[];
  postedAt: string;
  postedBy: string;
}

/** One picked SKU of a round: booked at a lab, then its result, then the events it recorded. */
export interface SpotBooking extends Omit<SpotPick, 'index'> {
  roundId: string;
  bookingNo: number;
  labId?: string;
  bookedAt?: string;
  dueAt?: string;
  result?: SpotResult;
  /** First time the wait for the lab ran past `dueAt` (flagged to ops). */
  overdueAt?: string;
  /** When its spot_check (and violation) events were appended. */
  recordedAt?: string;
  /** Set once when ops cancelled it before a result came (no violation; a later result is refused). */
  cancelled?: SpotCancellation;
}

/**
 * Rounds and their bookings. Every write is conditional: a round, a pick, a booking and a result
 * are each written once, so a step retried or re-driven finds what it wrote and goes on.
 */
export interface SpotCheckRepository {
  /** Records the round unless it exists; returns the stored one (its seed wins). */
  createRound(round: SpotRound): Promise<SpotRound>;
  getRound(roundId: string): Promise<SpotRound | null>;
  /** Newest first. */
  listRounds(limit: number): Promise<SpotRound[]>;
  /** Ends the round: DONE, or CANCELLED when ops cancelled it (the first end's time is kept). */
  finishRound(roundId: string, at: string, status?: 'DONE' | 'CANCELLED'): Promise<void>;
  /**
   * Keeps the round's pick once, in one item (so a crash never leaves half a pick); returns the
   * stored pick, which wins over a new one. Rounds are capped so the pick fits one item.
   */
  /** How many candidates the pick drew from and bookings it made (the first count wins). */
  setPickCounts(roundId: string, counts: { candidates: number; bookings: number }): Promise<void>;
  savePicks(roundId: string, picks: readonly SpotPick[]): Promise<SpotPick[]>;
  /** Stores the picks as bookings without a lab yet; a pick stored already is left as it is. */
  putPicks(roundId: string, picks: readonly SpotPick[]): Promise<void>;
  getBooking(roundId: string, bookingNo: number): Promise<SpotBooking | null>;
  listBookings(roundId: string): Promise<SpotBooking[]>;
  /** Gives the booking its lab and due date once; returns the stored booking. */
  book(
    roundId: string,
    bookingNo: number,
    lab: { labId: string; bookedAt: string; dueAt: string },
  ): Promise<SpotBooking>;
  /** Keeps the token of the wait for this booking's result (a re-drive replaces it). */
  setToken(roundId: string, bookingNo: number, token: string): Promise<void>;
  getToken(roundId: string, bookingNo: number): Promise<string | null>;
  /** The lab's result, once: false when the booking had one already or was cancelled. */
  postResult(roundId: string, bookingNo: number, result: SpotResult): Promise<boolean>;
  /**
   * Cancels a booking that has no result: its `booking_cancelled` event appended and the booking
   * marked, in one conditional transaction. `result` or `cancelled` when it had one already.
   */
  cancelBooking(
    roundId: string,
    bookingNo: number,
    cancellation: SpotCancellation,
  ): Promise<'done' | 'result' | 'cancelled' | 'not_found'>;
  /** Cancels a running round (its event and mark, one transaction): false when it was not running or cancelled already. */
  cancelRound(roundId: string, cancellation: SpotCancellation): Promise<boolean>;
  /** The round's events (cancellations), oldest first. */
  roundEvents(roundId: string): Promise<SpotRoundEvent[]>;
  /** Flags the booking overdue the first time only. */
  flagOverdue(roundId: string, bookingNo: number, at: string): Promise<void>;
  markRecorded(roundId: string, bookingNo: number, at: string): Promise<void>;
  /** A lab's spot-check bookings, by due date. */
  labBookings(labId: string): Promise<SpotBooking[]>;
}
