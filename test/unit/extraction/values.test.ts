import { describe, expect, it } from 'vitest';
import {
  findDates,
  findMonths,
  parseAmountMinor,
  parseCapitalYuan,
  parseChineseNumeral,
  parseCount,
  parseDate,
  parseQuantity,
  parseTermEnd,
} from '../../../lambdas/extraction/parse/values';

describe('parseDate', () => {
  it.each([
    ['2021年3月5日', '2021-03-05'],
    ['2021年03月05日', '2021-03-05'],
    ['2021 年 3 月 5 日', '2021-03-05'],
    ['2021-03-05', '2021-03-05'],
    ['2021/03/05', '2021-03-05'],
    ['2021.03.05', '2021-03-05'],
    ['2021/3/5', '2021-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s as %s, cleanly', (text, iso) => {
    expect(parseDate(text)).toEqual({ value: iso, clean: true });
  });

  it.each(['2021-02-30', '2023-02-29', '2021-13-01', '2021-03', 'March 5', '2021-03/05', ''])(
    'reads nothing when given %s',
    (text) => {
      expect(parseDate(text)).toBeNull();
    },
  );

  it('reads a date partly when other text surrounds it', () => {
    expect(parseDate('2021-03-05 (changed)')).toEqual({ value: '2021-03-05', clean: false });
  });

  it('finds every date in a line in order when several are given', () => {
    expect(findDates('自2016年03月14日至2026/03/13').map((d) => d.iso)).toEqual(['2016-03-14', '2026-03-13']);
  });
});

describe('parseTermEnd', () => {
  it.each([
    ['2019年01月01日至长期', null],
    ['2019-01-01至长期', null],
    ['长期', null],
    ['Long-term', null],
    ['2019-01-01 to Long-term', null],
    ['2019-01-01 to permanent', null],
    ['无固定期限', null],
    ['至2039年12月31日', '2039-12-31'],
    ['2019年01月01日至2039年12月31日', '2039-12-31'],
    ['2019-01-01 to 2039-12-31', '2039-12-31'],
    ['2019/01/01 - 2039/12/31', '2039-12-31'],
    ['2019.01.01-2039.12.31', '2039-12-31'],
    ['2019.01.01～2039.12.31', '2039-12-31'],
    ['to 2039-12-31', '2039-12-31'],
  ])('reads the end of %s as %s', (text, end) => {
    expect(parseTermEnd(text)).toEqual({ value: end, clean: true });
  });

  it('reads a lone date as the end, but not as certain, when no 至 or "to" is given', () => {
    expect(parseTermEnd('2039-12-31')).toEqual({ value: '2039-12-31', clean: false });
  });

  it('reads nothing when the term holds no date and no 长期', () => {
    expect(parseTermEnd('见附件')).toBeNull();
  });
});

describe('findMonths', () => {
  it.each([
    ['2026-05', '2026-05'],
    ['2026/05', '2026-05'],
    ['2026.5', '2026-05'],
    ['2026年5月', '2026-05'],
    ['2026年05月份', '2026-05'],
    ['May 2026', '2026-05'],
    ['Sept. 2026', '2026-09'],
    ['2026-Nov', '2026-11'],
  ])('reads %s as %s', (text, month) => {
    expect(findMonths(text).map((m) => m.month)).toEqual([month]);
  });

  it.each(['2026-05-03', '2026年5月3日', '2026-13', '202605'])(
    'reads no month in the full date or non-month %s',
    (text) => {
      expect(findMonths(text)).toEqual([]);
    },
  );
});

describe('parseCapitalYuan', () => {
  it.each([
    ['500万元', 5_000_000],
    ['500万人民币', 5_000_000],
    ['500万元人民币', 5_000_000],
    ['人民币500万元', 5_000_000],
    ['123.5万元', 1_235_000],
    ['0.5万元', 5_000],
    ['1.2345万元', 12_345],
    ['5,000,000元', 5_000_000],
    ['5000000元', 5_000_000],
    ['RMB 5,000,000', 5_000_000],
    ['CNY 5,000,000.00', 5_000_000],
    ['¥5,000,000', 5_000_000],
    ['5 million', 5_000_000],
    ['RMB 5.5 million', 5_500_000],
    ['RMB 5 million yuan', 5_000_000],
    ['1亿元', 100_000_000],
    ['伍佰万元整', 5_000_000],
    ['壹仟贰佰叁拾万元', 12_300_000],
    ['伍拾万零伍仟元', 505_000],
  ])('reads %s as %i yuan, cleanly', (text, yuan) => {
    expect(parseCapitalYuan(text)).toEqual({ value: yuan, clean: true });
  });

  it('keeps every digit exact when a decimal of 万 has many places', () => {
    // 0.1 + 0.2 style float errors would show here: 1234.5678万 = 12345678 yuan.
    expect(parseCapitalYuan('1234.5678万元')).toEqual({ value: 12_345_678, clean: true });
  });

  it('rounds and lowers confidence when the amount has fractions of a yuan', () => {
    expect(parseCapitalYuan('1.23456万元')).toEqual({ value: 12_346, clean: false });
  });

  it('reads the number but not as clean when the capital is in another currency', () => {
    expect(parseCapitalYuan('500万美元')).toEqual({ value: 5_000_000, clean: false });
  });

  it.each(['', '若干', 'five million', '5,00,000元'])('reads nothing when given %s', (text) => {
    expect(parseCapitalYuan(text)).toBeNull();
  });
});

describe('parseChineseNumeral', () => {
  it.each([
    ['十', 10],
    ['十万', 100_000],
    ['伍佰万', 5_000_000],
    ['一亿二千万', 120_000_000],
    ['叁拾', 30],
  ])('reads %s as %i', (text, n) => {
    expect(parseChineseNumeral(text)).toBe(n);
  });
});

describe('parseAmountMinor', () => {
  it.each([
    ['12,345.67', 1_234_567],
    ['+12,345.67', 1_234_567],
    ['-500.00', -50_000],
    ['−500.00', -50_000],
    ['(300.00)', -30_000],
    ['1,000', 100_000],
    ['1000.5', 100_050],
    ['¥1,000.50', 100_050],
    ['RMB 20.00', 2_000],
    ['1,000.00元', 100_000],
    ['0.01', 1],
    ['90071992547409.91', 9_007_199_254_740_991],
  ])('reads %s as %i fen, cleanly', (text, fen) => {
    expect(parseAmountMinor(text)).toEqual({ value: fen, clean: true });
  });

  it('rounds and lowers confidence when an amount has more than two decimals', () => {
    expect(parseAmountMinor('1.235')).toEqual({ value: 124, clean: false });
  });

  it.each(['', 'abc', '1,00.00', '12.3.4', '900719925474099.99'])('reads nothing when given %s', (text) => {
    expect(parseAmountMinor(text)).toBeNull();
  });
});

describe('parseQuantity', () => {
  it.each([
    ['14,400', 14_400, true],
    ['14,688.5', 14_688.5, true],
    ['1200 kWh', 1200, true],
    ['1200度', 1200, true],
    ['1200 apples', 1200, false],
  ])('reads %s as %d', (text, n, clean) => {
    expect(parseQuantity(text)).toEqual({ value: n, clean });
  });
});

describe('parseCount', () => {
  it.each([
    ['6,000', 6000, true],
    ['6000件', 6000, true],
    ['6000 pcs/month', 6000, true],
    ['6,000 件/月', 6000, true],
    ['6000.00', 6000, true],
    ['6000 boxes of 12', 6000, false],
  ])('reads %s as %i', (text, n, clean) => {
    expect(parseCount(text)).toEqual({ value: n, clean });
  });
});
