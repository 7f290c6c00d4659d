/**
 * The software an image's metadata names (EXIF Software and ProcessingSoftware, XMP CreatorTool,
 * PNG text chunks), read with exifr: a photo re-saved by an editing app usually says so. Never
 * throws: an image without metadata names nothing.
 */
import { inflateSync } from 'node:zlib';
import exifr from 'exifr';

const KEYS = ['Software', 'ProcessingSoftware', 'CreatorTool', 'HistorySoftwareAgent', 'softwareAgent'];

export async function imageSoftware(bytes: Uint8Array): Promise<string[]> {
  try {
    const meta = (await exifr.parse(Buffer.from(bytes), {
      tiff: true,
      ifd0: {},
      exif: true,
      xmp: true,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: true,
      mergeOutput: true,
    } as Parameters<typeof exifr.parse>[1])) as Record<string, unknown> | undefined;
    const out = new Set<string>(pngText(bytes));
    if (!meta) return [...out];
    const add = (v: unknown) => {
      if (typeof v === 'string' && v.trim() !== '') out.add(v.trim().slice(0, 200));
      else if (Array.isArray(v)) for (const x of v) add(x);
    };
    for (const [k, v] of Object.entries(meta)) {
      if (KEYS.some((key) => key.toLowerCase() === k.toLowerCase())) add(v);
    }
    return [...out];
  } catch {
    return [];
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const XMP_TOOL = /<xmp:CreatorTool>([^<]{1,200})<|xmp:CreatorTool="([^"]{1,200})"/;

/**
 * Software named by a PNG's text chunks: tEXt/zTXt/iTXt `Software`, and the XMP packet's
 * CreatorTool, compressed or not (exifr leaves compressed text chunks unread). Bounded: at most
 * 64 chunks, text of at most 1 MiB inflated.
 */
export function pngText(bytes: Uint8Array): string[] {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  let at = 8;
  for (let n = 0; n < 64 && at + 8 <= bytes.length; n++) {
    const length = view.getUint32(at);
    const type = latin1.decode(bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length));
    at += 12 + length;
    if (type === 'IDAT' || type === 'IEND') break;
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    try {
      const nul = data.indexOf(0);
      if (nul < 0) continue;
      const keyword = latin1.decode(data.subarray(0, nul));
      let text: string;
      if (type === 'tEXt') text = latin1.decode(data.subarray(nul + 1));
      else if (type === 'zTXt')
        // An XMP packet is UTF-8 whatever chunk carries it; other zTXt text is Latin-1.
        text = (keyword.startsWith('XML:') ? utf8 : latin1).decode(
          inflateSync(data.subarray(nul + 2), { maxOutputLength: 1 << 20 }),
        );
      else {
        const compressed = data[nul + 1] === 1;
        const lang = data.indexOf(0, nul + 3);
        const translated = data.indexOf(0, lang + 1);
        const body = data.subarray(translated + 1);
        text = utf8.decode(compressed ? inflateSync(body, { maxOutputLength: 1 << 20 }) : body);
      }
      if (/^software$/i.test(keyword) && text.trim() !== '') out.push(text.trim().slice(0, 200));
      const tool = XMP_TOOL.exec(text);
      if (tool) out.push((tool[1] ?? tool[2] ?? '').trim());
    } catch {
      // A chunk that does not inflate names nothing.
    }
  }
  return out.filter((s) => s !== '');
}
