/**
 * What each reason code tells the seller, in zh and en: which file, which field, what was read,
 * what is expected, and what to do next. Variables are typed per code.
 */
import type { CodeProblem } from './codes.js';
import {
  CATEGORY_LABELS,
  DOCUMENT_LABELS,
  fieldLabel,
  ID_PROBLEM_LABELS,
  UNREADABLE_LABELS,
  USCC_PROBLEM_LABELS,
} from './labels.js';
import type { Category, DocumentType, Message, UnreadableProblem } from './model.js';

/** Why a field could not be decided on. */
export type LowConfidenceProblem = 'absent' | 'low_confidence' | 'check_failed' | 'not_a_date';

export interface LowConfidenceVars {
  documentType: DocumentType;
  file: string;
  field: string;
  value?: string;
  problem: LowConfidenceProblem;
}

export type RequiredAttribute =
  | 'materialComposition'
  | 'containsFormaldehyde'
  | 'en71_3Tested'
  | 'sds'
  | 'rohs';

interface RatioVars {
  ratio: string;
  averageKwh: string;
  expectedKwh: string;
}

/** An integrity flag names the document only: which sign was seen is for the reviewer. */
interface IntegrityVars {
  documentType: DocumentType;
  file: string;
}

interface WindowVars {
  from: string;
  applicationDate: string;
  months: number;
}

export interface ReasonVars {
  DOCUMENT_MISSING: { documentType: DocumentType; file?: string; sku?: string };
  DOCUMENT_UNREADABLE: {
    documentType: DocumentType;
    file: string;
    problem: UnreadableProblem;
    detail?: Message;
  };
  SKU_COUNT_OUT_OF_RANGE: { count: number; max: number };
  CATEGORY_PROHIBITED: { category: Category };
  SAMPLE_SKUS_INVALID: {
    given: string[];
    expected: number;
    declaredCount: number;
    undeclared: string[];
    duplicates: string[];
  };
  CATEGORY_LICENCE_MISSING: { category: Category; documentType: DocumentType };
  LICENCE_USCC_INVALID: { file: string; value: string; problem: CodeProblem };
  LICENCE_NOT_ENTERPRISE: { file: string; value: string };
  LICENCE_MISMATCH: { file: string; read: string; declared: string };
  LICENCE_NAME_MISMATCH: { file: string; read: string; declared: string };
  LICENCE_TOO_YOUNG: { file: string; establishedOn: string; latestAllowed: string; applicationDate: string };
  LICENCE_EXPIRED: { file: string; validUntil: string; applicationDate: string };
  LICENCE_LOW_CONFIDENCE: LowConfidenceVars;
  LEGAL_REP_ID_INVALID: { file: string; value: string; problem: CodeProblem };
  LEGAL_REP_MISMATCH: { idFile: string; idName: string; licenceFile: string; licenceName: string };
  LEGAL_REP_LOW_CONFIDENCE: LowConfidenceVars;
  TRADEMARK_EXPIRED: { file: string; validUntil: string; applicationDate: string };
  TRADEMARK_HOLDER_MISMATCH: {
    file: string;
    holder: string;
    role: 'registrant' | 'authorized_party';
    companyName: string;
  };
  ACCOUNT_NAME_MISMATCH: {
    documentType: DocumentType;
    file: string;
    /** null when the account name could not be read with confidence. */
    accountName: string | null;
    companyName: string;
  };
  SERIOUS_VIOLATION_12M: WindowVars & { dates: string[] };
  DOCUMENT_REUSED: IntegrityVars;
  DOCUMENT_EDITED: IntegrityVars;
  DOCUMENT_ARITHMETIC_INCONSISTENT: IntegrityVars;
  PERMANENTLY_BANNED: { count: number; threshold: number };
  MINOR_VIOLATIONS: WindowVars & { count: number };
  BANK_STATEMENTS_INCOMPLETE: { required: string[]; missing: string[] };
  CAPACITY_PROOF_MISMATCH: { sku: string; declared: number; proven: number | null; files: string[] };
  CAPACITY_BELOW_MINIMUM: { sku: string; capacity: number; minimum: number; category: Category };
  CAPACITY_EVIDENCE_MISSING: { required: string[]; billed: string[]; minimumMonths: number };
  CAPACITY_EVIDENCE_INCONSISTENT: RatioVars;
  CAPACITY_EVIDENCE_WEAK: RatioVars;
  ATTRIBUTES_MISSING: {
    sku: string;
    attribute: RequiredAttribute;
    problem: 'missing' | 'invalid';
    detail?: Message;
  };
  UN38_3_REPORT_MISSING: { sku: string };
  SAMPLE_INSPECTION_FAILED: { sku: string; attempts: number; findings?: string[] };
  SAMPLE_INSPECTION_OVERDUE: { skus: string[]; workingDays: number; dueAt: string };
  AGREEMENT_DECLINED: Record<string, never>;
  AGREEMENT_EXPIRED: { days: number; dueAt: string };
  /** `flaggedCode`: the flags a reviewer rejected; `appeal`: a dismissed appeal, `appealedCode` what it was against. */
  REVIEW_REJECTED: { flaggedCode?: string; appeal?: boolean; appealedCode?: string; note?: string };
}

