/**
 * The bad-input corpus (test/fixtures/bad-input) through every way in: the extraction itself,
 * `admit` (one application folder per file, with good folders in the same run), and the upload
 * API. Each file must end in DOCUMENT_UNREADABLE with its manifest's problem and a message that
 * names it; nothing may crash. PDFs are read with a 5 s time limit here (PDF_READ_TIMEOUT_MS; 30 s
 * by default), so the file built to be slow to parse ends in seconds.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView, UploadTicket } from '../../lambdas/api/contract.js';
import type { Extraction } from '../../lambdas/domain/model.js';
import { extractDocument } from '../../lambdas/extraction/index.js';
import { PaddleOcr } from '../../lambdas/ocr/paddle-ocr.js';
import { type AdmitRecord, admitFolder } from '../../local/admit.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import { LOCAL_USERS } from '../../local/idp.js';
import type { Platform } from '../../local/platform.js';
import { CORPUS_DIR, type CorpusEntry, GENERATORS } from '../fixtures/bad-input/generate.js';
import { writeApplicationFolder } from '../support/docgen/index.js';
import { scratchDir, testPlatform } from '../support/platform.js';

process.env.PDF_READ_TIMEOUT_MS = '5000';

const manifest = JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusEntry[];
const bytesOf = (e: CorpusEntry): Uint8Array =>
  e.generator ? GENERATORS[e.generator]() : new Uint8Array(readFileSync(join(CORPUS_DIR, e.file)));

type Unreadable = Extract<Extraction, { ok: false }>;

/** The message names the file in both languages. */
function expectNamesFile(message: { zh: string; en: string } | undefined, file: string) {
  expect(message?.en).toContain(file);
  expect(message?.zh).toContain(file);
}

/** Runs `fn` over `items`, at most `n` at a time, keeping order. */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

