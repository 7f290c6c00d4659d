/**
 * `npm run bench:ocr [-- --count N] [--forms png,jpeg,scan-pdf] [--types licence,id] [--seed S]`
 *
 * The offline OCR path end to end, on generated documents: for each document type and file form,
 * N documents (default 50) with varied data (Chinese and English labels, one- and two-column
 * licences, date styles, business terms, companies that are too young or expired, declared codes
 * that differ) are drawn as clean PNG scans and phone-photo JPEGs and read by `extractDocument`
 * with the tesseract engine. It reports, per field, how often the value read is exactly right and
 * how often it is confident (≥ the 0.80 floor), and the seconds per page; and it runs the rules on
 * what was read and on the text-layer truth: a wrong decision is a reject the truth does not
 * have, or a pass where the truth rejects or flags. A misread must end in a flag.
 *
 * Prints a table and whether the issue's targets are met; writes bench/out/ocr.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import defaultRules from '../config/rules.default.json' with { type: 'json' };
import { idCheckDigit, makeUscc, repairOcrUscc } from '../lambdas/domain/codes';
import type { Application, Extraction, Field, Reason } from '../lambdas/domain/model';
import { normaliseCode } from '../lambdas/domain/rules/fields';
import { identityRules } from '../lambdas/domain/rules/identity';
import { licenceRules } from '../lambdas/domain/rules/licence';
import { parseRuleSettings } from '../lambdas/domain/settings';
import { extractDocument } from '../lambdas/extraction/index';
import { ocrPageLines } from '../lambdas/extraction/ocr-lines';
import { preprocessImage } from '../lambdas/ocr/preprocess';
import { TesseractOcr } from '../lambdas/ocr/tesseract-ocr';
import {
  addYears,
  type DateStyle,
  type IdCardData,
  idCardPdf,
  type LicenceData,
  type LicenceOptions,
  licencePdf,
  photoJpeg,
  type Rng,
  rng,
  scanPdf,
  scanPng,
} from '../test/support/docgen/index';

type DocKind = 'licence' | 'id';
type Form = 'png' | 'jpeg' | 'scan-pdf';

interface Args {
  /** Print the OCR lines of every document with a misread. */
  dump: boolean;
  count: number;
  /** First document index (with --count, a window of the same documents). */
  from: number;
  forms: Form[];
  types: DocKind[];
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    dump: false,
    count: 50,
    from: 0,
    forms: ['png', 'jpeg'],
    types: ['licence', 'id'],
    seed: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--count' && v) args.count = Math.max(1, Number.parseInt(v, 10));
    else if (a === '--forms' && v) args.forms = v.split(',') as Form[];
    else if (a === '--types' && v) args.types = v.split(',') as DocKind[];
    else if (a === '--from' && v) args.from = Math.max(0, Number.parseInt(v, 10));
    else if (a === '--seed' && v) args.seed = Number.parseInt(v, 10);
    else if (a === '--dump') {
      args.dump = true;
      continue;
    } else continue;
    i++;
  }
  return args;
}

const APPLICATION_DATE = '2026-11-20';
const settings = parseRuleSettings(defaultRules);

// ---------------------------------------------------------------------------------------------
// Varied document data

