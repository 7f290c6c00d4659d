/**
 * A complete application folder (SPEC "Driving it headless"): application.json, every document it
 * names, and optionally decisions.json, from a compact spec with defaults that pass every rule:
 * a valid USCC and ID number, established 3 years before the application date, bank transactions
 * in each of the 6 full months before the application month, electricity for those months at a
 * ratio r ≈ 0.8, a capacity proof listing every SKU at its declared capacity, complete home
 * attributes, SDS and RoHS per electronics SKU, the category licences. Every part can be overridden.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { idCheckDigit, makeUscc } from '../../../lambdas/domain/codes';
import type { Category, DeclaredDocument, DocumentType, Seller, Sku } from '../../../lambdas/domain/model';
import { crc32 } from '../../../lambdas/extraction/sniff';
import {
  type BankStatementData,
  type BankTransactionData,
  type BrandAuthorizationData,
  bankStatementPdf,
  brandAuthorizationPdf,
  type CapacityProofData,
  capacityProofPdf,
  type DocOptions,
  type ElectricityBillData,
  type ElectricityOptions,
  electricityBillPdf,
  type IdCardData,
  idCardPdf,
  type Lang,
  type LicenceData,
  type LicenceOptions,
  licencePdf,
  type SimpleDocData,
  type SimpleDocumentType,
  scannedPdf,
  simpleDocumentPdf,
  type TrademarkData,
  type TrademarkOptions,
  trademarkPdf,
} from './documents';
import { addYears, daysInMonth, monthsBefore } from './format';
import {
  elfExecutable,
  encryptedPdf,
  jpegImage,
  pngImage,
  textFile,
  truncated,
  windowsExecutable,
  zipArchive,
} from './images';
import { type Rng, rng } from './prng';
import { type PhotoOptions, photoJpeg, scanPdf, scanPng } from './scan';

/** kWh per unit of monthly capacity, by category (SPEC *setting*). */
export const KWH_PER_UNIT: Record<Category, number> = {
  apparel: 0.3,
  home: 1.0,
  consumer_electronics: 0.5,
  sports_outdoor: 0.6,
  beauty: 0.5,
  toys: 0.5,
  food: 0.5,
  medical_devices: 0.5,
  drugs: 0.5,
  other: 0.5,
};

/**
 * How a document's file is written: `png` is a clean colour scan of the document (red seal on all
 * but the ID card), `jpeg` a phone photo of it, `scan-pdf` a PDF whose page is the scan; the
 * `placeholder-*` forms are valid images of no document at all (grey bars, or flat grey).
 */
export type FileForm =
  | 'pdf'
  | 'scan-pdf'
  | 'png'
  | 'jpeg'
  | 'placeholder-png'
  | 'placeholder-jpeg'
  | 'placeholder-scan-pdf'
  | 'empty'
  | 'truncated-pdf'
  | 'encrypted-pdf'
  | 'executable'
  | 'windows-executable'
  | 'zip'
  | 'text';

const FORM_EXTENSION: Record<FileForm, string> = {
  pdf: 'pdf',
  'scan-pdf': 'pdf',
  png: 'png',
  jpeg: 'jpg',
  'placeholder-png': 'png',
  'placeholder-jpeg': 'jpg',
  'placeholder-scan-pdf': 'pdf',
  empty: 'pdf',
  'truncated-pdf': 'pdf',
  'encrypted-pdf': 'pdf',
  executable: 'pdf',
  'windows-executable': 'pdf',
  zip: 'zip',
  text: 'txt',
};

