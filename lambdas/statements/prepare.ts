/** Run once at install (build.mjs): cuts and caches the statement PDFs' font subset. */
import { statementFont } from './statement-pdf.js';

await statementFont();
