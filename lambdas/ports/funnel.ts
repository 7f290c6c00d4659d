import type { FunnelFilter } from '../domain/funnel/compute.js';
import type { Counters } from '../domain/funnel/figures.js';
import type { FunnelSummary } from '../domain/funnel/summary.js';

export interface StoredFunnelSummary {
  summary: FunnelSummary;
  /** Incremented by every write: a writer only replaces the version it read. */
  version: number;
  /** Its counters are in the roll-ups (false only for a summary written before they existed). */
  rolledUp: boolean;
}

export interface FunnelPage {
  summaries: FunnelSummary[];
  /** Where the next page starts; none after the last. */
  cursor?: string;
}

/** Where an application's funnel summary lives: its submission and category fix its keys. */
export type FunnelKey = Pick<FunnelSummary, 'applicationId' | 'category' | 'submittedAt'>;

/** The per-application funnel summaries, kept on keys of their own for the funnel's Queries. */
export interface FunnelRepository {
  get(key: FunnelKey): Promise<StoredFunnelSummary | null>;
  /**
   * Writes the summary if the stored version is still `expected` (null: none stored yet); false
   * when another writer got there first. `stuckAt` (null once finished) is when its current stage
   * outlasts its allowance: the stuck list's key. In the same atomic write the funnel's roll-ups
   * take `previous`'s counters away and add the new summary's, so a write that lost counts nothing.
   */
  put(
    summary: FunnelSummary,
    stuckAt: string | null,
    expected: number | null,
    previous?: FunnelSummary,
  ): Promise<boolean>;
  /**
   * Adds the summaries of a China month (YYYY-MM) that are not in the roll-ups yet (written
   * before they existed) to them, each in one transaction with its mark; safe to run again.
   */
  backfill(month: string): Promise<{ counted: number; skipped: number }>;
  /** The funnel counters of the period (and category), summed from roll-ups: a few Queries. */
  rollups(filter: FunnelFilter): Promise<Counters>;
  /** Summaries submitted in the China months the period touches (optionally one category): Queries only. */
  inPeriod(filter: FunnelFilter): Promise<FunnelSummary[]>;
  /** The same summaries a page at a time (at most `maxItems`), from `cursor` on. */
  page(filter: FunnelFilter, cursor: string | undefined, maxItems: number): Promise<FunnelPage>;
  /** Unfinished summaries whose stage outlasted its allowance before `now`: one Query. */
  stuckBefore(now: string): Promise<FunnelSummary[]>;
}
