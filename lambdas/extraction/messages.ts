/** What a seller reads when a file cannot be used: names the file, says why and what to do. */
import type { DocumentType, Message } from '../domain/model';

const DOC_NAMES: Record<DocumentType, Message> = {
  business_licence: { zh: '营业执照', en: 'business licence' },
  legal_rep_id: { zh: '法人身份证', en: "legal representative's ID card" },
  trademark: { zh: '商标注册证或品牌授权书', en: 'trademark certificate or brand authorization' },
  bank_statement: { zh: '银行流水', en: 'bank statement' },
  capacity_proof: { zh: '产能证明表', en: 'capacity proof' },
  electricity_bill: { zh: '电费单', en: 'electricity bill' },
  food_licence: { zh: '食品经营许可证', en: 'food business licence' },
  medical_device_filing: { zh: '第二类医疗器械经营备案凭证', en: 'class II medical device filing' },
  sds: { zh: 'SDS 安全技术说明书', en: 'SDS (safety data sheet)' },
  rohs: { zh: 'RoHS 声明', en: 'RoHS declaration' },
  un38_3: { zh: 'UN38.3 测试报告', en: 'UN38.3 test report' },
  appeal_evidence: { zh: '申诉材料', en: 'appeal evidence' },
};

export function documentName(type: DocumentType): Message {
  return DOC_NAMES[type] ?? { zh: type, en: type };
}

const ACCEPTED = { zh: 'PDF、PNG 或 JPEG', en: 'PDF, PNG or JPEG' };

function mib(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1);
}

/** A name of a detected content kind, for messages. */
export interface KindName {
  zh: string;
  en: string;
}

