/**
 * Where a run's time goes, per thread, when STATEMENTS_PROFILE=1 (stderr): reading, grouping,
 * formatting the JSON and CSV, the PDF, writing files. Off, each call is one branch.
 */
import { threadId } from 'node:worker_threads';

export const profiling = process.env.STATEMENTS_PROFILE === '1';
const spent = new Map<string, number>();

export function addTime(label: string, since: number): void {
  if (profiling) spent.set(label, (spent.get(label) ?? 0) + performance.now() - since);
}

/**
 * Marks a moment of the run: its time since the process started and the page faults so far (the
 * whole process's: fresh memory is a large part of a run's cost).
 */
export function mark(at: Record<string, number>, name: string): void {
  if (!profiling) return;
  at[name] = performance.now();
  at[`faults ${name}`] = process.resourceUsage().minorPageFault;
}

/** Prints and clears what this thread spent; `at` marks are times since the process started. */
export function reportTimes(phase: string, at?: Record<string, number>): void {
  if (!profiling) return;
  const parts = [...spent].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(3)} s`);
  if (at)
    parts.push(
      ...Object.entries(at).map(([k, v]) =>
        k.startsWith('faults ') ? `${k} ${v}` : `${k}@${(v / 1000).toFixed(3)} s`,
      ),
    );
  process.stderr.write(`statements profile [thread ${threadId} ${phase}]: ${parts.join(', ')}\n`);
  spent.clear();
}
