import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplicationDetail, DocumentView, UploadTicket } from '../../lambdas/api/contract.js';
import type { PortalServer } from '../../local/http.js';
import { LOCAL_USERS, type LocalUser } from '../../local/idp.js';
import type { Platform } from '../../local/platform.js';
import { writeApplicationFolder } from './docgen/index.js';
import { scratchDir } from './platform.js';

export const localUser = (name: string) => LOCAL_USERS.find((u) => u.username === name) as LocalUser;
export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
};

/** What a test reads of a response: the status and the JSON body, loosely typed. */
// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
export type Reply = { status: number; json: any; headers: Headers };

/**
 * A caller of the local HTTP API as each sample user (a token per user, issued by the local
 * IdP), with the seller's whole upload flow: draft, presigned POST per file, confirm.
 */
export async function apiClient(server: PortalServer, platform: Platform) {
  const tokens = new Map<string, string>();
  for (const u of LOCAL_USERS) tokens.set(u.username, await server.idp.issue(u));

  /** `who` is a sample user's name, a raw token, or null for no token. */
  const call = async (who: string | null, method: string, path: string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens.get(who) ?? who}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  };

  /** Lets the local runtime finish what an action started. */
  const settle = async (id: string, owner = 'seller-a'): Promise<ApplicationDetail> => {
    for (let i = 0; i < 50; i++) {
      const e = platform.runtime.latest(id);
      if (e) await platform.runtime.settled(e.name);
      const detail = (await call(owner, 'GET', `/api/applications/${id}`)).json as ApplicationDetail;
      if (!['SUBMITTED', 'IN_PROGRESS'].includes(detail.status)) return detail;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${id} did not settle`);
  };

  /** Posts a file to an upload ticket as the browser would. */
  const post = async (t: UploadTicket, bytes: Uint8Array, contentType: string, name: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(t.fields)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: contentType }), name);
    return fetch(t.url, { method: 'POST', body: form });
  };

  /** A generated application, entered through the API: the draft, each file uploaded and confirmed. */
  async function applyThroughApi(spec: Parameters<typeof writeApplicationFolder>[1], owner = 'seller-a') {
    const dir = scratchDir('api-app-');
    await writeApplicationFolder(dir, spec);
    const app = JSON.parse(readFileSync(join(dir, 'application.json'), 'utf8'));
    const created = await call(owner, 'POST', '/api/applications', {
      seller: app.seller,
      category: app.category,
      skus: app.skus.map(({ documents: _d, ...s }: Record<string, unknown>) => s),
      sampleSkus: app.sampleSkus,
    });
    if (created.status !== 200) throw new Error(`draft: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.applicationId as string;
    const reads: DocumentView[] = [];
    const tickets: (UploadTicket & { bytes: Uint8Array; contentType: string; file: string })[] = [];
    for (const d of app.documents as { type: string; file: string }[]) {
      const bytes = readFileSync(join(dir, d.file));
      const contentType = CONTENT_TYPES[d.file.split('.').pop() as string] as string;
      const ticket = await call(owner, 'POST', `/api/applications/${id}/uploads`, {
        type: d.type,
        fileName: d.file,
        contentType,
        size: bytes.length,
      });
      if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status} ${JSON.stringify(ticket.json)}`);
      const t = ticket.json as UploadTicket;
      const uploaded = await post(t, bytes, contentType, d.file);
      if (uploaded.status >= 300) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
      const confirmed = await call(
        owner,
        'POST',
        `/api/applications/${id}/documents/${t.documentId}/confirm`,
      );
      if (confirmed.status !== 200)
        throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.json)}`);
      reads.push(confirmed.json);
      tickets.push({ ...t, bytes, contentType, file: d.file });
    }
    return { id, reads, tickets, app };
  }

  return { call, settle, post, applyThroughApi, tokens };
}
