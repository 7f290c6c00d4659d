/**
 * extractDocument with a stand-in OCR engine: what the engine returns is fixed here, so these
 * tests pin the plumbing (confidences, provenance, rules' outcome, engine failures) without
 * running tesseract.
 */
import { describe, expect, it } from 'vitest';
import defaultRules from '../../../config/rules.default.json' with { type: 'json' };
import type { Application, Extraction, LicenceFields } from '../../../lambdas/domain/model';
import { licenceRules } from '../../../lambdas/domain/rules/licence';
import { parseRuleSettings } from '../../../lambdas/domain/settings';
import { EXTRACTOR_VERSION, extractDocument, extractorVersion } from '../../../lambdas/extraction/index';
import { CONFIDENCE_CHECKED } from '../../../lambdas/extraction/parse/checked';
import type { Ocr, OcrLanguage, OcrLine, OcrPage } from '../../../lambdas/ports/ocr';
import { TransientError } from '../../../lambdas/shared/errors';
import { licencePdf, pngHeaderOnly, pngImage, scannedPdf } from '../../support/docgen/index';

const H = 30;

/** An OCR line of words placed left to right from x, with one confidence each. */
function ocrLine(y: number, x: number, ...words: [string, number][]): OcrLine {
  let at = x;
  const placed = words.map(([text, confidence]) => {
    const w = [...text].reduce((s, c) => s + (/[\u3400-\u9fff]/.test(c) ? H : H / 2), 0);
    const box = { x0: at, y0: y, x1: at + w, y1: y + H };
    at += w + 10;
    return { text, confidence, box };
  });
  return {
    text: words.map((w) => w[0]).join(' '),
    confidence: 0.9,
    box: placed[0]?.box ?? { x0: 0, y0: 0, x1: 0, y1: 0 },
    words: placed,
  };
}

class StubOcr implements Ocr {
  readonly engine = 'stub';
  calls: OcrLanguage[][] = [];
  constructor(private readonly result: OcrPage | (() => Promise<OcrPage>)) {}
  async recognize(_image: Uint8Array, options: { languages: OcrLanguage[] }): Promise<OcrPage> {
    this.calls.push(options.languages);
    return typeof this.result === 'function' ? this.result() : this.result;
  }
  async close(): Promise<void> {}
}

/** A two-column licence as an engine might return it: right column first, a shaky USCC. */
function licencePage(usccConfidence: number, uscc = '91330782MA2IBCDEIA'): OcrPage {
  return {
    width: 2400,
    height: 1700,
    lines: [
      ocrLine(100, 1300, ['成立日期:', 0.93], ['2019年01月01日', 0.91]),
      ocrLine(160, 1300, ['营业期限:', 0.93], ['2019年01月01日至长期', 0.9]),
      ocrLine(40, 100, ['统一社会信用代码:', 0.95], [uscc, usccConfidence]),
      ocrLine(100, 100, ['名称:', 0.94], ['义乌市佳家日用品有限公司', 0.92]),
      ocrLine(160, 100, ['法定代表人:', 0.94], ['张三', 0.9]),
    ],
  };
}

const settings = parseRuleSettings(defaultRules);
/** 91330782MA21BCDE1A with its B read as 8: the check character no longer holds. */
const MISREAD_USCC = '91330782MA218CDE1A';
const app: Application = {
  applicationId: 'a',
  applicationDate: '2026-11-20',
  seller: { companyName: '义乌市佳家日用品有限公司', uscc: '91330782MA21BCDE1A' },
  category: 'home',
  skus: [],
  sampleSkus: [],
  documents: [],
};

async function read(ocr: Ocr, bytes: Uint8Array = pngImage(), file = 'licence.png'): Promise<Extraction> {
  return extractDocument({ type: 'business_licence', file, bytes }, { ocr });
}

function fieldsOf(r: Extraction): LicenceFields {
  if (!r.ok || r.type !== 'business_licence') throw new Error(`not read: ${JSON.stringify(r)}`);
  return r.fields;
}