const CITIES = [
  '义乌市',
  '宁波市',
  '温州市',
  '深圳市',
  '东莞市',
  '广州市',
  '金华市',
  '台州市',
  '佛山市',
  '苏州市',
];
const CITIES_EN = ['Yiwu', 'Ningbo', 'Wenzhou', 'Shenzhen', 'Dongguan', 'Guangzhou', 'Jinhua', 'Taizhou'];
const BRANDS = [
  '佳家',
  '恒远',
  '华美',
  '鑫源',
  '博达',
  '天宇',
  '金盛',
  '永康',
  '瑞丰',
  '新星',
  '嘉禾',
  '宏图',
];
const BRANDS_EN = ['Jiajia', 'Hengyuan', 'Huamei', 'Xinyuan', 'Boda', 'Tianyu', 'Jinsheng', 'Ruifeng'];
const TRADES = ['日用品', '实业', '服饰', '电子科技', '家居用品', '五金制品', '塑料制品', '贸易', '玩具'];
const TRADES_EN = ['Household Products', 'Industrial', 'Garments', 'Electronics', 'Hardware', 'Trading'];
const SUFFIXES = ['有限公司', '有限责任公司', '股份有限公司'];
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
];
const SURNAMES_EN = ['Zhang', 'Wang', 'Li', 'Zhao', 'Chen', 'Liu', 'Yang', 'Huang', 'Zhou', 'Wu'];
const GIVEN_EN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yang', 'Jianhua', 'Xiuying'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function isoPlusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function randomUscc(r: Rng): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += r.pick([...USCC_CHARS]);
  return makeUscc(`91${r.pick(['330782', '330203', '440300', '441900', '330100', '320500'])}`, body);
}

function personName(r: Rng, zh: boolean): string {
  return zh
    ? r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '')
    : `${r.pick(SURNAMES_EN)} ${r.pick(GIVEN_EN)}`;
}

interface LicenceCase {
  kind: 'licence';
  data: LicenceData;
  options: LicenceOptions;
  declaredUscc: string;
}

interface IdCase {
  kind: 'id';
  data: IdCardData;
  options: { lang: 'zh' | 'en'; dateStyle?: DateStyle };
}

function licenceCase(r: Rng): LicenceCase {
  const zh = r.next() < 0.75;
  const companyName = zh
    ? r.pick(CITIES) + r.pick(BRANDS) + r.pick(TRADES) + r.pick(SUFFIXES)
    : `${r.pick(CITIES_EN)} ${r.pick(BRANDS_EN)} ${r.pick(TRADES_EN)} Co., Ltd.`;
  // Mostly old enough, some within days of the 1-year line, some too young.
  const age = r.next() < 0.2 ? r.int(330, 400) : r.int(400, 365 * 12);
  const establishedOn = isoPlusDays(APPLICATION_DATE, -age);
  const termRoll = r.next();
  const validUntil =
    termRoll < 0.5
      ? null
      : termRoll < 0.6
        ? isoPlusDays(APPLICATION_DATE, -r.int(1, 400))
        : addYears(establishedOn, r.pick([10, 20, 30]));
  const uscc = randomUscc(r);
  const styles: DateStyle[] = zh
    ? ['cjk-padded', 'cjk-padded', 'cjk', 'iso', 'dot']
    : ['iso', 'slash', 'dot'];
  return {
    kind: 'licence',
    data: {
      companyName,
      uscc,
      legalRepresentative: personName(r, zh),
      establishedOn,
      validUntil,
      registeredCapital: zh ? `${r.int(1, 99) * 10}万元` : `RMB ${r.int(1, 99)},000,000`,
    },
    options: {
      lang: zh ? 'zh' : 'en',
      layout: r.next() < 0.8 ? 'two-column' : 'single-column',
      dateStyle: r.pick(styles),
      termStyle: r.next() < 0.8 ? 'range' : 'end-only',
    },
    declaredUscc: r.next() < 0.15 ? randomUscc(r) : uscc,
  };
}

