/**
 * Stands in for `brotli/decompress.js` in Lambda bundles (lib/house-function.ts aliases it). fontkit
 * needs Brotli only to read WOFF2 fonts; the one font shipped is OpenType (font-file.ts), so the
 * 486 KB decoder, which also decodes its dictionary when imported, stays out of the bundle. Tests
 * and the local runtime run the sources with the real decoder.
 */
export default function brotliDecompress(): never {
  throw new Error(
    'WOFF2 fonts cannot be read in a Lambda bundle: fontkit’s Brotli decoder is stubbed (lib/house-function.ts)',
  );
}
