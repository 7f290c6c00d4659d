/**
 * What a file is, by its bytes: accepted kinds (PDF, PNG, JPEG) are recognised by their magic
 * bytes (the `file-type` package, with two small fallbacks below) and checked for completeness;
 * the name's extension is only compared with the content.
 */
import { fileTypeFromBuffer } from 'file-type';
import type { Message, UnreadableProblem } from '../domain/model';
import { type KindName, messages } from './messages';

export type FileKind = 'pdf' | 'png' | 'jpeg';

export interface SniffLimits {
  /** Largest accepted file, bytes (SPEC: 10 MiB). */
  maxBytes: number;
  /** Largest accepted image, pixels (SPEC: 50 megapixels). */
  maxPixels: number;
}

export const DEFAULT_SNIFF_LIMITS: SniffLimits = { maxBytes: 10 * 1024 * 1024, maxPixels: 50_000_000 };

export type SniffResult =
  | { ok: true; kind: FileKind }
  | { ok: false; problem: UnreadableProblem; message: Message };

const KIND_NAMES: Record<FileKind, KindName> = {
  pdf: { zh: '一个 PDF 文档', en: 'a PDF document' },
  png: { zh: '一张 PNG 图片', en: 'a PNG image' },
  jpeg: { zh: '一张 JPEG 图片', en: 'a JPEG image' },
};

const EXTENSION_KINDS: Record<string, FileKind> = {
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
};

/** Extensions that name some other file type: a PDF named `x.docx` is mislabelled too. */
const OTHER_TYPE_EXTENSIONS = new Set([
  'gif',
  'bmp',
  'tif',
  'tiff',
  'webp',
  'heic',
  'heif',
  'avif',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'txt',
  'csv',
  'html',
  'htm',
  'xml',
  'json',
  'zip',
  'rar',
  '7z',
  'gz',
  'exe',
  'dll',
  'bin',
  'sh',
  'bat',
  'js',
]);

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = Math.max(0, from); i < Math.min(bytes.length, to); i++)
    s += String.fromCharCode(bytes[i] as number);
  return s;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** file-type's extensions of the accepted kinds (an APNG is a PNG whose first frame is the image). */
const FILE_TYPE_KINDS: Record<string, FileKind> = { pdf: 'pdf', png: 'png', apng: 'png', jpg: 'jpeg' };

const EXECUTABLE: KindName = { zh: '一个可执行程序', en: 'an executable program' };
const ZIP: KindName = {
  zh: '一个 ZIP 压缩包（或 Office 文档）',
  en: 'a ZIP archive (or an Office document)',
};
const ARCHIVE: KindName = { zh: '一个压缩包', en: 'a compressed archive' };
const OLD_OFFICE: KindName = {
  zh: '一个旧版 Office 文档（.doc/.xls）',
  en: 'an old Office document (.doc/.xls)',
};
const HEIC: KindName = { zh: '一张 HEIC/AVIF 图片或视频', en: 'a HEIC/AVIF image or a video' };
const TEXT: KindName = { zh: '一个文本文件', en: 'a text file' };

/** The names sellers read for what file-type finds, by its `ext`. */
const FILE_TYPE_NAMES: Record<string, KindName> = {
  elf: { zh: '一个可执行程序（ELF）', en: 'an executable program (ELF)' },
  exe: { zh: '一个 Windows 可执行程序', en: 'a Windows executable program' },
  macho: EXECUTABLE,
  class: EXECUTABLE,
  wasm: EXECUTABLE,
  zip: ZIP,
  docx: ZIP,
  xlsx: ZIP,
  pptx: ZIP,
  odt: ZIP,
  ods: ZIP,
  odp: ZIP,
  epub: ZIP,
  jar: ZIP,
  apk: ZIP,
  rar: ARCHIVE,
  '7z': ARCHIVE,
  gz: ARCHIVE,
  bz2: ARCHIVE,
  xz: ARCHIVE,
  zst: ARCHIVE,
  lz: ARCHIVE,
  lzh: ARCHIVE,
  cab: ARCHIVE,
  tar: ARCHIVE,
  Z: ARCHIVE,
  cfb: OLD_OFFICE,
  doc: OLD_OFFICE,
  xls: OLD_OFFICE,
  ppt: OLD_OFFICE,
  msi: OLD_OFFICE,
  gif: { zh: '一张 GIF 图片', en: 'a GIF image' },
  tif: { zh: '一张 TIFF 图片', en: 'a TIFF image' },
  webp: { zh: '一张 WebP 图片', en: 'a WebP image' },
  heic: HEIC,
  avif: HEIC,
  bmp: { zh: '一张 BMP 图片', en: 'a BMP image' },
  xml: TEXT,
  rtf: TEXT,
};

