/** Names of documents, fields, categories and problems as a seller reads them, in zh and en. */
import type { CodeProblem } from './codes.js';
import type { Category, DocumentType, Message, UnreadableProblem } from './model.js';

export const DOCUMENT_LABELS: Record<DocumentType, Message> = {
  business_licence: { zh: '营业执照', en: 'business licence' },
  legal_rep_id: { zh: '法定代表人身份证', en: "legal representative's ID card" },
  trademark: {
    zh: '商标注册证或品牌授权书',
    en: 'trademark registration certificate or brand authorization',
  },
  bank_statement: { zh: '银行流水', en: 'bank statement' },
  capacity_proof: { zh: '产能证明表', en: 'capacity proof table' },
  electricity_bill: { zh: '电费单据', en: 'electricity bill' },
  food_licence: { zh: '食品经营许可证', en: 'food business licence' },
  medical_device_filing: {
    zh: '第二类医疗器械经营备案凭证',
    en: 'Class II medical device business filing certificate',
  },
  sds: { zh: '安全技术说明书（SDS）', en: 'safety data sheet (SDS)' },
  rohs: { zh: 'RoHS 符合性声明', en: 'RoHS declaration' },
  un38_3: { zh: 'UN38.3 测试报告', en: 'UN38.3 test report' },
  appeal_evidence: { zh: '申诉材料', en: 'appeal evidence' },
};

export const CATEGORY_LABELS: Record<Category, Message> = {
  apparel: { zh: '服装', en: 'apparel' },
  home: { zh: '家居', en: 'home' },
  consumer_electronics: { zh: '消费电子', en: 'consumer electronics' },
  sports_outdoor: { zh: '运动户外', en: 'sports and outdoor' },
  beauty: { zh: '美妆', en: 'beauty' },
  toys: { zh: '玩具', en: 'toys' },
  food: { zh: '食品', en: 'food' },
  medical_devices: { zh: '医疗器械', en: 'medical devices' },
  drugs: { zh: '药品', en: 'drugs' },
  other: { zh: '其他', en: 'other' },
};

/** Field labels per document type, as printed on the document. */
const FIELD_LABELS: Partial<Record<DocumentType, Record<string, Message>>> = {
  business_licence: {
    companyName: { zh: '名称', en: 'company name' },
    uscc: { zh: '统一社会信用代码', en: 'unified social credit code' },
    enterpriseType: { zh: '类型', en: 'type' },
    legalRepresentative: { zh: '法定代表人', en: 'legal representative' },
    registeredCapital: { zh: '注册资本', en: 'registered capital' },
    establishedOn: { zh: '成立日期', en: 'date of establishment' },
    validUntil: { zh: '营业期限', en: 'business term' },
  },
  legal_rep_id: {
    name: { zh: '姓名', en: 'name' },
    idNumber: { zh: '公民身份号码', en: 'ID number' },
  },
  trademark: {
    registrant: { zh: '注册人', en: 'registrant' },
    authorizedParty: { zh: '被授权方', en: 'authorized party' },
    registrationNumber: { zh: '注册号', en: 'registration number' },
    validUntil: { zh: '有效期至', en: 'valid until' },
  },
  bank_statement: { accountName: { zh: '户名', en: 'account name' } },
  electricity_bill: { accountName: { zh: '户名', en: 'account name' } },
};

export function fieldLabel(type: DocumentType, field: string): Message {
  return FIELD_LABELS[type]?.[field] ?? { zh: field, en: field };
}

export const UNREADABLE_LABELS: Record<UnreadableProblem, Message> = {
  empty: { zh: '文件为空', en: 'the file is empty' },
  too_large: {
    zh: '文件超过大小限制（10 MiB，图片 5000 万像素）',
    en: 'it is over the size limit (10 MiB, 50 megapixels)',
  },
  too_many_pages: { zh: '文件超过 20 页', en: 'it has more than 20 pages' },
  type_not_accepted: { zh: '文件类型不受支持', en: 'its file type is not accepted' },
  mislabelled: { zh: '文件内容与扩展名不符', en: 'its content does not match its file extension' },
  corrupt: { zh: '文件已损坏或不完整', en: 'the file is corrupt or truncated' },
  encrypted: { zh: '文件有密码保护', en: 'it is password-protected' },
  no_text_layer: { zh: '无法识别其中的文字', en: 'no text could be read from it' },
  fields_not_found: { zh: '未能找到所需的内容', en: 'the information we need could not be found in it' },
};

/** What is wrong with a USCC, after "USCC <value>, ...". */
export const USCC_PROBLEM_LABELS: Record<CodeProblem, Message> = {
  length: { zh: '不是 18 位', en: 'which is not 18 characters long' },
  characters: {
    zh: '含有统一社会信用代码不可能出现的字符',
    en: 'which holds characters a USCC cannot contain',
  },
  check_character: { zh: '第 18 位校验码不正确', en: 'whose check character (the 18th) is wrong' },
  organisation_check_character: {
    zh: '其中组织机构代码（第 9–17 位）的校验码不正确',
    en: 'whose embedded organisation code (characters 9–17) has a wrong check character',
  },
};

/** What is wrong with an ID number, after "ID number <value>, ...". */
export const ID_PROBLEM_LABELS: Record<CodeProblem, Message> = {
  length: { zh: '不是 18 位', en: 'which is not 18 characters long' },
  characters: { zh: '不是 17 位数字加 1 位数字或 X', en: 'which is not 17 digits followed by a digit or X' },
  check_character: { zh: '最后一位校验码不正确', en: 'whose check digit (the last) is wrong' },
  organisation_check_character: { zh: '校验码不正确', en: 'whose check digit is wrong' },
};