describe('extractDocument with an OCR engine', () => {
  it('reads the fields of a two-column licence with OCR provenance when the engine returns its blocks in any order', async () => {
    const r = await read(new StubOcr(licencePage(0.9)));
    expect(r).toMatchObject({ ok: true, method: 'ocr', pages: 1 });
    const f = fieldsOf(r);
    expect(f.companyName?.value).toBe('义乌市佳家日用品有限公司');
    expect(f.uscc?.value).toBe('91330782MA2IBCDEIA');
    expect(f.legalRepresentative?.value).toBe('张三');
    expect(f.establishedOn?.value).toBe('2019-01-01');
    expect(f.validUntil?.value).toBeNull();
    // The region of the page the code was read from: its word's box over the page's size.
    expect(f.uscc?.source).toEqual({
      file: 'licence.png',
      page: 1,
      line: 1,
      method: 'ocr',
      box: { x0: 0.1521, y0: 0.0235, x1: 0.2646, y1: 0.0412 },
    });
  });

  it("gives a field the confidence of its value's words, not of its line, when read by OCR", async () => {
    const f = fieldsOf(await read(new StubOcr(licencePage(0.55, MISREAD_USCC))));
    expect(f.uscc?.confidence).toBe(0.55);
    expect(f.companyName?.confidence).toBe(0.92);
    expect(f.establishedOn?.confidence).toBe(0.91);
  });

  it('trusts a shakily read USCC whose check character holds (a single misread never passes)', async () => {
    const f = fieldsOf(await read(new StubOcr(licencePage(0.55))));
    expect(f.uscc?.confidence).toBe(CONFIDENCE_CHECKED);
    expect(licenceRules(app, { file: 'licence.png', fields: f }, settings)).toEqual([]);
  });

  it('lets the licence rules decide on an OCR read above the floor, repairing I to 1', async () => {
    const f = fieldsOf(await read(new StubOcr(licencePage(0.9))));
    expect(licenceRules(app, { file: 'licence.png', fields: f }, settings)).toEqual([]);
  });

  it('flags instead of deciding when a USCC read below the floor fails its check', async () => {
    const f = fieldsOf(await read(new StubOcr(licencePage(0.55, MISREAD_USCC))));
    const reasons = licenceRules(app, { file: 'licence.png', fields: f }, settings);
    expect(reasons.map((x) => [x.code, x.outcome])).toEqual([['LICENCE_LOW_CONFIDENCE', 'flag']]);
  });

  it('asks the engine for Chinese and English by default', async () => {
    const ocr = new StubOcr(licencePage(0.9));
    await read(ocr);
    expect(ocr.calls).toEqual([['chi_sim', 'eng']]);
  });

  it('reports fields_not_found, asking for a clear photo, when the engine reads nothing', async () => {
    const r = await read(new StubOcr({ width: 100, height: 100, lines: [] }));
    expect(r).toMatchObject({ ok: false, code: 'DOCUMENT_UNREADABLE', problem: 'fields_not_found' });
    if (!r.ok) {
      expect(r.message.en).toContain('licence.png');
      expect(r.message.en).toMatch(/sharp, evenly lit photo/);
      expect(r.message.zh).toContain('清晰');
    }
  });

  it('reads a legible page whose fields cannot be placed, and leaves the decision to a person', async () => {
    const page: OcrPage = {
      width: 2000,
      height: 1400,
      lines: [
        ocrLine(100, 100, ['某某银行对账单', 0.95]),
        ocrLine(160, 100, ['本页仅为示意，无户名与交易明细', 0.95]),
        ocrLine(220, 100, ['请以银行柜台打印件为准', 0.95]),
      ],
    };
    const r = await extractDocument(
      { type: 'bank_statement', file: 'bank.png', bytes: pngImage() },
      { ocr: new StubOcr(page), recheck: false },
    );
    expect(r).toMatchObject({ ok: true, method: 'ocr' });
    // One empty row at confidence 0: the capacity rules flag instead of finding no month.
    if (r.ok && r.type === 'bank_statement') {
      expect(r.fields.transactions.map((t) => t.confidence)).toEqual([0]);
    }
  });

  it('OCRs a PDF page without a text layer and not the pages that have one', async () => {
    const ocr = new StubOcr(licencePage(0.9));
    const r = await read(ocr, await scannedPdf(pngImage()), 'licence.pdf');
    expect(r).toMatchObject({ ok: true, method: 'ocr' });
    expect(ocr.calls).toHaveLength(1);
    const text = await licencePdf({
      companyName: '某公司',
      uscc: '91330782MA2ABCDE1X',
      legalRepresentative: '张三',
      establishedOn: '2019-01-01',
      validUntil: null,
    });
    const untouched = new StubOcr(licencePage(0.9));
    expect(await read(untouched, text, 'licence.pdf')).toMatchObject({ ok: true, method: 'text' });
    expect(untouched.calls).toHaveLength(0);
  });

  it('passes a TransientError of the engine on for a retry', async () => {
    const ocr = new StubOcr(() => Promise.reject(new TransientError('worker crashed')));
    await expect(read(ocr)).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('reports corrupt, never throwing, when the engine fails on the image for good', async () => {
    const ocr = new StubOcr(() => Promise.reject(new Error('bad image')));
    expect(await read(ocr)).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('refuses an image over 50 megapixels before the engine sees it', async () => {
    const ocr = new StubOcr(licencePage(0.9));
    // A PNG header of 10000 × 5001 with no real pixel data behind it.
    const r = await read(ocr, pngHeaderOnly(10_000, 5_001));
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    expect(ocr.calls).toHaveLength(0);
  });
});

describe('extractorVersion', () => {
  it('names the OCR reader and engine when an engine is used, and the text reader alone otherwise', () => {
    // The integrity facts are part of what a stored extraction holds, so they version it too.
    expect(extractorVersion()).toBe(`${EXTRACTOR_VERSION}+integrity-1.0.0`);
    expect(extractorVersion({ engine: 'tesseract.js-7/chi_sim@4.0.0+eng@4.0.0_best_int' })).toBe(
      `${EXTRACTOR_VERSION}+integrity-1.0.0+ocr-1.1.0/tesseract.js-7/chi_sim@4.0.0+eng@4.0.0_best_int`,
    );
  });
});
