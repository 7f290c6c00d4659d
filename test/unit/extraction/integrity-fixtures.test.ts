/**
 * The tampered fixtures of test/fixtures/integrity (make.ts) read the way the pipeline reads them,
 * each caught with its sign and region; the controls and the corpus's text-layer documents raise
 * nothing. (Photos and scans of the corpus need OCR: bench:reading counts their flags.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentType, Extraction } from '../../../lambdas/domain/model.js';
import { fingerprintsOf, integrityRules } from '../../../lambdas/domain/rules/integrity.js';
import { extractDocument } from '../../../lambdas/extraction/index.js';
import { imageSoftware, pngText } from '../../../lambdas/extraction/integrity/image-meta.js';
import { MemoryFingerprintIndex } from '../../support/memory-fingerprints.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/integrity');
// The shared corpus beside the checkout (or CORPUS_DIR); its application folders are also copied
// into test/fixtures/corpus, whose admit run (corpus-applications.test.ts) expects no integrity flag.
const CORPUS = process.env.CORPUS_DIR ?? join(import.meta.dirname, '../../../../shared/corpus');
const HAS_CORPUS = existsSync(join(CORPUS, 'index.json'));
// Two corpus documents copied here (made outside this project), so these tests run without it.
const COPIED = join(import.meta.dirname, '../../fixtures/integrity/corpus');

async function read(type: DocumentType, path: string): Promise<Extraction> {
  return extractDocument({
    type,
    file: path.split('/').at(-1) as string,
    bytes: new Uint8Array(readFileSync(path)),
  });
}

const evidenceOf = (e: Extraction) =>
  integrityRules({ applicationId: 'app', uscc: 'u', extractions: [e], fingerprints: [], seq: 1 }).evidence;

describe('tampered fixtures', () => {
  it.each<[string, DocumentType, string, [string, string][]]>([
    [
      'an amount changed by an online editor (incremental update, white box, another font)',
      'electricity_bill',
      'bill-overlay.pdf',
      [
        ['DOCUMENT_EDITED', 'incremental_update'],
        ['DOCUMENT_EDITED', 'text_over_filled_shape'],
      ],
    ],
    [
      'a bill whose kWh and amount do not follow',
      'electricity_bill',
      'bill-arithmetic.pdf',
      [
        ['DOCUMENT_ARITHMETIC_INCONSISTENT', 'bill_readings'],
        ['DOCUMENT_ARITHMETIC_INCONSISTENT', 'bill_amount'],
      ],
    ],
    [
      'a statement whose balances break',
      'bank_statement',
      'bank-balance.pdf',
      [['DOCUMENT_ARITHMETIC_INCONSISTENT', 'statement_balance']],
    ],
    ['the control bill', 'electricity_bill', 'bill-consistent.pdf', []],
    ['the control statement', 'bank_statement', 'bank-consistent.pdf', []],
  ])('%s', async (_name, type, file, expected) => {
    const e = await read(type, join(FIXTURES, file));
    expect(e.ok).toBe(true);
    const evidence = evidenceOf(e);
    expect(evidence.map((x) => [x.code, x.sign])).toEqual(expected);
    for (const x of evidence) expect(x.page).toBe(1);
  });

  it('outlines the overlay where the amount was on page 1', async () => {
    const e = await read('electricity_bill', join(FIXTURES, 'bill-overlay.pdf'));
    const box = evidenceOf(e).find((x) => x.sign === 'text_over_filled_shape')?.box;
    // 电费金额 of the first notice: left third of the page, a third of the way down.
    expect(box?.x0).toBeGreaterThan(0.1);
    expect(box?.x1).toBeLessThan(0.35);
    expect(box?.y0).toBeGreaterThan(0.3);
    expect(box?.y1).toBeLessThan(0.4);
  });

  it('outlines the statement line whose balance breaks', async () => {
    const e = await read('bank_statement', join(FIXTURES, 'bank-balance.pdf'));
    const [x] = evidenceOf(e);
    expect(x?.detail).toContain('2026-06-09');
    expect(x?.box?.y0).toBeGreaterThan(0.2);
    expect(x?.box?.y1).toBeLessThan(0.25);
  });

  it.each([
    ['licence-photoshop.jpg', 'Adobe Photoshop'],
    ['bank-meitu.jpg', '美图秀秀'],
  ])('reads the editing app from %s', async (file, app) => {
    const names = await imageSoftware(readFileSync(join(FIXTURES, file)));
    expect(names.join(' ')).toContain(app);
  });

  it('reads Software and XMP CreatorTool from PNG text chunks, compressed or not', async () => {
    const sharp = (await import('sharp')).default;
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>美图秀秀</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta>';
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .withXmp(xmp)
      .toBuffer();
    expect(pngText(png)).toEqual(['美图秀秀']);
    expect(pngText(readFileSync(join(COPIED, 'bank-009.png')))).toEqual([]);
  });

  it('finds the same statement under a second company, and not under the first', async () => {
    const e = await read('bank_statement', join(COPIED, 'bank-001.pdf'));
    const index = new MemoryFingerprintIndex();
    const keys = fingerprintsOf([e]).map((f) => ({ kind: f.kind, value: f.value }));
    const first = await index.record('app-a', '91330782MA2B7C8D9G', fingerprintsOf([e]));
    const second = await index.record('app-b', '91350100M000100Y43', fingerprintsOf([e]));
    expect(await index.record('app-a', '91330782MA2B7C8D9G', [])).toBe(first);
    const found = await index.lookup(keys);
    const decide = (applicationId: string, uscc: string, seq: number) =>
      integrityRules({ applicationId, uscc, extractions: [e], fingerprints: found, seq }).evidence;
    expect(decide('app-a', '91330782MA2B7C8D9G', first)).toEqual([]);
    const later = decide('app-b', '91350100M000100Y43', second);
    expect(later.map((x) => [x.code, x.sign, x.otherApplicationId])).toEqual([
      ['DOCUMENT_REUSED', 'same_file', 'app-a'],
      ['DOCUMENT_REUSED', 'same_account_number', 'app-a'],
    ]);
    // The same company applying again is not reuse (measured against its own earlier application).
    const own = found.filter((f) => f.applicationId === 'app-a');
    expect(
      integrityRules({
        applicationId: 'app-c',
        uscc: '91330782MA2B7C8D9G',
        extractions: [e],
        fingerprints: own,
        seq: 3,
      }).evidence,
    ).toEqual([]);
  });
});

describe.skipIf(!HAS_CORPUS)('the corpus (text layers)', () => {
  it('raises no integrity sign on any text-layer document', { timeout: 240_000 }, async () => {
    const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as {
      documents: { file: string; type: DocumentType; form: string }[];
    };
    const flagged: string[] = [];
    for (const d of index.documents.filter((x) => x.form === 'pdf-text')) {
      const e = await read(d.type, join(CORPUS, d.file));
      for (const x of evidenceOf(e)) flagged.push(`${d.file}: ${x.sign} ${x.detail}`);
    }
    expect(flagged).toEqual([]);
  });
});