describe('the bad-input corpus', () => {
  let ocr: PaddleOcr;
  const reads = new Map<string, Promise<Extraction>>();
  /** What the extraction says of a file (read once): the reference the other ways in are held to. */
  const directRead = (e: CorpusEntry) => {
    let read = reads.get(e.file);
    if (!read) {
      read = extractDocument(
        { type: e.type, file: e.file, bytes: bytesOf(e) },
        { ocr, ocrLanguages: ['chi_sim', 'eng'] },
      );
      reads.set(e.file, read);
    }
    return read;
  };
  const expectedMessage = async (e: CorpusEntry) => ((await directRead(e)) as Unreadable).message;

  beforeAll(() => {
    ocr = new PaddleOcr();
  });
  afterAll(async () => {
    await ocr.close();
  });

  it('holds at least 50 files, each on disk or made by a named generator, under 2 MB committed', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(50);
    expect(new Set(manifest.map((e) => e.file)).size).toBe(manifest.length);
    let committed = 0;
    for (const e of manifest) {
      if (e.generator) expect(GENERATORS[e.generator]).toBeTypeOf('function');
      else committed += readFileSync(join(CORPUS_DIR, e.file)).length;
    }
    expect(committed).toBeLessThan(2 * 1024 * 1024);
  });

  it('gives every file its expected problem when extracted directly', async () => {
    const results = await pool(manifest, 4, async (e) => ({ e, got: await directRead(e) }));
    const wrong = results
      .filter(({ e, got }) => got.ok || got.code !== e.code || got.problem !== e.problem)
      .map(({ e, got }) => ({ file: e.file, expected: e.problem, got: got.ok ? 'ok' : got.problem }));
    expect(wrong).toEqual([]);
    for (const { e, got } of results) {
      expectNamesFile((got as Unreadable).message, e.file);
    }
  });

  describe('through admit', () => {
    let platform: Platform;
    beforeAll(async () => {
      platform = await testPlatform();
    });
    afterAll(async () => {
      await platform.stop();
    });

    it('rejects each folder for its one bad file, named, and admits the good folders of the same run', async () => {
      // One valid folder, copied once per corpus file with that file in place of its type's document.
      const base = join(scratchDir('corpus-base-'), 'base');
      await writeApplicationFolder(base, {
        applicationId: 'corpus-base',
        decisions: { labResults: {}, signature: { accept: true } },
      });
      const baseJson = JSON.parse(readFileSync(join(base, 'application.json'), 'utf8')) as {
        applicationId: string;
        documents: { type: string; file: string }[];
      };
      const root = scratchDir('corpus-admit-');
      const folders = manifest.map((e, i) => {
        const dir = join(root, `bad-${i}`);
        cpSync(base, dir, { recursive: true });
        const doc = baseJson.documents.find((d) => d.type === e.type);
        if (!doc) throw new Error(`the base folder has no ${e.type}`);
        const app = {
          ...baseJson,
          applicationId: `corpus-${i}`,
          documents: baseJson.documents.map((d) => (d === doc ? { type: e.type, file: e.file } : d)),
        };
        writeFileSync(join(dir, 'application.json'), JSON.stringify(app));
        writeFileSync(join(dir, e.file), bytesOf(e));
        return dir;
      });
      const good = [0, 1].map((n) => {
        const dir = join(root, `good-${n}`);
        cpSync(base, dir, { recursive: true });
        writeFileSync(
          join(dir, 'application.json'),
          JSON.stringify({ ...baseJson, applicationId: `corpus-good-${n}` }),
        );
        return dir;
      });
      // The good folders go first and last, so they run alongside bad ones.
      const order = [good[0] as string, ...folders, good[1] as string];
      const records = await pool(order, 8, (dir) => admitFolder(platform, dir));

      expect([records[0]?.status, records.at(-1)?.status]).toEqual(['ADMITTED', 'ADMITTED']);
      const wrong: { file: string; status: string; codes: string[] }[] = [];
      for (const [i, e] of manifest.entries()) {
        const said = await expectedMessage(e);
        const record = records[i + 1] as AdmitRecord;
        const unreadable =
          record.status === 'ERROR' ? [] : record.reasons.filter((r) => r.code === 'DOCUMENT_UNREADABLE');
        const reason = unreadable[0];
        // One unreadable document, this one, in the extraction's own words (less its last full stop).
        if (
          record.status !== 'REJECTED' ||
          unreadable.length !== 1 ||
          reason?.outcome !== 'reject' ||
          !reason.message.en.includes(`(${e.file}) could not be read: ${said.en.replace(/\.$/, '')}. `) ||
          !reason.message.zh.includes(said.zh.replace(/。$/, ''))
        ) {
          wrong.push({
            file: e.file,
            status: record.status,
            codes: record.status === 'ERROR' ? [record.error.code] : record.reasons.map((r) => r.code),
          });
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('through the upload API', () => {
    let platform: Platform;
    let server: PortalServer;
    let token: string;
    beforeAll(async () => {
      platform = await testPlatform();
      server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
      token = await server.idp.issue(LOCAL_USERS.find((u) => u.username === 'seller-a') as never);
    });
    afterAll(async () => {
      await server.close();
      await platform.stop();
    });

    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
    };

    const CONTENT_TYPES: Record<string, string> = {
      pdf: 'application/pdf',
      png: 'image/png',
      jpg: 'image/jpeg',
    };

    /** Ticket, POST to the presigned URL, confirm. `size` may lie, as a hostile client's would. */
    async function upload(id: string, e: CorpusEntry, bytes: Uint8Array, size = bytes.length) {
      // A client that lies: other extensions are sent as PDF, so the reader, not the ticket, decides.
      const contentType = CONTENT_TYPES[e.file.split('.').pop() as string] ?? 'application/pdf';
      const ticket = await call('POST', `/api/applications/${id}/uploads`, {
        type: e.type,
        fileName: e.file,
        contentType,
        size,
      });
      if (ticket.status !== 200) return { stage: 'ticket' as const, status: ticket.status };
      const t = ticket.json as UploadTicket;
      const form = new FormData();
      for (const [k, v] of Object.entries(t.fields)) form.append(k, v);
      form.append('file', new Blob([bytes], { type: contentType }), e.file);
      const posted = await fetch(t.url, { method: 'POST', body: form });
      await posted.arrayBuffer();
      if (posted.status >= 300) return { stage: 'post' as const, status: posted.status };
      const confirmed = await call('POST', `/api/applications/${id}/documents/${t.documentId}/confirm`);
      return { stage: 'confirm' as const, status: confirmed.status, view: confirmed.json as DocumentView };
    }

    it('answers every file with its reason at confirm (or refuses it at the ticket), never a 500', async () => {
      const dir = scratchDir('corpus-api-');
      await writeApplicationFolder(dir, { applicationId: 'corpus-api' });
      const app = JSON.parse(readFileSync(join(dir, 'application.json'), 'utf8'));
      const created = await call('POST', '/api/applications', {
        seller: app.seller,
        category: app.category,
        skus: app.skus.map(({ documents: _d, ...s }: Record<string, unknown>) => s),
        sampleSkus: app.sampleSkus,
      });
      expect(created.status).toBe(200);
      const id = created.json.applicationId as string;

      // One upload at a time: concurrent confirms on one draft overwrite each other's document list.
      const results = await pool(manifest, 1, async (e) => {
        const bytes = bytesOf(e);
        const honest = await upload(id, e, bytes);
        // Empty and oversized files are refused at the ticket; a client that lies about the size
        // is stopped by the store's policy or, failing that, read as the file it is.
        const lying =
          honest.stage === 'ticket' && (e.problem === 'empty' || e.problem === 'too_large')
            ? await upload(id, e, bytes, 1000)
            : undefined;
        return { e, honest, lying };
      });

      const wrong: unknown[] = [];
      for (const { e, honest, lying } of results) {
        const expected = { message: await expectedMessage(e) };
        const readAs = (r: typeof honest) =>
          r.stage === 'confirm' && r.status === 200 ? r.view.read?.problems?.[0] : undefined;
        if (e.problem === 'empty' || e.problem === 'too_large') {
          const ticketRefused = honest.stage === 'ticket' && honest.status >= 400 && honest.status < 500;
          const refusedOrRead = (r: typeof honest) =>
            (r.stage !== 'confirm' && r.status >= 400 && r.status < 500) ||
            (r.stage === 'confirm' && r.status >= 400 && r.status < 500) ||
            readAs(r)?.message.en === expected?.message.en;
          // Pixel bombs are small files: the ticket takes them and the reader names them.
          const ok = e.file.startsWith('bomb-')
            ? readAs(honest)?.message.en === expected?.message.en
            : ticketRefused && lying !== undefined && refusedOrRead(lying);
          if (!ok)
            wrong.push({
              file: e.file,
              honest,
              lying: lying && { stage: lying.stage, status: lying.status },
            });
          continue;
        }
        const problem = readAs(honest);
        if (problem?.code !== e.code || problem.message.en !== expected?.message.en) {
          wrong.push({ file: e.file, stage: honest.stage, status: honest.status, problem });
        }
      }
      expect(wrong).toEqual([]);

      // The good files of the same draft still read.
      const licence = await upload(
        id,
        { file: 'licence.pdf', type: 'business_licence' } as CorpusEntry,
        new Uint8Array(
          readFileSync(
            join(dir, app.documents.find((d: { type: string }) => d.type === 'business_licence').file),
          ),
        ),
      );
      expect(licence.stage === 'confirm' && licence.view.read?.ok).toBe(true);
    });
  });
});
