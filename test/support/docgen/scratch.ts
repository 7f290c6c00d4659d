import { readPdfText } from '../../../lambdas/extraction/pdf-text';
import { bankStatementPdf } from './index';
const b = await bankStatementPdf({ accountName: 'X', transactions: [{ date: '2026-05-03', amountMinor: 1_234_567 }, { date: '2026-06-13', amountMinor: -50_000 }] }, { fullWidth: true });
const t = await readPdfText(b, 'x');
if (t.ok) for (const p of t.pages) for (const l of p.lines) console.log(JSON.stringify(l));
