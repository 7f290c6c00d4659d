import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, comparisonTable, type Figure, previousRun } from '../../../bench/report/baseline';

const run = (commit: string, figures: Record<string, Figure>) => ({
  at: '2026-11-24T00:00:00Z',
  commit,
  figures,
});

describe('comparisonTable: a change past 5% is better or worse by the figure’s direction', () => {
  it.each([
    { better: 'higher' as const, a: 4, b: 5, want: '1.25× better' },
    { better: 'higher' as const, a: 4, b: 3, want: '0.75× worse' },
    { better: 'higher' as const, a: 4, b: 4.1, want: '1.02×' },
    { better: 'lower' as const, a: 100, b: 50, want: '0.50× better' },
    { better: 'lower' as const, a: 100, b: 106, want: '1.06× worse' },
  ])('$better is better: $a → $b is $want', ({ better, a, b, want }) => {
    const table = comparisonTable(
      run('base', { x: { value: a, unit: 'u', better } }),
      run('head', { x: { value: b, unit: 'u', better } }),
    );
    expect(table.split('\n')[2]).toContain(want);
  });
  it('shows a figure only one run has, without a change', () => {
    const table = comparisonTable(
      run('base', {}),
      run('head', { y: { value: 2, unit: 'ms', better: 'lower' } }),
    );
    expect(table.split('\n')[2]).toMatch(/\| y +\| – +\| 2\.00 ms +\| – +\|/);
  });
});

describe('previousRun: the latest run of another commit', () => {
  it('skips runs of the same commit and is null without history', () => {
    const out = mkdtempSync(join(tmpdir(), 'history-'));
    expect(previousRun(out, 'c3')).toBeNull();
    appendHistory(out, run('c1', {}));
    appendHistory(out, run('c2', {}));
    appendHistory(out, run('c3', {}));
    expect(previousRun(out, 'c3')?.commit).toBe('c2');
    expect(previousRun(out, 'c9')?.commit).toBe('c3');
  });
});