export interface DocumentOverride<D, O extends DocOptions = DocOptions> {
  /** Neither listed in application.json nor written. */
  omit?: boolean;
  /** Listed in application.json, but no file written. */
  missingFile?: boolean;
  /** Written, but not listed in application.json. */
  unlisted?: boolean;
  /** File name (default by type; its extension follows `form`). `file: 'licence.pdf', form: 'png'` = a PNG named .pdf. */
  file?: string;
  form?: FileForm;
  /** For the `png`, `jpeg` and `scan-pdf` forms: seed, seal, tilt, EXIF orientation... */
  imageOptions?: PhotoOptions;
  /** Exact bytes to write instead of a generated document. */
  bytes?: Uint8Array;
  /** Changes to the document's data (what it says). */
  data?: Partial<D>;
  /** Rendering options (language, date style, full-width, layout...). */
  options?: O;
  /** The type written in application.json (e.g. an unknown one). */
  declaredType?: string;
}

export interface SkuDocumentsOverride {
  sds?: DocumentOverride<SimpleDocData>;
  rohs?: DocumentOverride<SimpleDocData>;
  un38_3?: DocumentOverride<SimpleDocData>;
}

export interface SampleApplicationSpec {
  /** null: leave `applicationId` out (one is assigned). */
  applicationId?: string | null;
  /** Default 2026-11-20. */
  applicationDate?: string;
  category?: Category;
  /** What the seller declares; defaults match the documents. */
  seller?: Partial<Seller>;
  /** Company name, USCC and legal representative as the documents say them (default: as declared). */
  company?: { name?: string; uscc?: string; legalRepresentative?: string };
  /** SKUs by position, merged over the category's defaults; `skuCount` makes more or fewer. */
  skus?: Partial<Sku>[];
  skuCount?: number;
  sampleSkus?: string[];
  /** Labels of every document (default zh). */
  lang?: Lang;
  seed?: number;
  /** Shortcut for `licence.data.establishedOn` (default: 3 years before the application date). */
  establishedOn?: string;
  licence?: DocumentOverride<LicenceData, LicenceOptions>;
  legalRepId?: DocumentOverride<IdCardData>;
  trademark?: DocumentOverride<TrademarkData & BrandAuthorizationData, TrademarkOptions> & {
    kind?: 'certificate' | 'authorization';
  };
  /** `months`: the YYYY-MM months that have transactions (default the 6 full months before). */
  bankStatement?: DocumentOverride<BankStatementData> & { months?: string[] };
  /** `months`: the billed months (default the 6 full months before); `ratio`: the target r (0.8). */
  electricityBill?: DocumentOverride<ElectricityBillData, ElectricityOptions> & {
    months?: string[];
    ratio?: number;
  };
  capacityProof?: DocumentOverride<CapacityProofData>;
  foodLicence?: DocumentOverride<SimpleDocData>;
  medicalDeviceFiling?: DocumentOverride<SimpleDocData>;
  /** Per SKU id: its own documents. */
  skuDocuments?: Record<string, SkuDocumentsOverride>;
  /** More documents, listed and written as given. */
  extraDocuments?: { type: string; file: string; bytes: Uint8Array; skuId?: string }[];
  /** Written as decisions.json when given. */
  decisions?: Record<string, unknown>;
  /** The last word on application.json. */
  mutate?: (application: ApplicationJson) => void;
  /** Written verbatim as application.json (malformed JSON cases). */
  rawApplicationJson?: string;
}

export interface ApplicationJson {
  applicationId?: string;
  applicationDate: string;
  seller: Seller;
  category: Category;
  skus: Sku[];
  sampleSkus: string[];
  documents: { type: string; file: string }[];
}

export interface SampleApplication {
  application: ApplicationJson;
  /** File name → bytes, every file of the folder except application.json and decisions.json. */
  files: Map<string, Uint8Array>;
  decisions?: Record<string, unknown>;
}

const SKU_PREFIX: Record<Category, string> = {
  apparel: 'A',
  home: 'H',
  consumer_electronics: 'E',
  sports_outdoor: 'S',
  beauty: 'B',
  toys: 'T',
  food: 'F',
  medical_devices: 'M',
  drugs: 'D',
  other: 'O',
};

