/**
 * The software an image's metadata names (EXIF Software and ProcessingSoftware, XMP CreatorTool,
 * PNG text chunks), read with exifr: a photo re-saved by an editing app usually says so. Never
 * throws: an image without metadata names nothing.
 */
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
    if (!meta) return [];
    const out = new Set<string>();
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
