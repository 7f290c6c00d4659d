/**
 * The funnel as CSV rows (one figure per row, with the applications behind it), for ops'
 * spreadsheets. RFC 4180 quoting; ids joined by spaces in the last column.
 */
import type { Count, Funnel } from './compute.js';

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function funnelCsv(f: Funnel): string {
  const rows: (string | number | null)[][] = [['section', 'figure', 'detail', 'value', 'applications']];
  const count = (section: string, figure: string, detail: string, c: Count) =>
    rows.push([section, figure, detail, c.n, (c.ids ?? []).join(' ')]);
  const value = (section: string, figure: string, detail: string, v: number | null) =>
    rows.push([section, figure, detail, v, '']);
  count('overall', 'submitted', '', f.submitted);
  count('overall', 'decided', '', f.overall.decided);
  count('overall', 'admitted', '', f.overall.admitted);
  count('overall', 'rejected', '', f.overall.rejected);
  value('overall', 'pass_rate', '', f.overall.passRate);
  for (const [status, c] of Object.entries(f.byStatus)) count('status', status, 'now', c);
  for (const day of f.statusByDay) {
    for (const [status, n] of Object.entries(day.counts)) value('status_by_day', status, day.day, n);
  }
  for (const s of f.stages) {
    for (const k of ['entered', 'passed', 'flagged', 'rejected', 'expired', 'open'] as const)
      count('stage', s.stage, k, s[k]);
    value('stage', s.stage, 'pass_rate', s.passRate);
    value('stage', s.stage, `p50_${s.duration.unit}`, s.duration.p50);
    value('stage', s.stage, `p95_${s.duration.unit}`, s.duration.p95);
  }
  for (const r of f.reasons) {
    count('reason', r.code, r.outcome, r.raised);
    for (const [res, c] of Object.entries(r.byResolution)) count('reason', r.code, `${r.outcome}:${res}`, c);
  }
  for (const k of ['decided', 'onTime', 'late', 'openPastSla'] as const)
    count('reviewer_sla', k, '', f.reviewerSla[k]);
  value('reviewer_sla', 'compliance', '', f.reviewerSla.compliance);
  for (const k of ['results', 'late', 'overdueOpen'] as const) count('lab', k, '', f.lab[k]);
  value('lab', 'turnaround', 'p50_working_days', f.lab.turnaround.p50);
  value('lab', 'turnaround', 'p95_working_days', f.lab.turnaround.p95);
  count('agreements', 'expired', '', f.agreementsExpired);
  for (const k of ['filed', 'upheld', 'dismissed', 'pending'] as const) count('appeals', k, '', f.appeals[k]);
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