/** What file-type finds by magic bytes (at offset 0), or undefined; never throws. */
async function fileTypeOf(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined> {
  try {
    return await fileTypeFromBuffer(bytes);
  } catch {
    return undefined;
  }
}

/** The content kind if accepted, else a name for what it is. */
async function detect(bytes: Uint8Array): Promise<{ kind: FileKind } | { other: KindName }> {
  const found = await fileTypeOf(bytes);
  const kind = found ? FILE_TYPE_KINDS[found.ext] : undefined;
  if (kind) return { kind };
  // file-type only looks for `%PDF` at offset 0, but Acrobat (and pdfjs) open a file whose header
  // comes within its first 1024 bytes, after junk such as a mail gateway's preamble; past that
  // it is not a PDF (test/fixtures/bad-input pdf-marker-too-late.pdf).
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return { kind: 'pdf' };
  // file-type declines a PNG whose first chunk is not a 13-byte IHDR or that ends after its
  // signature; the signature still says PNG, and checkPng then says how it is broken.
  if (found === undefined && startsWith(bytes, PNG_SIGNATURE)) return { kind: 'png' };
  return { other: otherKind(bytes, found) };
}

/** A name for a kind that is not accepted: file-type's finding, else text/script heuristics. */
function otherKind(b: Uint8Array, found: { ext: string; mime: string } | undefined): KindName {
  // A byte-order mark makes text of what file-type may take for MPEG audio frames (FF FE / FF FB).
  if (hasTextBom(b) && looksLikeText(b)) return TEXT;
  if (found) {
    const named = FILE_TYPE_NAMES[found.ext];
    if (named) return named;
    const ext = found.ext.toUpperCase();
    if (found.mime.startsWith('image/')) return { zh: `一张 ${ext} 图片`, en: `a ${ext} image` };
    if (found.mime.startsWith('video/')) return { zh: `一个 ${ext} 视频`, en: `a ${ext} video` };
    if (found.mime.startsWith('audio/')) return { zh: `一个 ${ext} 音频文件`, en: `a ${ext} audio file` };
    return { zh: `一个 ${ext} 文件（${found.mime}）`, en: `a file of type ${ext} (${found.mime})` };
  }
  // Kinds file-type does not detect: scripts, HTML and other text.
  if (ascii(b, 0, 2) === '#!') return { zh: '一个脚本程序', en: 'a script' };
  if (looksLikeText(b)) return TEXT;
  return { zh: '一种无法识别的格式', en: 'a file of an unrecognised format' };
}

function hasTextBom(b: Uint8Array): boolean {
  return startsWith(b, [0xef, 0xbb, 0xbf]) || startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff]);
}

function looksLikeText(b: Uint8Array): boolean {
  const encoding = startsWith(b, [0xff, 0xfe])
    ? 'utf-16le'
    : startsWith(b, [0xfe, 0xff])
      ? 'utf-16be'
      : 'utf-8';
  const sample = b.subarray(0, 4096);
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(sample);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what make a file binary
    return !/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text);
  } catch {
    // A multi-byte character cut at the sample's end is still text.
    return sample.length === 4096 && looksLikeText(b.subarray(0, 4092));
  }
}

function extensionOf(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return null;
  return base.slice(dot + 1).toLowerCase();
}

type Structure =
  | { ok: true; width?: number; height?: number; embedded?: boolean }
  | { ok: false; detail: KindName };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const TRUNCATED: KindName = { zh: '文件被截断', en: 'the file is cut short' };

function checkPdf(b: Uint8Array): Structure {
  if (!ascii(b, b.length - 1024, b.length).includes('%%EOF')) {
    return {
      ok: false,
      detail: { zh: '缺少 PDF 结束标记，文件可能被截断', en: 'no end-of-file marker; it may be cut short' },
    };
  }
  const largest = largestPdfImage(b);
  return largest ? { ok: true, ...largest, embedded: true } : { ok: true };
}

/**
 * The largest image XObject a PDF declares, by its dictionary's /Width and /Height, without
 * decoding anything: a page may embed a 20000×20000 image that is a few KB of compressed zeros
 * (a decompression bomb). Image XObjects are streams, and streams are never inside object streams,
 * so their dictionaries are in the file's bytes as written (not encrypted either: only strings
 * and stream data are). A /Width or /Height given by reference is looked up (`n 0 obj <int>`).
 */
function largestPdfImage(b: Uint8Array): { width: number; height: number } | undefined {
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const number = (value: string | undefined, ref: string | undefined): number => {
    if (ref) {
      const m = new RegExp(`(?:^|[^0-9])${ref}\\s+0\\s+obj\\s*(\\d+)\\s*endobj`).exec(text);
      return m ? Number(m[1]) : 0;
    }
    return Number(value ?? 0);
  };
  const field = (dict: string, key: string): number => {
    const m = new RegExp(`/${key}\\s*(?:(\\d+)\\s+\\d+\\s+R|(\\d+(?:\\.\\d+)?))`).exec(dict);
    return m ? number(m[2], m[1]) : 0;
  };
  let largest: { width: number; height: number } | undefined;
  const image = /\/Subtype\s*\/Image\b/g;
  for (let m = image.exec(text); m; m = image.exec(text)) {
    // The dictionary around the match: back to the object's start, on to its stream.
    const from = Math.max(text.lastIndexOf(' obj', m.index), m.index - 4096, 0);
    const end = text.indexOf('stream', m.index);
    const dict = text.slice(from, end < 0 ? m.index + 4096 : Math.min(end, m.index + 4096));
    const width = field(dict, 'Width');
    const height = field(dict, 'Height');
    if (width * height > (largest ? largest.width * largest.height : 0)) largest = { width, height };
  }
  return largest;
}