export const messages = {
  empty: (file: string): Message => ({
    zh: `文件“${file}”是空的（0 字节）。请重新上传完整的文件（${ACCEPTED.zh}）。`,
    en: `The file "${file}" is empty (0 bytes). Please upload the complete file again (${ACCEPTED.en}).`,
  }),
  tooLarge: (file: string, size: number, max: number): Message => ({
    zh: `文件“${file}”大小为 ${mib(size)} MB，超过 ${mib(max)} MB 的上限。请压缩或拆分后重新上传。`,
    en: `The file "${file}" is ${mib(size)} MB, over the ${mib(max)} MB limit. Please compress or split it and upload it again.`,
  }),
  tooManyPixels: (file: string, width: number, height: number, maxPixels: number): Message => ({
    zh: `图片“${file}”为 ${width}×${height} 像素，超过 ${maxPixels / 1_000_000} 百万像素的上限。请缩小分辨率后重新上传。`,
    en: `The image "${file}" is ${width}×${height} pixels, over the ${maxPixels / 1_000_000} megapixel limit. Please reduce its resolution and upload it again.`,
  }),
  pdfImageTooManyPixels: (file: string, width: number, height: number, maxPixels: number): Message => ({
    zh: `文件“${file}”中有一张 ${width}×${height} 像素的图片，超过 ${maxPixels / 1_000_000} 百万像素的上限。请降低其中图片的分辨率后重新导出并上传。`,
    en: `The file "${file}" holds an image of ${width}×${height} pixels, over the ${maxPixels / 1_000_000} megapixel limit. Please export it again with its images at a lower resolution and upload it again.`,
  }),
  tooComplex: (file: string, seconds: number): Message => ({
    zh: `文件“${file}”的内容过于复杂，读取超时（超过 ${seconds} 秒）。请重新导出或打印为 PDF（或上传各页的扫描件）后再上传。`,
    en: `The file "${file}" is too complex: reading it took too long (over ${seconds} s). Please export or print it to PDF again (or upload scans of its pages) and upload the new copy.`,
  }),
  inflatesTooMuch: (file: string, limitBytes: number, what: 'document' | 'stream'): Message => {
    const mb = Math.round(limitBytes / (1024 * 1024));
    return what === 'stream'
      ? {
          zh: `文件“${file}”中有一段压缩内容解压后超过 ${mb} MB 的上限（可能是“解压炸弹”），已停止读取。请重新导出或打印为 PDF 后再上传。`,
          en: `The file "${file}" was not read: one of its compressed parts inflates beyond ${mb} MB, over the limit (a decompression bomb?). Please export or print it to PDF again and upload the new copy.`,
        }
      : {
          zh: `文件“${file}”的压缩内容解压后超过 ${mb} MB 的上限（可能是“解压炸弹”），已停止读取。请重新导出或打印为 PDF 后再上传。`,
          en: `The file "${file}" was not read: its compressed content inflates beyond ${mb} MB, over the limit (a decompression bomb?). Please export or print it to PDF again and upload the new copy.`,
        };
  },
  doublyCompressed: (file: string, filters: readonly string[]): Message => ({
    zh: `文件“${file}”中有内容被重复压缩（${filters.join(' + ')}），正常文档不会如此，已停止读取。请重新导出或打印为 PDF 后再上传。`,
    en: `The file "${file}" was not read: part of it is compressed twice over (${filters.join(' + ')}), which no ordinary document is. Please export or print it to PDF again and upload the new copy.`,
  }),
  parserOutOfMemory: (file: string): Message => ({
    zh: `文件“${file}”读取时所需内存超过上限，已停止读取。请重新导出或打印为 PDF（或上传各页的扫描件）后再上传。`,
    en: `The file "${file}" was not read: reading it needs more memory than a document may use. Please export or print it to PDF again (or upload scans of its pages) and upload the new copy.`,
  }),
  typeNotAccepted: (file: string, kind: KindName): Message => ({
    zh: `文件“${file}”是${kind.zh}，不是可接受的文件类型。请上传 ${ACCEPTED.zh} 文件。`,
    en: `The file "${file}" is ${kind.en}, which is not an accepted file type. Please upload a ${ACCEPTED.en} file.`,
  }),
  mislabelled: (file: string, extension: string, kind: KindName): Message => ({
    zh: `文件“${file}”的扩展名是 .${extension}，但内容是${kind.zh}。请上传与扩展名一致的原始文件（${ACCEPTED.zh}），不要只修改扩展名。`,
    en: `The file "${file}" is named .${extension} but holds ${kind.en}. Please upload the original file with its true extension (${ACCEPTED.en}); renaming a file does not convert it.`,
  }),
  corrupt: (file: string, detail: KindName): Message => ({
    zh: `文件“${file}”已损坏或不完整（${detail.zh}），无法打开。请重新导出或重新下载该文件后再上传。`,
    en: `The file "${file}" is damaged or incomplete (${detail.en}) and cannot be opened. Please export or download it again and upload the new copy.`,
  }),
  encrypted: (file: string): Message => ({
    zh: `文件“${file}”设有密码保护，无法读取。请去除密码后重新上传（或上传未加密的 PDF）。`,
    en: `The file "${file}" is password-protected and cannot be read. Please remove the password and upload it again (or upload an unencrypted PDF).`,
  }),
  tooManyPages: (file: string, pages: number, max: number): Message => ({
    zh: `文件“${file}”共 ${pages} 页，超过每个文件 ${max} 页的上限。请只保留所需页面后重新上传。`,
    en: `The file "${file}" has ${pages} pages, over the limit of ${max} pages per file. Please keep only the pages needed and upload it again.`,
  }),
  noTextLayerPdf: (file: string): Message => ({
    zh: `文件“${file}”没有可读取的文字层（可能是扫描件或照片）。扫描件和照片的文字识别（OCR）暂不支持，请上传带文字层的 PDF（例如从原系统直接导出或打印为 PDF 的文件）。`,
    en: `The file "${file}" has no readable text layer (it may be a scan or a photo). Reading scans and photos (OCR) is not available yet; please upload a PDF with a text layer (for example one exported or printed to PDF from the issuing system).`,
  }),
  noTextLayerImage: (file: string, kind: 'png' | 'jpeg'): Message => ({
    zh: `文件“${file}”是 ${kind.toUpperCase()} 图片。照片和扫描件暂时无法识别（文字识别 OCR 将在后续版本提供）。请上传带文字层的 PDF（例如从原系统直接导出的 PDF）。`,
    en: `The file "${file}" is a ${kind.toUpperCase()} image. Photos and scans cannot be read yet (OCR comes in a later release). Please upload a PDF with a text layer (for example one exported from the issuing system).`,
  }),
  fieldsNotFound: (file: string, type: DocumentType, labels: Message): Message => {
    const doc = documentName(type);
    return {
      zh: `在文件“${file}”中没有找到${doc.zh}应有的信息（${labels.zh}）。请确认上传的是正确的${doc.zh}，且内容完整清晰。`,
      en: `No ${doc.en} details (${labels.en}) were found in the file "${file}". Please check that it is the right document and that it is complete, then upload it again.`,
    };
  },
  fieldsNotFoundOcr: (file: string, type: DocumentType, labels: Message): Message => {
    const doc = documentName(type);
    return {
      zh: `在文件“${file}”中没有识别出${doc.zh}应有的信息（${labels.zh}）。请确认上传的是正确的${doc.zh}，并上传完整、清晰、光线均匀的照片或扫描件（文字端正、无反光、无遮挡），或带文字层的 PDF。`,
      en: `No ${doc.en} details (${labels.en}) could be read in the file "${file}". Please check that it is the right document and upload a complete, sharp, evenly lit photo or scan (text upright, no glare, nothing covering it), or a PDF with a text layer.`,
    };
  },
  unknownType: (file: string, type: string): Message => ({
    zh: `文件“${file}”的文件类别“${type}”无法识别。请在申请中为它选择正确的文件类别。`,
    en: `The document type "${type}" of the file "${file}" is not known. Please choose the right document type for it in the application.`,
  }),
};