const COMPANY: Record<Lang, Record<'home' | 'default', string>> = {
  zh: { home: '义乌市佳家日用品有限公司', default: '义乌市恒远实业有限公司' },
  en: { home: 'Yiwu Jiajia Household Products Co., Ltd.', default: 'Yiwu Hengyuan Industrial Co., Ltd.' },
};

function defaultSku(category: Category, i: number): Sku {
  const sku = `${SKU_PREFIX[category]}-${String(i + 1).padStart(3, '0')}`;
  const base: Sku = {
    sku,
    name: `Product ${i + 1}`,
    monthlyCapacity: category === 'home' ? 6000 : 3000,
    brand: 'Acme',
    hasBattery: false,
    targetMarkets: ['FR', 'ES'],
    attributes: {},
    documents: [],
  };
  if (category === 'home') {
    base.name = ['Storage box', 'Cup', 'Hanger'][i % 3] as string;
    base.attributes = {
      materialComposition: { PP: 90, TPR: 10 },
      containsFormaldehyde: 'no',
      en71_3Tested: 'yes',
    };
  }
  if (category === 'consumer_electronics') {
    base.name = ['Power bank', 'Earphones', 'Desk lamp'][i % 3] as string;
    base.hasBattery = i === 0;
  }
  if (category === 'apparel') base.name = ['T-shirt', 'Hoodie', 'Socks'][i % 3] as string;
  return base;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function randomUscc(r: Rng): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += r.pick([...USCC_CHARS]);
  return makeUscc('91330782', body);
}

/**
 * A number of the company's own (FNV-1a of its USCC): two companies' generated documents never
 * share an account number, an ID card, a registration or a file's bytes, as real ones do not (the
 * integrity check would rightly call them borrowed otherwise).
 */
