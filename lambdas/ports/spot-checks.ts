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
  status: 'RUNNING' | 'DONE';
  finishedAt?: string;
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
  finishRound(roundId: string, at: string): Promise<void>;
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
  /** The lab's result, once: false when the booking had one already. */
  postResult(roundId: string, bookingNo: number, result: SpotResult): Promise<boolean>;
  /** Flags the booking overdue the first time only. */
  flagOverdue(roundId: string, bookingNo: number, at: string): Promise<void>;
  markRecorded(roundId: string, bookingNo: number, at: string): Promise<void>;
  /** A lab's spot-check bookings, by due date. */
  labBookings(labId: string): Promise<SpotBooking[]>;
}