type Messages = { [C in keyof ReasonVars]: (v: ReasonVars[C]) => Message };

const zhList = (items: string[]): string => (items.length ? items.join('、') : '无');
const enList = (items: string[]): string => (items.length ? items.join(', ') : 'none');

/** Shows the region code and the last 4 characters of an ID number only. */
export function maskIdNumber(value: string): string {
  return value.length >= 10
    ? `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`
    : value;
}

const ATTRIBUTE_LABELS: Record<RequiredAttribute, Message> = {
  materialComposition: { zh: '材质成分', en: 'material composition' },
  containsFormaldehyde: { zh: '是否含甲醛', en: 'contains formaldehyde' },
  en71_3Tested: { zh: '是否通过 EN 71-3 检测', en: 'EN 71-3 tested' },
  sds: DOCUMENT_LABELS.sds,
  rohs: DOCUMENT_LABELS.rohs,
};

const ATTRIBUTE_HINTS: Record<RequiredAttribute, Message> = {
  materialComposition: {
    zh: '请填写每种材质及其百分比，合计须为 100。',
    en: 'Give each material with its percentage; they must add up to exactly 100.',
  },
  containsFormaldehyde: { zh: '请填写 yes 或 no。', en: 'Answer yes or no.' },
  en71_3Tested: { zh: '请填写 yes 或 no。', en: 'Answer yes or no.' },
  sds: { zh: '请在该 SKU 下上传其 SDS。', en: 'Upload its SDS under this SKU.' },
  rohs: { zh: '请在该 SKU 下上传其 RoHS 符合性声明。', en: 'Upload its RoHS declaration under this SKU.' },
};

function lowConfidence(v: LowConfidenceVars): Message {
  const doc = DOCUMENT_LABELS[v.documentType];
  const label = fieldLabel(v.documentType, v.field);
  const value = v.value === undefined ? '' : v.field === 'idNumber' ? maskIdNumber(v.value) : v.value;
  const what: Message = {
    absent: { zh: '未能读取', en: 'could not be read' },
    low_confidence:
      v.value === undefined
        ? { zh: '识别可信度不足', en: 'could not be read with enough confidence' }
        : {
            zh: `识别为“${value}”，但识别可信度不足`,
            en: `was read as "${value}", but not with enough confidence`,
          },
    check_failed: {
      zh: `经文字识别（OCR）读取为 ${value}，但校验位不符，可能是识别误差`,
      en: `was read by OCR as ${value}, but its check character does not match (possibly a misreading)`,
    },
    not_a_date: {
      zh: `识别为“${value}”，不是有效日期`,
      en: `was read as "${value}", which is not a valid date`,
    },
  }[v.problem];
  return {
    zh: `${doc.zh}（${v.file}）上的“${label.zh}”${what.zh}。审核人员将对照原件核对；您也可以上传更清晰的文件。`,
    en: `The ${label.en} on the ${doc.en} (${v.file}) ${what.en}. A reviewer will compare it with the image; you may also upload a clearer copy.`,
  };
}