function checkPng(b: Uint8Array): Structure {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  let first = true;
  while (at + 12 <= b.length) {
    const len = view.getUint32(at);
    const type = ascii(b, at + 4, at + 8);
    const end = at + 12 + len;
    if (end > b.length) return { ok: false, detail: TRUNCATED };
    if (crc32(b, at + 4, at + 8 + len) !== view.getUint32(at + 8 + len)) {
      return {
        ok: false,
        detail: { zh: `PNG 数据块 ${type} 校验失败`, en: `PNG chunk ${type} fails its checksum` },
      };
    }
    if (first) {
      if (type !== 'IHDR' || len !== 13) {
        return { ok: false, detail: { zh: 'PNG 文件头缺失', en: 'the PNG header is missing' } };
      }
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      first = false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData)
        return { ok: false, detail: { zh: 'PNG 没有图像数据', en: 'the PNG holds no image data' } };
      return { ok: true, width, height };
    }
    at = end;
  }
  return { ok: false, detail: TRUNCATED };
}

function checkJpeg(b: Uint8Array): Structure {
  let at = 2;
  let width = 0;
  let height = 0;
  while (at < b.length) {
    if (b[at] !== 0xff)
      return { ok: false, detail: { zh: 'JPEG 结构错误', en: 'the JPEG structure is broken' } };
    while (b[at] === 0xff) at++;
    if (at >= b.length) break;
    const marker = b[at] as number;
    at++;
    if (marker === 0xd9) {
      if (width === 0 || height === 0) {
        return { ok: false, detail: { zh: 'JPEG 缺少图像尺寸', en: 'the JPEG has no frame header' } };
      }
      return { ok: true, width, height };
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (at + 2 > b.length) break;
    const len = ((b[at] as number) << 8) | (b[at + 1] as number);
    if (len < 2 || at + len > b.length) break;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && len >= 7) {
      height = ((b[at + 3] as number) << 8) | (b[at + 4] as number);
      width = ((b[at + 5] as number) << 8) | (b[at + 6] as number);
    }
    at += len;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF nor a restart.
      while (at + 1 < b.length) {
        const next = b[at + 1] as number;
        if (b[at] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        at++;
      }
      if (at + 1 >= b.length) break;
    }
  }
  return { ok: false, detail: TRUNCATED };
}

/** Classifies a file by its bytes; never rejects. */
export async function sniffFile(
  bytes: Uint8Array,
  fileName: string,
  limits: Partial<SniffLimits> = {},
): Promise<SniffResult> {
  const { maxBytes, maxPixels } = { ...DEFAULT_SNIFF_LIMITS, ...limits };
  if (bytes.length === 0) return { ok: false, problem: 'empty', message: messages.empty(fileName) };
  if (bytes.length > maxBytes) {
    return { ok: false, problem: 'too_large', message: messages.tooLarge(fileName, bytes.length, maxBytes) };
  }
  const found = await detect(bytes);
  if ('other' in found) {
    return {
      ok: false,
      problem: 'type_not_accepted',
      message: messages.typeNotAccepted(fileName, found.other),
    };
  }
  const ext = extensionOf(fileName);
  if (
    ext !== null &&
    (EXTENSION_KINDS[ext] ?? (OTHER_TYPE_EXTENSIONS.has(ext) ? ext : found.kind)) !== found.kind
  ) {
    return {
      ok: false,
      problem: 'mislabelled',
      message: messages.mislabelled(fileName, ext, KIND_NAMES[found.kind]),
    };
  }
  let structure: Structure;
  try {
    structure =
      found.kind === 'pdf' ? checkPdf(bytes) : found.kind === 'png' ? checkPng(bytes) : checkJpeg(bytes);
  } catch {
    structure = { ok: false, detail: TRUNCATED };
  }
  if (!structure.ok) {
    return { ok: false, problem: 'corrupt', message: messages.corrupt(fileName, structure.detail) };
  }
  if (structure.width !== undefined && structure.height !== undefined) {
    if (structure.width * structure.height > maxPixels) {
      const tooMany = structure.embedded ? messages.pdfImageTooManyPixels : messages.tooManyPixels;
      return {
        ok: false,
        problem: 'too_large',
        message: tooMany(fileName, structure.width, structure.height, maxPixels),
      };
    }
  }
  return { ok: true, kind: found.kind };
}
