import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { JpegImage } from 'pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc } from '../../../lambdas/domain/codes';
import type { DocumentType, Extraction, FieldsByType } from '../../../lambdas/domain/model';
import { extractDocument } from '../../../lambdas/extraction/index';
import {
  type ApplicationJson,
  cjkFontPath,
  jpegImage,
  KWH_PER_UNIT,
  licencePdf,
  pngImage,
  sampleApplication,
  writeApplicationFolder,
} from '../../support/docgen/index';

const root = await mkdtemp(join(tmpdir(), 'docgen-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
let n = 0;
const nextDir = () => join(root, `app-${++n}`);

async function extract<T extends DocumentType>(dir: string, type: T, file: string): Promise<FieldsByType[T]> {
  const r: Extraction = await extractDocument({
    type,
    file,
    bytes: new Uint8Array(await readFile(join(dir, file))),
  });
  if (!r.ok) throw new Error(`${file}: ${r.problem}`);
  return r.fields as FieldsByType[T];
}

const fileOf = (app: ApplicationJson, type: string) =>
  app.documents.find((d) => d.type === type)?.file as string;

describe('docgen', () => {
  it('finds its CJK font in the installed package', () => {
    expect(cjkFontPath()).toMatch(/@embedpdf\/fonts-sc\/fonts\/NotoSansHans-Regular\.otf$/);
  });

  it('writes the same bytes when given the same input', async () => {
    const data = {
      companyName: '某公司',
      uscc: '91330782MA2ABCDE1X',
      legalRepresentative: '张三',
      establishedOn: '2020-01-01',
      validUntil: null,
    };
    expect(Buffer.compare(Buffer.from(await licencePdf(data)), Buffer.from(await licencePdf(data)))).toBe(0);
    const a = await sampleApplication({ seed: 7 });
    const b = await sampleApplication({ seed: 7 });
    expect(b.application).toEqual(a.application);
    for (const [name, bytes] of a.files)
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.files.get(name) as Uint8Array))).toBe(0);
    const c = await sampleApplication({ seed: 8 });
    expect(c.application.seller.uscc).not.toBe(a.application.seller.uscc);
  });

  it('writes a PNG and a JPEG that decode when asked for image-only files', () => {
    const png = Buffer.from(pngImage({ width: 64, height: 32 }));
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe((64 + 1) * 32);
    const jpeg = new JpegImage();
    jpeg.parse(jpegImage({ width: 20, height: 12 }));
    expect([jpeg.width, jpeg.height, jpeg.numComponents]).toEqual([20, 12, 1]);
    const pixels = jpeg.getData({ width: 20, height: 12 });
    expect(new Set(pixels)).toEqual(new Set([128]));
  });
});

