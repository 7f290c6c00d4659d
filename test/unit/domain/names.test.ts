import { describe, expect, it } from 'vitest';
import { normaliseName, sameName } from '../../../lambdas/domain/names.js';

describe('normaliseName', () => {
  it.each([
    ['杭州某某（集团）有限公司', '杭州某某(集团)有限公司'],
    ['義烏 某某 有限公司', '義烏某某有限公司'],
    ['ＡＣＭＥ　Ｔｒａｄｉｎｇ', 'ACMETrading'],
    ['张 三\t', '张三'],
  ])('normalises %j to %j', (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });
});

describe('sameName', () => {
  it.each([
    ['杭州某某（集团）有限公司', '杭州某某(集团)有限公司', true],
    ['义乌市某某日用品有限公司', ' 义乌市 某某日用品有限公司 ', true],
    ['ＡＣＭＥ Co., Ltd.', 'ACME Co.,Ltd.', true],
    ['义乌市某某日用品有限公司', '义乌市某某百货有限公司', false],
    ['Acme', 'ACME', false],
  ])('compares %j and %j: %s', (a, b, expected) => {
    expect(sameName(a, b)).toBe(expected);
  });
});
