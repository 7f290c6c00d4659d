import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { chinaDateOf } from '../domain/calendar.js';
import type { FunnelFilter } from '../domain/funnel/compute.js';
import { addCounters, type Counters, contributions } from '../domain/funnel/figures.js';
import type { FunnelSummary } from '../domain/funnel/summary.js';

/**
 * Funnel roll-ups: the funnel's counters (domain/funnel/figures.ts) summed per China day and per
 * China month of submission and category, kept by atomic ADDs in the same transaction as each
 * summary's versioned write (so a retry that lost the version race adds nothing).
 *   pk  FUNNELROLL#<YYYY-MM>
 *   sk  D#<YYYY-MM-DD>#<category>   the day's applications of a category
 *       M#<category>                the month's (the same counters, summed)
 *   every other attribute is a counter, named by its key (`n|submitted`, `h|checks|12`, …)
 * A period reads one Query per month: whole months their M# items, the first and last month the
 * D# items of its days. Nothing is Scanned, and the read is ≈ (categories × days) items, not
 * one per application.
 */
export const ROLLUP_PREFIX = 'FUNNELROLL#';
const KEY_ATTRIBUTES = new Set(['pk', 'sk']);

export interface RollupRow {
  pk: string;
  sk: string;
}

/** The day row and the month row an application's counters are kept in. */
export function rollupRows(s: Pick<FunnelSummary, 'submittedAt' | 'category'>): [RollupRow, RollupRow] {
  const day = chinaDateOf(s.submittedAt);
  const pk = `${ROLLUP_PREFIX}${day.slice(0, 7)}`;
  return [
    { pk, sk: `D#${day}#${s.category}` },
    { pk, sk: `M#${s.category}` },
  ];
}

/** What replacing `previous` by `next` adds to each row (−previous in its rows, +next in its). */
export function rollupDeltas(
  previous: FunnelSummary | undefined,
  next: FunnelSummary,
): Map<string, Counters> {
  const byRow = new Map<string, Counters>();
  const add = (s: FunnelSummary, sign: number) => {
    const own = contributions(s);
    for (const row of rollupRows(s)) {
      const key = `${row.pk}\n${row.sk}`;
      byRow.set(key, addCounters(byRow.get(key) ?? new Map(), own, sign));
    }
  };
  if (previous) add(previous, -1);
  add(next, 1);
  for (const [k, c] of byRow) if (c.size === 0) byRow.delete(k);
  return byRow;
}

/** One ADD update per row (for a TransactWriteItems). */
export function rollupUpdates(tableName: string, deltas: Map<string, Counters>) {
  return [...deltas].map(([row, counters]) => {
    const [pk, sk] = row.split('\n') as [string, string];
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts: string[] = [];
    let i = 0;
    for (const [key, v] of counters) {
      names[`#c${i}`] = key;
      values[`:c${i}`] = v;
      parts.push(`#c${i} :c${i}`);
      i++;
    }
    return {
      Update: {
        TableName: tableName,
        Key: { pk, sk },
        UpdateExpression: `ADD ${parts.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The Query of one month of a period: its M# rows when the period covers it, else its days' D# rows. */
function monthQuery(month: string, filter: FunnelFilter) {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const pk = `${ROLLUP_PREFIX}${month}`;
  if (filter.from <= first && filter.to >= last) {
    return filter.category
      ? { cond: 'pk = :pk AND sk = :a', values: { ':pk': pk, ':a': `M#${filter.category}` } }
      : { cond: 'pk = :pk AND begins_with(sk, :a)', values: { ':pk': pk, ':a': 'M#' } };
  }
  const from = filter.from > first ? filter.from : first;
  const to = filter.to < last ? filter.to : last;
  return {
    cond: 'pk = :pk AND sk BETWEEN :a AND :b',
    values: { ':pk': pk, ':a': `D#${from}#`, ':b': `D#${to}#\uffff` },
    category: filter.category,
  };
}

/** The counters of a period (and category), summed over its roll-up rows. */
export async function readRollups(
  db: DynamoDBDocumentClient,
  tableName: string,
  months: string[],
  filter: FunnelFilter,
): Promise<Counters> {
  const sums: Counters = new Map();
  await Promise.all(
    months.map(async (month) => {
      const q = monthQuery(month, filter);
      const pages = paginateQuery(
        { client: db },
        { TableName: tableName, KeyConditionExpression: q.cond, ExpressionAttributeValues: q.values },
      );
      for await (const page of pages)
        for (const item of page.Items ?? []) {
          // D#YYYY-MM-DD# is 13 characters: the rest of the sort key is the category.
          if (q.category && (item.sk as string).slice(13) !== q.category) continue;
          for (const [k, v] of Object.entries(item)) {
            if (!KEY_ATTRIBUTES.has(k) && typeof v === 'number' && v !== 0)
              sums.set(k, (sums.get(k) ?? 0) + v);
          }
        }
    }),
  );
  return sums;
}