function ratioMessage(v: RatioVars, band: Message, next: Message): Message {
  return {
    zh: `电费单据显示月均用电 ${v.averageKwh} 千瓦时，为按申报产能估算用电量 ${v.expectedKwh} 千瓦时的 ${v.ratio} 倍（${band.zh}）。${next.zh}`,
    en: `Your electricity bills show an average of ${v.averageKwh} kWh a month, ${v.ratio} times the ${v.expectedKwh} kWh your declared capacity implies (${band.en}). ${next.en}`,
  };
}

export const MESSAGES: Messages = {
  DOCUMENT_MISSING: (v) => {
    const doc = DOCUMENT_LABELS[v.documentType];
    const forSku = v.sku ? { zh: `（SKU ${v.sku}）`, en: ` for SKU ${v.sku}` } : { zh: '', en: '' };
    return v.file
      ? {
          zh: `您申报的${doc.zh}${forSku.zh}文件 ${v.file} 未收到。请上传该文件。`,
          en: `The ${doc.en}${forSku.en} you declared (${v.file}) was not received. Upload the file.`,
        }
      : {
          zh: `缺少${doc.zh}${forSku.zh}。请在申请中添加并上传该文件。`,
          en: `The ${doc.en}${forSku.en} is missing. Add it to your application and upload it.`,
        };
  },
  DOCUMENT_UNREADABLE: (v) => {
    const doc = DOCUMENT_LABELS[v.documentType];
    const given = v.detail ?? UNREADABLE_LABELS[v.problem];
    // The extraction's detail is whole sentences: its last full stop would double ours ("..", "。。").
    const why = { zh: given.zh.replace(/[。.]\s*$/, ''), en: given.en.replace(/\.\s*$/, '') };
    return {
      zh: `${doc.zh}（${v.file}）无法读取：${why.zh}。请重新上传清晰、完整的 PDF、PNG 或 JPEG 文件（不超过 10 MiB、20 页，无密码）。`,
      en: `The ${doc.en} (${v.file}) could not be read: ${why.en}. Upload a clear, complete PDF, PNG or JPEG file again (at most 10 MiB and 20 pages, no password).`,
    };
  },
  SKU_COUNT_OUT_OF_RANGE: (v) =>
    v.count === 0
      ? {
          zh: `申请中没有任何 SKU。请申报 1 至 ${v.max} 个 SKU。`,
          en: `Your application declares no SKU. Declare between 1 and ${v.max} SKUs.`,
        }
      : {
          zh: `申请中有 ${v.count} 个 SKU，超过上限 ${v.max} 个。请减少到 ${v.max} 个以内后重新申请。`,
          en: `Your application declares ${v.count} SKUs, more than the limit of ${v.max}. Declare at most ${v.max} and apply again.`,
        },
  CATEGORY_PROHIBITED: (v) => ({
    zh: `“${CATEGORY_LABELS[v.category].zh}”类目禁止入驻全托管模式。`,
    en: `The ${CATEGORY_LABELS[v.category].en} category cannot join the fully-managed program.`,
  }),
  SAMPLE_SKUS_INVALID: (v) => {
    const want =
      v.declaredCount === 0
        ? {
            zh: '已申报的 SKU（您尚未申报任何 SKU）',
            en: 'chosen from your declared SKUs (you declared none)',
          }
        : v.declaredCount < 3
          ? { zh: `您申报的全部 ${v.expected} 个 SKU`, en: `all ${v.expected} of your declared SKUs` }
          : { zh: `${v.expected} 个不同的已申报 SKU`, en: `${v.expected} different SKUs you declared` };
    const undeclared = v.undeclared.length
      ? { zh: `未申报的 SKU：${zhList(v.undeclared)}。`, en: ` Not declared: ${enList(v.undeclared)}.` }
      : { zh: '', en: '' };
    const duplicates = v.duplicates.length
      ? {
          zh: `重复的 SKU：${zhList(v.duplicates)}。`,
          en: ` Listed more than once: ${enList(v.duplicates)}.`,
        }
      : { zh: '', en: '' };
    return {
      zh: `样品 SKU 须为${want.zh}，您填写的是：${zhList(v.given)}。${undeclared.zh}${duplicates.zh}请重新选择样品 SKU。`,
      en: `Sample SKUs must be ${want.en}; you gave: ${enList(v.given)}.${undeclared.en}${duplicates.en} Choose the sample SKUs again.`,
    };
  },
  CATEGORY_LICENCE_MISSING: (v) => {
    const doc = DOCUMENT_LABELS[v.documentType];
    const cat = CATEGORY_LABELS[v.category];
    return {
      zh: `“${cat.zh}”类目须提供${doc.zh}，但未收到。请上传${doc.zh}。`,
      en: `The ${cat.en} category needs a ${doc.en}, and none was received. Upload your ${doc.en}.`,
    };
  },
  LICENCE_USCC_INVALID: (v) => ({
    zh: `营业执照（${v.file}）上的统一社会信用代码 ${v.value} ${USCC_PROBLEM_LABELS[v.problem].zh}。请上传清晰的营业执照，或更正您申报的代码。`,
    en: `The business licence (${v.file}) shows USCC ${v.value}, ${USCC_PROBLEM_LABELS[v.problem].en}. Upload a clear copy of the licence or correct the code you declared.`,
  }),
  LICENCE_NOT_ENTERPRISE: (v) => ({
    zh: `营业执照（${v.file}）上的统一社会信用代码 ${v.value} 不以“91”开头，持证主体不是企业（“92”为个体工商户）。全托管模式仅接受企业入驻，请使用企业营业执照申请。`,
    en: `The business licence (${v.file}) shows USCC ${v.value}, which does not start with "91": the holder is not an enterprise ("92" is an individual business). Only enterprises can join; apply with an enterprise's licence.`,
  }),
  LICENCE_MISMATCH: (v) => ({
    zh: `营业执照（${v.file}）上的统一社会信用代码为 ${v.read}，与您申报的 ${v.declared} 不一致。请更正申报的代码，或上传本企业的营业执照。`,
    en: `The business licence (${v.file}) shows USCC ${v.read}, but you declared ${v.declared}. Correct the declared code or upload your company's own licence.`,
  }),
  LICENCE_NAME_MISMATCH: (v) => ({
    zh: `营业执照（${v.file}）上的名称为“${v.read}”，与您申报的“${v.declared}”不一致。审核人员将核对；如申报有误请更正公司名称。`,
    en: `The business licence (${v.file}) shows the company name "${v.read}", but you declared "${v.declared}". A reviewer will check it; correct the declared name if it is wrong.`,
  }),
  LICENCE_TOO_YOUNG: (v) => ({
    zh: `营业执照（${v.file}）上的成立日期为 ${v.establishedOn}；申请日期为 ${v.applicationDate} 时，成立日期须不晚于 ${v.latestAllowed}（成立满 1 年）。请在企业成立满 1 年后再申请。`,
    en: `The business licence (${v.file}) shows the company was established on ${v.establishedOn}; an application dated ${v.applicationDate} needs it established on or before ${v.latestAllowed} (1 year). Apply again once the company is 1 year old.`,
  }),
  LICENCE_EXPIRED: (v) => ({
    zh: `营业执照（${v.file}）的营业期限已于 ${v.validUntil} 届满，早于申请日期 ${v.applicationDate}。请上传营业期限有效的营业执照。`,
    en: `The business licence (${v.file}) shows a business term that ended on ${v.validUntil}, before the application date ${v.applicationDate}. Upload a licence whose business term is current.`,
  }),
  LICENCE_LOW_CONFIDENCE: lowConfidence,
  LEGAL_REP_ID_INVALID: (v) => ({
    zh: `法定代表人身份证（${v.file}）上的公民身份号码 ${maskIdNumber(v.value)} ${ID_PROBLEM_LABELS[v.problem].zh}。请上传清晰的身份证人像面。`,
    en: `The legal representative's ID card (${v.file}) shows ID number ${maskIdNumber(v.value)}, ${ID_PROBLEM_LABELS[v.problem].en}. Upload a clear copy of the ID card's photo side.`,
  }),
  LEGAL_REP_MISMATCH: (v) => ({
    zh: `身份证（${v.idFile}）上的姓名“${v.idName}”与营业执照（${v.licenceFile}）上的法定代表人“${v.licenceName}”不一致。请上传营业执照所载法定代表人的身份证。`,
    en: `The name on the ID card (${v.idFile}), "${v.idName}", differs from the legal representative on the business licence (${v.licenceFile}), "${v.licenceName}". Upload the ID card of the legal representative named on the licence.`,
  }),
  LEGAL_REP_LOW_CONFIDENCE: lowConfidence,
  TRADEMARK_EXPIRED: (v) => ({
    zh: `商标文件（${v.file}）的有效期至 ${v.validUntil}，早于申请日期 ${v.applicationDate}。请上传已续展的商标注册证或有效的品牌授权书。`,
    en: `The trademark document (${v.file}) was valid until ${v.validUntil}, before the application date ${v.applicationDate}. Upload a renewed registration certificate or a current brand authorization.`,
  }),
  TRADEMARK_HOLDER_MISMATCH: (v) =>
    v.role === 'registrant'
      ? {
          zh: `商标注册证（${v.file}）上的注册人“${v.holder}”与营业执照上的名称“${v.companyName}”不一致。如经授权使用该品牌，请上传授权给本企业的品牌授权书。`,
          en: `The trademark certificate (${v.file}) names the registrant "${v.holder}", not the company on the business licence, "${v.companyName}". If you use the brand under licence, upload a brand authorization naming your company.`,
        }
      : {
          zh: `品牌授权书（${v.file}）上的被授权方“${v.holder}”与营业执照上的名称“${v.companyName}”不一致。请上传授权给本企业的品牌授权书。`,
          en: `The brand authorization (${v.file}) names the authorized party "${v.holder}", not the company on the business licence, "${v.companyName}". Upload an authorization naming your company.`,
        },
  ACCOUNT_NAME_MISMATCH: (v) => {
    const doc = DOCUMENT_LABELS[v.documentType];
    return v.accountName === null
      ? {
          zh: `${doc.zh}（${v.file}）上的户名未能可靠识别，无法与营业执照上的名称“${v.companyName}”核对。审核人员将核对；您也可以上传更清晰的文件。`,
          en: `The account name on the ${doc.en} (${v.file}) could not be read with confidence, so it could not be compared with the company on the business licence, "${v.companyName}". A reviewer will check it; you may also upload a clearer copy.`,
        }
      : {
          zh: `${doc.zh}（${v.file}）上的户名“${v.accountName}”与营业执照上的名称“${v.companyName}”不一致。请上传以本企业名义开户的${doc.zh}。`,
          en: `The account name on the ${doc.en} (${v.file}), "${v.accountName}", differs from the company on the business licence, "${v.companyName}". Upload the ${doc.en} of an account held in your company's name.`,
        };
  },
  DOCUMENT_REUSED: (v) => integrityMessage(v),
  DOCUMENT_EDITED: (v) => integrityMessage(v),
  DOCUMENT_ARITHMETIC_INCONSISTENT: (v) => integrityMessage(v),
  SERIOUS_VIOLATION_12M: (v) => ({
    zh: `平台处罚记录显示，申请日期前 ${v.months} 个月内（${v.from} 至 ${v.applicationDate}）有严重违规（${zhList(v.dates)}）。请在该违规满 ${v.months} 个月后再申请；如记录有误，可提出申诉。`,
    en: `The platform's penalty records show a serious violation in the ${v.months} months before the application date (${v.from} to ${v.applicationDate}), on ${enList(v.dates)}. Apply again once ${v.months} months have passed since it, or appeal if the record is wrong.`,
  }),
  PERMANENTLY_BANNED: (v) => ({
    zh: `平台处罚记录中本企业共有 ${v.count} 次违规；达到 ${v.threshold} 次即永久禁止入驻。如记录有误，可提出申诉并附证明材料。`,
    en: `The platform's penalty records hold ${v.count} violations for your company; ${v.threshold} or more bar it permanently. If a record is wrong, appeal with supporting documents.`,
  }),
  MINOR_VIOLATIONS: (v) => ({
    zh: `平台处罚记录显示，申请日期前 ${v.months} 个月内（${v.from} 至 ${v.applicationDate}）有 ${v.count} 次一般违规。审核人员将评估，您无需操作。`,
    en: `The platform's penalty records show ${v.count} minor violation(s) in the ${v.months} months before the application date (${v.from} to ${v.applicationDate}). A reviewer will assess them; nothing is needed from you now.`,
  }),
  BANK_STATEMENTS_INCOMPLETE: (v) => ({
    zh: `银行流水须覆盖申请月份前的 ${v.required.length} 个完整月份（${v.required[0]} 至 ${v.required.at(-1)}），以下月份没有交易记录：${zhList(v.missing)}。请补充上传这些月份的银行流水。`,
    en: `Bank statements must cover the ${v.required.length} full months before the application month (${v.required[0]} to ${v.required.at(-1)}); these months show no transaction: ${enList(v.missing)}. Upload statements covering them.`,
  }),
  CAPACITY_PROOF_MISMATCH: (v) =>
    v.proven === null
      ? {
          zh: `产能证明表（${zhList(v.files)}）中没有 SKU ${v.sku}。请上传包含该 SKU 月产能的产能证明表。`,
          en: `The capacity proof (${enList(v.files)}) has no row for SKU ${v.sku}. Upload a capacity proof that states its monthly capacity.`,
        }
      : {
          zh: `产能证明表（${zhList(v.files)}）中 SKU ${v.sku} 的月产能为 ${v.proven}，低于您申报的 ${v.declared}。请更正申报产能，或上传能证明该产能的产能证明表。`,
          en: `The capacity proof (${enList(v.files)}) states a monthly capacity of ${v.proven} for SKU ${v.sku}, less than the ${v.declared} you declared. Correct the declared capacity or upload a capacity proof that supports it.`,
        },
  CAPACITY_BELOW_MINIMUM: (v) => ({
    zh: `SKU ${v.sku} 的月产能为 ${v.capacity}（取申报与产能证明中的较低者），低于“${CATEGORY_LABELS[v.category].zh}”类目每个 SKU 的最低要求 ${v.minimum}。请在产能达标后再申请。`,
    en: `SKU ${v.sku} has a monthly capacity of ${v.capacity} (the lower of declared and proven), below the ${CATEGORY_LABELS[v.category].en} minimum of ${v.minimum} per SKU. Apply again when it reaches the minimum.`,
  }),
  CAPACITY_EVIDENCE_MISSING: (v) => ({
    zh: `电费单据须覆盖申请月份前 ${v.required.length} 个完整月份（${v.required[0]} 至 ${v.required.at(-1)}）中的至少 ${v.minimumMonths} 个月，目前只有 ${v.billed.length} 个月（${zhList(v.billed)}）。请上传这些月份的电费单据。`,
    en: `Electricity bills must cover at least ${v.minimumMonths} of the ${v.required.length} full months before the application month (${v.required[0]} to ${v.required.at(-1)}); ${v.billed.length} are covered (${enList(v.billed)}). Upload the bills for those months.`,
  }),
  CAPACITY_EVIDENCE_INCONSISTENT: (v) =>
    ratioMessage(
      v,
      { zh: '低于 0.3', en: 'below 0.3' },
      {
        zh: '用电量与申报产能明显不符。请核实申报产能，或上传所有生产场所的电费单据。',
        en: 'Consumption does not support the declared capacity. Check your declared capacities, or upload the bills of every production site.',
      },
    ),
  CAPACITY_EVIDENCE_WEAK: (v) =>
    ratioMessage(
      v,
      { zh: '介于 0.3 与 0.6 之间', en: 'from 0.3 to below 0.6' },
      {
        zh: '审核人员将评估；您可补充其他生产场所的电费单据。',
        en: 'A reviewer will assess it; you may add the bills of other production sites.',
      },
    ),
  ATTRIBUTES_MISSING: (v) => {
    const attr = ATTRIBUTE_LABELS[v.attribute];
    const hint = ATTRIBUTE_HINTS[v.attribute];
    return v.problem === 'missing'
      ? { zh: `SKU ${v.sku} 缺少“${attr.zh}”。${hint.zh}`, en: `SKU ${v.sku} lacks "${attr.en}". ${hint.en}` }
      : {
          zh: `SKU ${v.sku} 的“${attr.zh}”无效${v.detail ? `：${v.detail.zh}` : ''}。${hint.zh}`,
          en: `SKU ${v.sku} has an invalid "${attr.en}"${v.detail ? `: ${v.detail.en}` : ''}. ${hint.en}`,
        };
  },
  UN38_3_REPORT_MISSING: (v) => ({
    zh: `样品 SKU ${v.sku} 含电池，但未上传 UN38.3 测试报告。请在该 SKU 下上传 UN38.3 测试报告，之后才能预约验货。`,
    en: `Sample SKU ${v.sku} has a battery, but no UN38.3 test report was uploaded. Upload its UN38.3 report under that SKU so the inspection can be booked.`,
  }),
  SAMPLE_INSPECTION_FAILED: (v) => {
    const findings = v.findings?.length
      ? { zh: `问题：${zhList(v.findings)}。`, en: ` Findings: ${enList(v.findings)}.` }
      : { zh: '', en: '' };
    return {
      zh: `样品 SKU ${v.sku} 验货 ${v.attempts} 次均未通过（最多 ${v.attempts} 次）。${findings.zh}请整改产品后重新申请。`,
      en: `Sample SKU ${v.sku} failed inspection ${v.attempts} times, the maximum.${findings.en} Fix the product and apply again.`,
    };
  },
  SAMPLE_INSPECTION_OVERDUE: (v) => ({
    zh: `实验室未在预约后 ${v.workingDays} 个工作日内（截至 ${v.dueAt}）提交样品 SKU ${zhList(v.skus)} 的验货结果。审核人员将跟进，您无需操作。`,
    en: `The lab has not posted results for sample SKU(s) ${enList(v.skus)} within ${v.workingDays} working days of booking (due ${v.dueAt}). A reviewer will follow up; nothing is needed from you.`,
  }),
  AGREEMENT_DECLINED: () => ({
    zh: '您已拒绝签署全托管协议，本次申请已结束。如仍希望入驻，请重新申请。',
    en: 'You declined the fully-managed agreement, so this application has ended. Apply again if you still wish to join.',
  }),
  AGREEMENT_EXPIRED: (v) => ({
    zh: `协议未在 ${v.days} 天内（截至 ${v.dueAt}）签署，本次申请已结束。如仍希望入驻，请重新申请。`,
    en: `The agreement was not signed within ${v.days} days (by ${v.dueAt}), so this application has ended. Apply again if you still wish to join.`,
  }),
  REVIEW_REJECTED: (v) => {
    const note = v.note
      ? { zh: `审核说明：${v.note}。`, en: ` Reviewer's note: ${v.note}.` }
      : { zh: '', en: '' };
    if (v.appeal) {
      const against = v.appealedCode
        ? { zh: `（针对 ${v.appealedCode}）`, en: ` against ${v.appealedCode}` }
        : { zh: '', en: '' };
      return {
        zh: `审核人员驳回了您的申诉${against.zh}，本次申请已结束。${note.zh}每次驳回只能申诉一次；请修正问题后重新申请。`,
        en: `A reviewer dismissed your appeal${against.en}, so this application has ended.${note.en} Each rejection can be appealed once; fix the issue and apply again.`,
      };
    }
    const about = v.flaggedCode
      ? { zh: `待审核事项（${v.flaggedCode}）`, en: `the flagged item (${v.flaggedCode})` }
      : { zh: '您的申请', en: 'your application' };
    return {
      zh: `审核人员驳回了${about.zh}。${note.zh}您可以附证明材料提出申诉，或修正问题后重新申请。`,
      en: `A reviewer rejected ${about.en}.${note.en} You may appeal with supporting documents, or fix the issue and apply again.`,
    };
  },
};

function integrityMessage(v: IntegrityVars): Message {
  const doc = DOCUMENT_LABELS[v.documentType];
  return {
    zh: `审核人员将人工核对您上传的${doc.zh}（${v.file}），您暂时无需操作；如有需要，审核人员会联系您补充材料。`,
    en: `A reviewer will check the ${doc.en} you uploaded (${v.file}); nothing is needed from you for now, and the reviewer will contact you if anything more is needed.`,
  };
}
