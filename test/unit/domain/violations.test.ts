import { describe, expect, it } from 'vitest';
import { type Violation, violationRules, violationsOf } from '../../../lambdas/domain/rules/violations.js';
import { application, codes, settings, USCC } from './factories.js';

const OTHER = '91330782MA2B3C4D12';
const v = (date: string, severity: Violation['severity'] = 'minor', uscc = USCC): Violation => ({
  uscc,
  date,
  severity,
});
const run = (records: Violation[], readUscc: string | null = null) =>
  codes(violationRules(application(), records, settings(), readUscc));

describe('violationRules', () => {
  it.each<[string, Violation[], string[]]>([
    ['no record', [], []],
    [
      'a serious violation on the window start 2025-11-20',
      [v('2025-11-20', 'serious')],
      ['SERIOUS_VIOLATION_12M'],
    ],
    ['a serious violation the day before, 2025-11-19', [v('2025-11-19', 'serious')], []],
    ['a serious violation on the application date', [v('2026-11-20', 'serious')], ['SERIOUS_VIOLATION_12M']],
    ['a serious violation after the application date', [v('2026-11-21', 'serious')], []],
    ['1 minor violation in the window', [v('2026-03-01')], ['MINOR_VIOLATIONS']],
    ['a minor violation on 2025-11-20', [v('2025-11-20')], ['MINOR_VIOLATIONS']],
    ['a minor violation on 2025-11-19', [v('2025-11-19')], []],
    [
      '3 minor violations in the window',
      [v('2026-01-01'), v('2026-02-01'), v('2026-03-01')],
      ['MINOR_VIOLATIONS'],
    ],
    [
      '4 minor violations in the window',
      [v('2026-01-01'), v('2026-02-01'), v('2026-03-01'), v('2026-04-01')],
      ['PERMANENTLY_BANNED'],
    ],
    [
      '4 old violations',
      [v('2015-01-01'), v('2016-01-01'), v('2017-01-01', 'serious'), v('2018-01-01')],
      ['PERMANENTLY_BANNED'],
    ],
    [
      '3 old violations and a serious one in the window',
      [v('2015-01-01'), v('2016-01-01'), v('2017-01-01'), v('2026-06-01', 'serious')],
      ['SERIOUS_VIOLATION_12M', 'PERMANENTLY_BANNED'],
    ],
    [
      'a serious and a minor violation in the window',
      [v('2026-06-01', 'serious'), v('2026-07-01')],
      ['SERIOUS_VIOLATION_12M', 'MINOR_VIOLATIONS'],
    ],
    ['another company’s serious violation', [v('2026-06-01', 'serious', OTHER)], []],
    [
      'a record with the code in lower case',
      [v('2026-06-01', 'serious', USCC.toLowerCase())],
      ['SERIOUS_VIOLATION_12M'],
    ],
    ['a record with a date that is not a date', [v('2026-02-30', 'serious')], []],
  ])('decides on %s', (_name, records, expected) => {
    expect(run(records)).toEqual(expected);
  });

  it('counts records of the code read from the licence when the declared code differs', () => {
    expect(run([v('2026-06-01', 'serious', OTHER)], OTHER)).toEqual(['SERIOUS_VIOLATION_12M']);
  });

  it('counts a record with an unreadable date toward the ban when there are 4', () => {
    const records = [v('2015-01-01'), v('2016-01-01'), v('2017-01-01'), v('not-a-date')];
    expect(run(records)).toEqual(['PERMANENTLY_BANNED']);
  });

  it('names the window and the dates when a serious violation is found', () => {
    const [r] = violationRules(application(), [v('2026-06-01', 'serious')], settings());
    expect(r?.message.en).toContain('2025-11-20 to 2026-11-20');
    expect(r?.message.en).toContain('2026-06-01');
  });
});

describe('violationsOf', () => {
  it('keeps the records of any given code when given several', () => {
    const records = [
      v('2026-01-01', 'minor', USCC),
      v('2026-01-01', 'minor', OTHER),
      v('2026-01-01', 'minor', 'X'),
    ];
    expect(violationsOf(records, [USCC, OTHER, null])).toHaveLength(2);
  });
});
