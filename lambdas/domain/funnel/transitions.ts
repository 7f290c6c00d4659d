/**
 * The operational counts a transition adds (published as metrics after each step): decisions by
 * outcome, reasons raised by outcome, human tasks opened by kind, stages ended by outcome. Derived
 * from the summary before and after the step, so a step re-run (same facts) counts nothing twice.
 */
import type { FunnelSummary } from './summary.js';

export interface MetricCount {
  name: 'Decisions' | 'ReasonsRaised' | 'HumanTasksOpened' | 'StageOutcomes';
  dimensions: Record<string, string>;
  value: number;
}

const HUMAN = new Set(['review_checks', 'review_lab', 'samples', 'signature', 'appeal']);
const spanKey = (s: { stage: string; round: number }) => `${s.stage}#${s.round}`;

export function transitionCounts(prev: FunnelSummary | undefined, next: FunnelSummary): MetricCount[] {
  const out: MetricCount[] = [];
  const bump = (name: MetricCount['name'], dimensions: Record<string, string>) => {
    const found = out.find(
      (m) => m.name === name && JSON.stringify(m.dimensions) === JSON.stringify(dimensions),
    );
    if (found) found.value++;
    else out.push({ name, dimensions, value: 1 });
  };
  if (prev?.status !== next.status && (next.status === 'ADMITTED' || next.status === 'REJECTED')) {
    bump('Decisions', { outcome: next.status === 'ADMITTED' ? 'admitted' : 'rejected' });
  }
  const seenReasons = new Map<string, number>();
  for (const r of prev?.reasons ?? [])
    seenReasons.set(`${r.code}|${r.step}`, (seenReasons.get(`${r.code}|${r.step}`) ?? 0) + 1);
  for (const r of next.reasons) {
    const k = `${r.code}|${r.step}`;
    const left = seenReasons.get(k) ?? 0;
    if (left > 0) seenReasons.set(k, left - 1);
    else bump('ReasonsRaised', { outcome: r.outcome });
  }
  const before = new Map((prev?.stages ?? []).map((s) => [spanKey(s), s]));
  for (const s of next.stages) {
    const was = before.get(spanKey(s));
    if (!was && HUMAN.has(s.stage)) bump('HumanTasksOpened', { kind: s.stage });
    if (s.outcome && was?.outcome !== s.outcome)
      bump('StageOutcomes', { stage: s.stage, outcome: s.outcome });
  }
  return out;
}