function ownerHash(uscc: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < uscc.length; i++) h = Math.imul(h ^ uscc.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const digitsOf = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');

/** The file's bytes tagged with its owner without changing what it shows (PDF keywords, a PNG or JPEG comment). */
async function ownedBytes(bytes: Uint8Array, owner: string): Promise<Uint8Array> {
  const tag = new TextEncoder().encode(`docgen-owner ${owner}`);
  if (bytes[0] === 0x25 && bytes[1] === 0x50) {
    // %PDF: the Info dictionary's Keywords, written by pdf-lib in full (not as an update).
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    doc.setKeywords([`docgen-owner ${owner}`]);
    return doc.save({ useObjectStreams: false });
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    // PNG: a tEXt "Comment" chunk right after IHDR (8-byte signature + 25-byte IHDR chunk).
    const data = new Uint8Array([...new TextEncoder().encode('Comment'), 0, ...tag]);
    const chunk = new Uint8Array(12 + data.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, data.length);
    chunk.set(new TextEncoder().encode('tEXt'), 4);
    chunk.set(data, 8);
    view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
    return new Uint8Array([...bytes.subarray(0, 33), ...chunk, ...bytes.subarray(33)]);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // JPEG: a COM segment right after SOI.
    const len = tag.length + 2;
    return new Uint8Array([0xff, 0xd8, 0xff, 0xfe, len >> 8, len & 0xff, ...tag, ...bytes.subarray(2)]);
  }
  return bytes;
}

function randomIdNumber(r: Rng): string {
  const first17 = `330782${1970 + r.int(0, 25)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

function bankTransactions(r: Rng, months: string[], lang: Lang): BankTransactionData[] {
  const out: BankTransactionData[] = [];
  for (const month of months) {
    const n = r.int(2, 4);
    const days = new Set<number>();
    while (days.size < n) days.add(r.int(1, daysInMonth(month)));
    for (const day of [...days].sort((a, b) => a - b)) {
      const credit = r.next() < 0.7;
      const amountMinor = (credit ? 1 : -1) * r.int(50_000, 20_000_000);
      out.push({
        date: `${month}-${String(day).padStart(2, '0')}`,
        amountMinor,
        description:
          lang === 'zh' ? (credit ? '货款' : '原材料采购') : credit ? 'Sales receipt' : 'Material purchase',
      });
    }
  }
  return out;
}

function lastDay(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

const MONTH_FACTORS = [1.02, 0.98, 1.01, 0.99, 1.03, 0.97];

async function formBytes(
  form: FileForm,
  pdf: () => Promise<Uint8Array>,
  seed: number,
  image: PhotoOptions,
): Promise<Uint8Array> {
  switch (form) {
    case 'pdf':
      return pdf();
    case 'scan-pdf':
      return scanPdf(await pdf(), { seed, ...image });
    case 'png':
      return scanPng(await pdf(), { seed, ...image });
    case 'jpeg':
      return photoJpeg(await pdf(), { seed, ...image });
    case 'placeholder-scan-pdf':
      return scannedPdf(pngImage({ seed }));
    case 'placeholder-png':
      return pngImage({ seed });
    case 'placeholder-jpeg':
      return jpegImage();
    case 'empty':
      return new Uint8Array(0);
    case 'truncated-pdf':
      return truncated(await pdf());
    case 'encrypted-pdf':
      return encryptedPdf();
    case 'executable':
      return elfExecutable();
    case 'windows-executable':
      return windowsExecutable();
    case 'zip':
      return zipArchive();
    case 'text':
      return textFile();
  }
}

function withExtension(base: string, form: FileForm): string {
  return `${base}.${FORM_EXTENSION[form]}`;
}

/** Builds the application and its files in memory. */
export async function sampleApplication(spec: SampleApplicationSpec = {}): Promise<SampleApplication> {
  const seed = spec.seed ?? 1;
  const r = rng(seed);
  const lang = spec.lang ?? 'zh';
  const category = spec.category ?? 'home';
  const applicationDate = spec.applicationDate ?? '2026-11-20';
  const window = monthsBefore(applicationDate, 6);

  const declaredName = spec.seller?.companyName ?? COMPANY[lang][category === 'home' ? 'home' : 'default'];
  const declaredUscc = spec.seller?.uscc ?? randomUscc(r);
  const declaredRep = spec.seller?.legalRepresentative ?? (lang === 'zh' ? '张三' : 'Zhang San');
  const seller: Seller = {
    companyName: declaredName,
    uscc: declaredUscc,
    legalRepresentative: declaredRep,
    contactEmail: spec.seller?.contactEmail ?? 'ops@example.com',
    ...(spec.seller?.language ? { language: spec.seller.language } : {}),
  };
  const companyName = spec.company?.name ?? declaredName;
  const uscc = spec.company?.uscc ?? declaredUscc;
  const legalRep = spec.company?.legalRepresentative ?? declaredRep;
  randomIdNumber(r); // drawn as before, so every later draw of the seed stays the same
  const owner = ownerHash(`${declaredUscc}|${uscc}`);
  const idNumber = randomIdNumber(rng(seed * 7919 + owner));

  const count = spec.skuCount ?? Math.max(3, spec.skus?.length ?? 0);
  const skus: Sku[] = Array.from({ length: count }, (_, i) => {
    const base = defaultSku(category, i);
    const over = spec.skus?.[i] ?? {};
    return { ...base, ...over, documents: [...(over.documents ?? base.documents ?? [])] };
  });
  const sampleSkus = spec.sampleSkus ?? skus.slice(0, 3).map((s) => s.sku);

  const files = new Map<string, Uint8Array>();
  const documents: { type: string; file: string }[] = [];

  async function add<D, O extends DocOptions>(
    type: DocumentType,
    baseName: string,
    over: DocumentOverride<D, O> | undefined,
    render: (data: Partial<D>, options: O) => Promise<Uint8Array>,
    skuDocs?: DeclaredDocument[],
    skuId?: string,
  ): Promise<void> {
    if (over?.omit) return;
    const form = over?.form ?? 'pdf';
    const file = over?.file ?? withExtension(baseName, form);
    const options = { lang, ...(over?.options ?? {}) } as O;
    if (!over?.missingFile) {
      // ID cards carry no seal; licences, certificates, statements and bills do.
      const image: PhotoOptions = { seal: type !== 'legal_rep_id', ...(over?.imageOptions ?? {}) };
      const bytes =
        over?.bytes ??
        (await formBytes(form, () => render((over?.data ?? {}) as Partial<D>, options), seed, image));
      files.set(file, over?.bytes ? bytes : await ownedBytes(bytes, `${declaredUscc}|${uscc}`));
    }
    if (over?.unlisted) return;
    const declared = { type: (over?.declaredType ?? type) as DocumentType, file };
    if (skuDocs) skuDocs.push(skuId ? { ...declared, skuId } : declared);
    else documents.push(declared);
  }

  // Business licence.
  const establishedOn =
    spec.establishedOn ?? spec.licence?.data?.establishedOn ?? addYears(applicationDate, -3);
  await add('business_licence', 'licence', spec.licence, (d, o) =>
    licencePdf(
      {
        companyName,
        uscc,
        legalRepresentative: legalRep,
        validUntil: null,
        ...d,
        establishedOn,
      },
      o,
    ),
  );

  // Legal representative's ID.
  await add('legal_rep_id', 'legal-rep-id', spec.legalRepId, (d, o) =>
    idCardPdf({ name: legalRep, idNumber, ...d }, o),
  );

  // Trademark certificate, or brand authorization.
  const tmUntil = addYears(applicationDate, 5);
  r.int(10_000_000, 99_999_999);
  const registrationNumber = String(10_000_000 + ((seed * 7919 + owner) % 90_000_000));
  await add('trademark', 'trademark', spec.trademark, (d, o) =>
    spec.trademark?.kind === 'authorization'
      ? brandAuthorizationPdf(
          {
            authorizer: lang === 'zh' ? '艾克美品牌管理有限公司' : 'Acme Brand Management Co., Ltd.',
            authorizedParty: companyName,
            registrationNumber,
            validUntil: tmUntil,
            ...d,
          },
          o,
        )
      : trademarkPdf({ registrant: companyName, registrationNumber, validUntil: tmUntil, ...d }, o),
  );

  // Bank statements: transactions in each covered month.
  const bankMonths = spec.bankStatement?.months ?? window;
  const transactions = bankTransactions(r, bankMonths, lang);
  await add('bank_statement', 'bank-statement', spec.bankStatement, (d, o) =>
    bankStatementPdf(
      {
        accountName: companyName,
        accountNo: `6222 0212 ${digitsOf(owner, 4)} ${digitsOf(Math.floor(owner / 1e4), 4)} ${digitsOf(seed, 3)}`,
        transactions,
        period: {
          from: `${bankMonths[0] ?? window[0]}-01`,
          to: lastDay(bankMonths[bankMonths.length - 1] ?? applicationDate.slice(0, 7)),
        },
        ...d,
      },
      o,
    ),
  );

  // Capacity proof: every SKU at its declared capacity.
  await add('capacity_proof', 'capacity-proof', spec.capacityProof, (d, o) =>
    capacityProofPdf(
      {
        companyName,
        rows: skus.map((s) => ({ sku: s.sku, monthlyCapacity: s.monthlyCapacity, productName: s.name })),
        issuedOn: window[window.length - 1] ? `${window[window.length - 1]}-28` : undefined,
        ...d,
      },
      o,
    ),
  );

  // Electricity: average kWh = ratio × Σ capacity × kWh per unit.
  const ratio = spec.electricityBill?.ratio ?? 0.8;
  const need = skus.reduce((sum, s) => sum + s.monthlyCapacity * KWH_PER_UNIT[category], 0);
  const elecMonths = spec.electricityBill?.months ?? window;
  const months = elecMonths.map((month, i) => ({
    month,
    kwh: Math.round(ratio * need * (MONTH_FACTORS[i % MONTH_FACTORS.length] as number)),
  }));
  await add('electricity_bill', 'electricity-bill', spec.electricityBill, (d, o) =>
    electricityBillPdf({ accountName: companyName, accountNo: `33${digitsOf(owner, 8)}`, months, ...d }, o),
  );

  // Category licences.
  const simple =
    (type: SimpleDocumentType, extra: Partial<SimpleDocData> = {}) =>
    (d: Partial<SimpleDocData>, o: DocOptions) =>
      simpleDocumentPdf(type, { companyName, ...extra, ...d }, o);
  if (category === 'food')
    await add('food_licence', 'food-licence', spec.foodLicence, simple('food_licence'));
  else if (spec.foodLicence && !spec.foodLicence.omit) {
    await add('food_licence', 'food-licence', spec.foodLicence, simple('food_licence'));
  }
  if (category === 'medical_devices' || (spec.medicalDeviceFiling && !spec.medicalDeviceFiling.omit)) {
    await add(
      'medical_device_filing',
      'medical-device-filing',
      spec.medicalDeviceFiling,
      simple('medical_device_filing'),
    );
  }

  // A SKU's own documents: SDS and RoHS for electronics, UN38.3 for sample SKUs with a battery.
  for (const sku of skus) {
    const over = spec.skuDocuments?.[sku.sku] ?? {};
    sku.documents ??= [];
    const own = { sku: sku.sku, productName: sku.name };
    const wantSds = category === 'consumer_electronics' || over.sds !== undefined;
    const wantRohs = category === 'consumer_electronics' || over.rohs !== undefined;
    const wantUn = (sku.hasBattery === true && sampleSkus.includes(sku.sku)) || over.un38_3 !== undefined;
    if (wantSds) await add('sds', `sds-${sku.sku}`, over.sds, simple('sds', own), sku.documents, sku.sku);
    if (wantRohs)
      await add('rohs', `rohs-${sku.sku}`, over.rohs, simple('rohs', own), sku.documents, sku.sku);
    if (wantUn)
      await add('un38_3', `un38_3-${sku.sku}`, over.un38_3, simple('un38_3', own), sku.documents, sku.sku);
  }

  for (const extra of spec.extraDocuments ?? []) {
    files.set(extra.file, extra.bytes);
    const declared = { type: extra.type as DocumentType, file: extra.file };
    const sku = extra.skuId ? skus.find((s) => s.sku === extra.skuId) : undefined;
    if (sku) {
      sku.documents ??= [];
      sku.documents.push({ ...declared, skuId: extra.skuId });
    } else documents.push(declared);
  }

  const application: ApplicationJson = {
    ...(spec.applicationId === null ? {} : { applicationId: spec.applicationId ?? `app-sample-${seed}` }),
    applicationDate,
    seller,
    category,
    skus,
    sampleSkus,
    documents,
  };
  spec.mutate?.(application);
  return { application, files, ...(spec.decisions ? { decisions: spec.decisions } : {}) };
}

/** Writes the folder: application.json, every document, decisions.json when given. */
export async function writeApplicationFolder(
  dir: string,
  spec: SampleApplicationSpec = {},
): Promise<{ dir: string; application: ApplicationJson }> {
  const sample = await sampleApplication(spec);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'application.json'),
    spec.rawApplicationJson ?? `${JSON.stringify(sample.application, null, 2)}\n`,
  );
  for (const [name, bytes] of sample.files) await writeFile(join(dir, name), bytes);
  if (sample.decisions)
    await writeFile(join(dir, 'decisions.json'), `${JSON.stringify(sample.decisions, null, 2)}\n`);
  return { dir, application: sample.application };
}