describe('writeApplicationFolder', () => {
  it('writes a complete home application whose documents back every declaration when given defaults', async () => {
    const { dir, application: app } = await writeApplicationFolder(nextDir());
    const onDisk = JSON.parse(await readFile(join(dir, 'application.json'), 'utf8'));
    expect(onDisk).toEqual(app);
    expect(Object.keys(app)).toEqual([
      'applicationId',
      'applicationDate',
      'seller',
      'category',
      'skus',
      'sampleSkus',
      'documents',
    ]);
    expect(app.applicationDate).toBe('2026-11-20');
    expect(app.documents.map((d) => d.type)).toEqual([
      'business_licence',
      'legal_rep_id',
      'trademark',
      'bank_statement',
      'capacity_proof',
      'electricity_bill',
    ]);
    expect((await readdir(dir)).sort()).toEqual(
      [...app.documents.map((d) => d.file), 'application.json'].sort(),
    );
    expect(app.sampleSkus).toEqual(['H-001', 'H-002', 'H-003']);
    for (const sku of app.skus) {
      expect(sku.attributes).toEqual({
        materialComposition: { PP: 90, TPR: 10 },
        containsFormaldehyde: 'no',
        en71_3Tested: 'yes',
      });
      expect(sku.monthlyCapacity).toBeGreaterThanOrEqual(5000);
    }

    const licence = await extract(dir, 'business_licence', fileOf(app, 'business_licence'));
    expect(licence.uscc?.value).toBe(app.seller.uscc);
    expect(checkUscc(app.seller.uscc)).toEqual({ valid: true });
    expect(licence.companyName?.value).toBe(app.seller.companyName);
    expect(licence.legalRepresentative?.value).toBe(app.seller.legalRepresentative);
    expect(licence.establishedOn?.value).toBe('2023-11-20');
    expect(licence.validUntil?.value).toBeNull();

    const id = await extract(dir, 'legal_rep_id', fileOf(app, 'legal_rep_id'));
    expect(id.name?.value).toBe('张三');
    expect(checkIdNumber(id.idNumber?.value ?? '')).toEqual({ valid: true });

    const tm = await extract(dir, 'trademark', fileOf(app, 'trademark'));
    expect(tm.registrant?.value).toBe(app.seller.companyName);
    expect(tm.validUntil?.value).toBe('2031-11-20');

    const bank = await extract(dir, 'bank_statement', fileOf(app, 'bank_statement'));
    expect(bank.accountName?.value).toBe(app.seller.companyName);
    expect([...new Set(bank.transactions.map((t) => t.value.date.slice(0, 7)))]).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);

    const power = await extract(dir, 'electricity_bill', fileOf(app, 'electricity_bill'));
    expect(power.months.map((m) => m.value.month)).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    const average = power.months.reduce((s, m) => s + m.value.kwh, 0) / power.months.length;
    const need = app.skus.reduce((s, k) => s + k.monthlyCapacity * KWH_PER_UNIT.home, 0);
    expect(average / need).toBeCloseTo(0.8, 2);

    const capacity = await extract(dir, 'capacity_proof', fileOf(app, 'capacity_proof'));
    expect(capacity.rows.map((r) => r.value)).toEqual(
      app.skus.map((s) => ({ sku: s.sku, monthlyCapacity: s.monthlyCapacity })),
    );
  });

  it('adds SDS and RoHS per SKU and UN38.3 for a battery sample when the category is consumer electronics', async () => {
    const { dir, application: app } = await writeApplicationFolder(nextDir(), {
      category: 'consumer_electronics',
    });
    expect(app.skus.map((s) => (s.documents ?? []).map((d) => d.type))).toEqual([
      ['sds', 'rohs', 'un38_3'],
      ['sds', 'rohs'],
      ['sds', 'rohs'],
    ]);
    for (const sku of app.skus) {
      for (const d of sku.documents ?? []) {
        expect(d.skuId).toBe(sku.sku);
        const r = await extractDocument({
          type: d.type,
          file: d.file,
          bytes: new Uint8Array(await readFile(join(dir, d.file))),
        });
        expect(r.ok).toBe(true);
      }
    }
  });

  it.each([
    ['food', 'food_licence'],
    ['medical_devices', 'medical_device_filing'],
  ] as const)('adds the category licence when the category is %s', async (category, type) => {
    const { application: app } = await sampleApplication({ category });
    expect(app.documents.map((d) => d.type)).toContain(type);
  });

  it('leaves out, unlists or forgets files when the overrides say so', async () => {
    const { dir, application: app } = await writeApplicationFolder(nextDir(), {
      legalRepId: { omit: true },
      trademark: { missingFile: true },
      capacityProof: { unlisted: true },
    });
    expect(app.documents.map((d) => d.type)).not.toContain('legal_rep_id');
    expect(app.documents.map((d) => d.type)).not.toContain('capacity_proof');
    const files = await readdir(dir);
    expect(files).not.toContain('legal-rep-id.pdf');
    expect(files).not.toContain('trademark.pdf');
    expect(fileOf(app, 'trademark')).toBe('trademark.pdf');
    expect(files).toContain('capacity-proof.pdf');
  });

  it('writes broken and image files in the requested form when a form is given', async () => {
    const { dir, application: app } = await writeApplicationFolder(nextDir(), {
      licence: { form: 'png', file: 'licence.pdf' },
      legalRepId: { form: 'jpeg' },
      trademark: { form: 'empty' },
      bankStatement: { form: 'executable' },
    });
    const read = async (type: string) => new Uint8Array(await readFile(join(dir, fileOf(app, type))));
    expect((await read('business_licence')).subarray(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(fileOf(app, 'legal_rep_id')).toBe('legal-rep-id.jpg');
    expect((await read('trademark')).length).toBe(0);
    const problems = await Promise.all(
      app.documents.slice(0, 4).map(async (d) => {
        const r = await extractDocument({
          type: d.type as DocumentType,
          file: d.file,
          bytes: await read(d.type),
        });
        return r.ok ? 'ok' : r.problem;
      }),
    );
    expect(problems).toEqual(['mislabelled', 'no_text_layer', 'empty', 'type_not_accepted']);
  });

  it('makes the documents disagree with the declaration when company, dates and months are overridden', async () => {
    const { dir, application: app } = await writeApplicationFolder(nextDir(), {
      company: { uscc: '91330782MA2ABCDE1X' },
      establishedOn: '2026-06-01',
      bankStatement: { months: ['2026-08', '2026-09', '2026-10'], data: { accountName: '别的公司' } },
      electricityBill: { months: ['2026-09', '2026-10'], ratio: 0.25 },
    });
    const licence = await extract(dir, 'business_licence', fileOf(app, 'business_licence'));
    expect(licence.uscc?.value).toBe('91330782MA2ABCDE1X');
    expect(app.seller.uscc).not.toBe('91330782MA2ABCDE1X');
    expect(licence.establishedOn?.value).toBe('2026-06-01');
    const bank = await extract(dir, 'bank_statement', fileOf(app, 'bank_statement'));
    expect(bank.accountName?.value).toBe('别的公司');
    expect(new Set(bank.transactions.map((t) => t.value.date.slice(0, 7)))).toEqual(
      new Set(['2026-08', '2026-09', '2026-10']),
    );
    const power = await extract(dir, 'electricity_bill', fileOf(app, 'electricity_bill'));
    expect(power.months.map((m) => m.value.month)).toEqual(['2026-09', '2026-10']);
  });

  it('writes English documents, decisions.json and no applicationId when asked', async () => {
    const decisions = {
      review: { outcome: 'approve', note: 'ok' },
      signature: { accept: true, signerName: 'Zhang San' },
    };
    const { dir, application: app } = await writeApplicationFolder(nextDir(), {
      lang: 'en',
      applicationId: null,
      decisions,
      trademark: { kind: 'authorization' },
    });
    expect(app).not.toHaveProperty('applicationId');
    expect(JSON.parse(await readFile(join(dir, 'decisions.json'), 'utf8'))).toEqual(decisions);
    const licence = await extract(dir, 'business_licence', fileOf(app, 'business_licence'));
    expect(licence.companyName?.value).toBe('Yiwu Jiajia Household Products Co., Ltd.');
    const tm = await extract(dir, 'trademark', fileOf(app, 'trademark'));
    expect(tm.authorizedParty?.value).toBe(app.seller.companyName);
  });

  it('writes application.json verbatim and lets a mutator edit it when given', async () => {
    const raw = await writeApplicationFolder(nextDir(), { rawApplicationJson: '{ "applicationDate": ' });
    expect(await readFile(join(raw.dir, 'application.json'), 'utf8')).toBe('{ "applicationDate": ');
    const { application } = await sampleApplication({
      mutate: (a) => {
        a.skus = [];
      },
    });
    expect(application.skus).toEqual([]);
  });
});
