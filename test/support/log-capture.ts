/**
 * For the log-hygiene tests: personal data that must never reach a log or a state payload, and a
 * capture of everything written (Powertools' own Console on stdout/stderr, and console.*).
 */
import { idCheckDigit } from '../../lambdas/domain/codes.js';

export const COMPANY = '淼焱晟鹏贸易有限公司';
export const LEGAL_REP = '欧阳晟淼';
const ID_FIRST17 = '33078219850614271';
export const ID_NUMBER = `${ID_FIRST17}${idCheckDigit(ID_FIRST17)}`;
export const PERSONAL = [COMPANY, LEGAL_REP, ID_NUMBER];

/** Starts capturing what this process writes (still passed through); `restore` stops it. */
export function captureOutput(): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const undo: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    undo.push(() => {
      stream.write = original as typeof stream.write;
    });
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      original(...args);
    };
    undo.push(() => {
      console[level] = original;
    });
  }
  return {
    written,
    restore: () => {
      for (const u of undo) u();
    },
  };
}
