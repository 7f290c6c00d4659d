import { createHash } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgreementInput } from '../../../lambdas/agreement/content.js';
import { renderAgreementPdf } from '../../../lambdas/agreement/render.js';
import { bindFeeSchedule } from '../../../lambdas/domain/fees.js';
import type { Category } from '../../../lambdas/domain/model.js';
import { pdfjsDocumentOptions } from '../../../lambdas/extraction/pdf-text.js';
import { settings } from '../domain/factories.js';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= pdfjsWorker;

function input(category: Category, violationCount = 0, patch: Partial<AgreementInput> = {}): AgreementInput {
  const s = settings();
  const feeSchedule = bindFeeSchedule(category, s, { onDate: '2026-11-20', violationCount });
  if (!feeSchedule) throw new Error('no schedule');
  return {
    applicationId: 'app-yiwu-home-001',
    round: 1,
    issuedAt: '2026-11-20T01:00:00.000Z',
    deadline: '2026-12-04T01:00:00.000Z',
    seller: {
      companyName: '义乌市鑫磊日用品有限公司',
      uscc: '91350100M000100Y43',
      legalRepresentative: '张三',
    },
    feeSchedule,
    fulfilmentRates: s.fees.schedules[0]?.fulfilmentRate ?? { default: '0', byCategory: {} },
    ...patch,
  };
}

/** Each page's text as pdfjs reads it back, pieces joined (lines split on position changes). */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument(pdfjsDocumentOptions(bytes)).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? '\n' : ''}` : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('renderAgreementPdf', () => {
  let bytes: Uint8Array;
  let text: string;
  beforeAll(async () => {
    bytes = await renderAgreementPdf(input('home'));
    text = (await pageTexts(bytes)).join('\n');
  });

  it('writes a PDF with the title in Chinese and English', () => {
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('全托管服务协议');
    expect(text).toContain('Fully-Managed Program Service Agreement');
  });

  it.each([
    ['the seller', '义乌市鑫磊日用品有限公司'],
    ['the USCC', '91350100M000100Y43'],
    ['the legal representative', '张三'],
    ['the agreement number', 'app-yiwu-home-001-1'],
    ['the issue day', '2026-11-20'],
    ['the signing deadline in China time', '2026-12-04 09:00 (UTC+8)'],
    ['the fee schedule version and its effective date', 'fees-2020-01'],
    ['the effective date', 'effective from 2020-01-01'],
    ['the appendix in Chinese', '附件一：费用表'],
    ['the appendix in English', 'Appendix 1: Fee schedule'],
    ['the commission', '基础佣金'],
    ['the commission rate', '5%'],
    ['the seller category fulfilment fee', '履约服务费（家居）'],
    ['the home rate', '4.5%'],
    ['the apparel rate', '3.8%'],
    ['the electronics rate', '5.2%'],
    ['value-added services', 'Value-added services'],
    ['billed per result', '按效果计费 / per result'],
    ['no deposit', '保证金'],
    ['no annual fee', 'Annual fee'],
    ['none', '无 / none'],
    ['the settlement term', 'T+15'],
    ['the extended term', 'T+75'],
    ['the violations that extend it', '4 violations'],
    ['the Chinese clause on settlement', '每笔订单于交易日后第 15 个自然日结算'],
  ])('says %s: %s', (_what, expected) => {
    expect(text.replace(/\n/g, '')).toContain(expected);
  });

  it('keeps CJK digits intact (the fontkit fork garbles them)', async () => {
    expect(text).toMatch(/第 15 个自然日/);
  });

  it('gives byte-identical files for the same issue record', async () => {
    const again = await renderAgreementPdf(input('home'));
    expect(sha(again)).toBe(sha(bytes));
  });

  it('dates the file from the issue time, not the clock', () => {
    expect(Buffer.from(bytes).toString('latin1')).toContain('/CreationDate (D:20261120010000Z)');
  });

  it('gives a different file for another category or another round', async () => {
    const apparel = await renderAgreementPdf(input('apparel'));
    expect(sha(apparel)).not.toBe(sha(bytes));
    expect((await pageTexts(apparel)).join('')).toContain('履约服务费（服装）');
    expect(sha(await renderAgreementPdf(input('home', 0, { round: 2 })))).not.toBe(sha(bytes));
  });

  it('binds T+75 when the seller has 4 violations when the agreement is issued', async () => {
    const pages = await pageTexts(await renderAgreementPdf(input('home', 4)));
    expect(pages.join('').replace(/\n/g, '')).toContain('每笔订单于交易日后第 75 个自然日结算');
  });
});
