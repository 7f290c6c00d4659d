/**
 * The queue at a glance: tasks per step and per SLA bucket (overdue, due today in China, later).
 * Pure, tested as a table.
 */
export type SlaBucket = 'overdue' | 'today' | 'later';

const chinaDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

export function slaBucket(dueAt: string, now: Date): SlaBucket {
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  return chinaDate(due) === chinaDate(now) ? 'today' : 'later';
}

export interface QueueCounts {
  byBucket: Record<SlaBucket, number>;
  byKind: Record<string, number>;
}

export function queueCounts(tasks: { kind: string; dueAt: string }[], now: Date): QueueCounts {
  const byBucket: Record<SlaBucket, number> = { overdue: 0, today: 0, later: 0 };
  const byKind: Record<string, number> = {};
  for (const t of tasks) {
    byBucket[slaBucket(t.dueAt, now)]++;
    byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
  }
  return { byBucket, byKind };
}