function idCase(r: Rng): IdCase {
  const zh = r.next() < 0.75;
  const first17 = `${r.pick(['330782', '330203', '440300', '110101'])}${1960 + r.int(0, 40)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  return {
    kind: 'id',
    data: {
      name: personName(r, zh),
      idNumber: first17 + idCheckDigit(first17),
      sex: r.next() < 0.5 ? 'male' : 'female',
    },
    options: { lang: zh ? 'zh' : 'en' },
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring

type FieldName =
  | 'uscc'
  | 'companyName'
  | 'legalRepresentative'
  | 'establishedOn'
  | 'validUntil'
  | 'name'
  | 'idNumber';

const FIELDS: Record<DocKind, FieldName[]> = {
  licence: ['uscc', 'companyName', 'legalRepresentative', 'establishedOn', 'validUntil'],
  id: ['name', 'idNumber'],
};

interface FieldScore {
  exact: number;
  confident: number;
  /** Read at or above the floor but wrong. */
  confidentWrong: number;
}

interface GroupResult {
  kind: DocKind;
  form: Form;
  documents: number;
  unreadable: number;
  seconds: number[];
  fields: Record<string, FieldScore>;
  wrongDecisions: number;
  flagged: number;
  misreads: { seed: number; field: string; truth: unknown; read: unknown; confidence: number }[];
  /** Every field read: whether it was exactly right, and its confidence (for calibrating). */
  reads: { seed: number; field: string; exact: boolean; confidence: number }[];
  wrong: { seed: number; truth: string[]; read: string[] }[];
}

function comparable(name: FieldName, f: Field<unknown> | undefined): unknown {
  if (!f) return undefined;
  if (name === 'uscc') {
    const code = normaliseCode(String(f.value));
    return f.source.method === 'ocr' ? repairOcrUscc(code) : code;
  }
  if (name === 'idNumber') return normaliseCode(String(f.value));
  return typeof f.value === 'string' ? f.value.normalize('NFKC') : f.value;
}

function truthValue(c: LicenceCase | IdCase, name: FieldName): unknown {
  if (c.kind === 'licence') {
    const d = c.data;
    return {
      uscc: d.uscc,
      companyName: d.companyName.normalize('NFKC'),
      legalRepresentative: d.legalRepresentative,
      establishedOn: d.establishedOn,
      validUntil: d.validUntil,
    }[name as 'uscc'];
  }
  return { name: c.data.name, idNumber: c.data.idNumber }[name as 'name'];
}

const codesOf = (reasons: Reason[], outcome: 'reject' | 'flag') =>
  [...new Set(reasons.filter((r) => r.outcome === outcome).map((r) => r.code))].sort();

/** A wrong decision: a reject the truth does not have, or a pass where the truth rejects or flags. */
function isWrong(truth: Reason[], read: Reason[]): boolean {
  const truthRejects = codesOf(truth, 'reject');
  const readRejects = codesOf(read, 'reject');
  if (readRejects.some((c) => !truthRejects.includes(c))) return true;
  const readPasses = read.length === 0;
  return readPasses && truth.length > 0;
}

function application(declaredUscc: string, companyName: string): Application {
  return {
    applicationId: 'bench',
    applicationDate: APPLICATION_DATE,
    seller: { companyName, uscc: declaredUscc },
    category: 'home',
    skus: [],
    sampleSkus: [],
    documents: [],
  };
}

function rulesFor(c: LicenceCase | IdCase, e: Extraction, truthLicence: Extraction | null): Reason[] {
  if (c.kind === 'licence') {
    const fields = e.ok && e.type === 'business_licence' ? e.fields : {};
    return licenceRules(application(c.declaredUscc, c.data.companyName), { file: 'doc', fields }, settings);
  }
  const fields = e.ok && e.type === 'legal_rep_id' ? e.fields : {};
  const licence = truthLicence?.ok && truthLicence.type === 'business_licence' ? truthLicence.fields : {};
  return identityRules({ file: 'doc', fields }, { file: 'licence', fields: licence }, settings);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ocr = new TesseractOcr();
  const results: GroupResult[] = [];
  const floor = settings.confidenceFloor;
  // The licence the ID cards are compared with: a clean text-layer licence naming the holder.
  try {
    // Warm the engine up (loading the models is not a page's time).
    const warm = await licencePdf({
      companyName: '义乌市佳家日用品有限公司',
      uscc: '91330782MA2ABCDE1X',
      legalRepresentative: '张三',
      establishedOn: '2019-01-01',
      validUntil: null,
    });
    await extractDocument(
      { type: 'business_licence', file: 'warm.png', bytes: await scanPng(warm) },
      { ocr },
    );

    for (const kind of args.types) {
      for (const form of args.forms) {
        const group: GroupResult = {
          kind,
          form,
          documents: 0,
          unreadable: 0,
          seconds: [],
          fields: Object.fromEntries(
            FIELDS[kind].map((f) => [f, { exact: 0, confident: 0, confidentWrong: 0 }]),
          ),
          wrongDecisions: 0,
          flagged: 0,
          misreads: [],
          reads: [],
          wrong: [],
        };
        for (let i = args.from; i < args.from + args.count; i++) {
          const seed = args.seed * 100_000 + i;
          const r = rng(seed * 31 + (kind === 'licence' ? 1 : 2));
          const c = kind === 'licence' ? licenceCase(r) : idCase(r);
          const pdf =
            c.kind === 'licence' ? await licencePdf(c.data, c.options) : await idCardPdf(c.data, c.options);
          const seal = kind === 'licence';
          const sealAt = r.next() < 0.4 ? ('fields' as const) : ('authority' as const);
          const bytes =
            form === 'png'
              ? await scanPng(pdf, { seed, seal, sealAt })
              : form === 'jpeg'
                ? await photoJpeg(pdf, { seed, seal, sealAt })
                : await scanPdf(pdf, { seed, seal, sealAt });
          const type = kind === 'licence' ? 'business_licence' : 'legal_rep_id';
          const file = `doc.${form === 'jpeg' ? 'jpg' : form === 'png' ? 'png' : 'pdf'}`;
          const truth = await extractDocument({ type, file: 'doc.pdf', bytes: pdf });
          const truthLicence =
            c.kind === 'id'
              ? await extractDocument({
                  type: 'business_licence',
                  file: 'licence.pdf',
                  bytes: await licencePdf({
                    companyName: '义乌市佳家日用品有限公司',
                    uscc: '91330782MA2ABCDE1X',
                    legalRepresentative: c.data.name,
                    establishedOn: '2019-01-01',
                    validUntil: null,
                  }),
                })
              : null;
          const t0 = performance.now();
          const read = await extractDocument({ type, file, bytes }, { ocr });
          group.seconds.push((performance.now() - t0) / 1000);
          group.documents++;
          if (!read.ok) group.unreadable++;
          const fields = (read.ok ? read.fields : {}) as Record<string, Field<unknown> | undefined>;
          for (const name of FIELDS[kind]) {
            const f = fields[name];
            const score = group.fields[name] as FieldScore;
            const want = truthValue(c, name);
            const got = comparable(name, f);
            const exact = f !== undefined && got === want;
            if (exact) score.exact++;
            if (f && f.confidence >= floor) {
              score.confident++;
              if (!exact) score.confidentWrong++;
            }
            if (f) group.reads.push({ seed, field: name, exact, confidence: f.confidence });
            if (!exact)
              group.misreads.push({
                seed,
                field: name,
                truth: want,
                read: got,
                confidence: f?.confidence ?? 0,
              });
          }
          if (args.dump && group.misreads.some((m) => m.seed === seed)) {
            await dump(ocr, bytes, seed, group);
            const dir = join(dirname(fileURLToPath(import.meta.url)), 'out', 'misread');
            mkdirSync(dir, { recursive: true });
            writeFileSync(
              join(dir, `${kind}-${seed}.${form === 'jpeg' ? 'jpg' : form === 'png' ? 'png' : 'pdf'}`),
              bytes,
            );
          }
          const truthReasons = rulesFor(c, truth, truthLicence);
          const readReasons = rulesFor(c, read, truthLicence);
          if (codesOf(readReasons, 'flag').length > 0) group.flagged++;
          if (isWrong(truthReasons, readReasons)) {
            group.wrongDecisions++;
            group.wrong.push({
              seed,
              truth: truthReasons.map((x) => `${x.outcome}:${x.code}`),
              read: readReasons.map((x) => `${x.outcome}:${x.code}`),
            });
          }
          process.stderr.write('.');
        }
        process.stderr.write(` ${kind}/${form}\n`);
        results.push(group);
      }
    }
  } finally {
    await ocr.close();
  }
  report(results, args);
}

async function dump(ocr: TesseractOcr, bytes: Uint8Array, seed: number, group: GroupResult): Promise<void> {
  const file = group.form === 'jpeg' ? 'doc.jpg' : 'doc.png';
  if (group.form === 'scan-pdf') return;
  const ready = await preprocessImage(bytes, file);
  if (!ready.ok) return;
  const page = await ocr.recognize(ready.png, { languages: ['chi_sim', 'eng'] });
  console.error(`\n--- ${group.kind}/${group.form} seed ${seed} (skew ${ready.skewDegrees}°)`);
  for (const m of group.misreads.filter((x) => x.seed === seed))
    console.error(`  misread ${JSON.stringify(m)}`);
  if (process.env.BENCH_WORDS) {
    for (const l of page.lines) {
      console.error(
        `  W ${l.words.map((w) => `${w.text}[${w.box.x0}-${w.box.x1},${w.box.y0}-${w.box.y1}:${Math.round(w.confidence * 100)}]`).join(' ')}`,
      );
    }
  }
  for (const line of ocrPageLines(page)) {
    console.error(`  ${JSON.stringify(line.text)} min ${Math.min(...line.confidences).toFixed(2)}`);
  }
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function report(results: GroupResult[], args: Args): void {
  const rows: string[][] = [
    ['type', 'form', 'docs', 'field', 'exact', 'confident', 'confident+wrong', 's/page mean', 's/page p95'],
  ];
  for (const g of results) {
    const mean = g.seconds.reduce((a, b) => a + b, 0) / Math.max(1, g.seconds.length);
    Object.entries(g.fields).forEach(([name, s], i) => {
      rows.push([
        i === 0 ? g.kind : '',
        i === 0 ? g.form : '',
        i === 0 ? String(g.documents) : '',
        name,
        pct(s.exact, g.documents),
        pct(s.confident, g.documents),
        String(s.confidentWrong),
        i === 0 ? mean.toFixed(2) : '',
        i === 0 ? quantile(g.seconds, 0.95).toFixed(2) : '',
      ]);
    });
    rows.push([
      '',
      '',
      '',
      'wrong decisions',
      String(g.wrongDecisions),
      `flagged ${pct(g.flagged, g.documents)}`,
      `unreadable ${g.unreadable}`,
      '',
      '',
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }

  const targets: { target: string; met: boolean | null; detail: string }[] = [];
  const clean = results.find((g) => g.kind === 'licence' && g.form === 'png');
  if (clean) {
    const worst = Math.min(
      ...(['uscc', 'establishedOn', 'validUntil', 'companyName', 'legalRepresentative'] as const).map(
        (f) => (clean.fields[f]?.exact ?? 0) / clean.documents,
      ),
    );
    targets.push({
      target: 'clean PNG licences: USCC, dates, name, legal rep exact ≥ 98%',
      met: worst >= 0.98,
      detail: `lowest ${(100 * worst).toFixed(1)}%`,
    });
  }
  const photos = results.filter((g) => g.form === 'jpeg');
  if (photos.length > 0) {
    const wrong = photos.reduce((s, g) => s + g.wrongDecisions, 0);
    targets.push({
      target: 'phone photos: zero wrong decisions',
      met: wrong === 0,
      detail: `${wrong} wrong`,
    });
    const lic = photos.find((g) => g.kind === 'licence');
    if (lic) {
      const rate = (lic.fields.uscc?.exact ?? 0) / lic.documents;
      targets.push({
        target: 'phone-photo licences: USCC exact ≥ 80%',
        met: rate >= 0.8,
        detail: `${(100 * rate).toFixed(1)}%`,
      });
    }
  }
  const all = results.flatMap((g) => g.seconds);
  const mean = all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
  targets.push({
    target: '≤ 2.5 s per page (mean, 2 cores)',
    met: mean <= 2.5,
    detail: `${mean.toFixed(2)} s`,
  });
  console.log('');
  for (const t of targets) console.log(`${t.met ? 'MET    ' : 'NOT MET'}  ${t.target}  (${t.detail})`);

  const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'ocr.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ args, applicationDate: APPLICATION_DATE, targets, results }, null, 2)}\n`,
  );
  console.log(`\nwritten ${out}`);
}

await main();
