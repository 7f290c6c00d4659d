/**
 * fontkit for pdf-lib's `registerFontkit`, parsing the CJK font once per process: the font is
 * 8 MB and every document only asks it for a fresh subset. Apart from font.ts so that finding
 * the font does not load fontkit.
 */
import * as fontkit from 'fontkit';
import { isCjkFontBytes } from './font.js';

let parsed: unknown;

export const cachingFontkit = {
  create(buffer: Uint8Array, postscriptName?: string): unknown {
    if (!isCjkFontBytes(buffer)) return fontkit.create(buffer, postscriptName);
    parsed ??= fontkit.create(buffer, postscriptName);
    return parsed;
  },
};
