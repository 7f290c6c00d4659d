/**
 * The shared document corpus (documents made outside this project, each with its truth): where it
 * is and what it holds. `CORPUS_DIR`, else `../shared/corpus` beside the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentType } from '../../lambdas/domain/model';

export type Form = 'pdf-text' | 'pdf-scan' | 'png-scan' | 'jpg-photo';
export const FORMS: readonly Form[] = ['pdf-text', 'pdf-scan', 'png-scan', 'jpg-photo'];

export interface CorpusDocument {
  /** Relative to the corpus root, e.g. `business_licence/licence-001.pdf`. */
  file: string;
  type: DocumentType;
  form: Form;
  pages: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));

export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CORPUS_DIR ?? join(HERE, '..', '..', '..', 'shared', 'corpus'));
}

export function corpusDocuments(dir: string): CorpusDocument[] {
  const index = join(dir, 'index.json');
  if (!existsSync(index)) throw new Error(`no corpus index at ${index} (set CORPUS_DIR)`);
  const parsed = JSON.parse(readFileSync(index, 'utf8')) as { documents: CorpusDocument[] };
  return parsed.documents;
}

export function truthOf(dir: string, doc: CorpusDocument): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, `${doc.file}.truth.json`), 'utf8')) as Record<string, unknown>;
}
