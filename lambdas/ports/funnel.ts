import type { FunnelFilter } from '../domain/funnel/compute.js';
import type { FunnelSummary } from '../domain/funnel/summary.js';

export interface StoredFunnelSummary {
  summary: FunnelSummary;
  /** Incremented by every write: a writer only replaces the version it read. */
  version: number;
}

/** Where an application's funnel summary lives: its submission and category fix its keys. */
export type FunnelKey = Pick<FunnelSummary, 'applicationId' | 'category' | 'submittedAt'>;

/** The per-application funnel summaries, kept on keys of their own for the funnel's Queries. */
export interface FunnelRepository {
  get(key: FunnelKey): Promise<StoredFunnelSummary | null>;
  /**
   * Writes the summary if the stored version is still `expected` (null: none stored yet); false
   * when another writer got there first. `stuckAt` (null once finished) is when its current stage
   * outlasts its allowance: the stuck list's key.
   */
  put(summary: FunnelSummary, stuckAt: string | null, expected: number | null): Promise<boolean>;
  /** Summaries submitted in the China months the period touches (optionally one category): Queries only. */
  inPeriod(filter: FunnelFilter): Promise<FunnelSummary[]>;
  /** Unfinished summaries whose stage outlasted its allowance before `now`: one Query. */
  stuckBefore(now: string): Promise<FunnelSummary[]>;
}
