/**
 * Log hygiene on the HTTP API's error paths (lambdas/api/kit.ts), driven over the local portal
 * server: a 400 whose body holds a name and an ID number in bad fields, a malformed JSON body
 * quoting them, and a 500 whose error message quotes them (as a store's error may quote an item).
 * Logs keep IDs, routes and codes; never the values sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container } from '../../lambdas/adapters/container.js';
import { errorForLog } from '../../lambdas/api/kit.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import { LOCAL_USERS } from '../../local/idp.js';
import type { Platform } from '../../local/platform.js';
import { COMPANY, captureOutput, ID_NUMBER, LEGAL_REP, PERSONAL } from '../support/log-capture.js';
import { scratchDir, testPlatform } from '../support/platform.js';

// Debug level: whatever the API might log at any level is captured and checked.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

describe('log hygiene on the API error paths', () => {
  let platform: Platform;
  let server: PortalServer;
  let token: string;
  let capture: ReturnType<typeof captureOutput>;

  beforeAll(async () => {
    capture = captureOutput();
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    token = await server.idp.issue(LOCAL_USERS.find((u) => u.username === 'seller-a') as never);
  });
  afterAll(async () => {
    capture?.restore();
    await server?.close();
    await platform?.stop();
  });

  const post = async (path: string, body: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  const expectNoPersonalData = (from: number) => {
    const logText = capture.written.slice(from).join('\n');
    for (const secret of PERSONAL) expect(logText.includes(secret), `logs hold ${secret}`).toBe(false);
  };

  it('answers 400 naming the bad fields and logs none of the values sent', async () => {
    const from = capture.written.length;
    const res = await post(
      '/api/applications',
      JSON.stringify({
        seller: { companyName: COMPANY, uscc: 42, legalRepresentative: [LEGAL_REP, ID_NUMBER] },
        category: ID_NUMBER,
        skus: [{ sku: ID_NUMBER, name: LEGAL_REP }],
        sampleSkus: LEGAL_REP,
      }),
    );
    expect(res.status).toBe(400);
    const paths = (res.json.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['seller.uscc', 'seller.legalRepresentative', 'category']));
    expectNoPersonalData(from);
  });

  it('answers 400 to a body that is not JSON without quoting it, in the answer or the logs', async () => {
    const from = capture.written.length;
    const res = await post(
      '/api/applications',
      `{"seller": {"legalRepresentative": "${LEGAL_REP}", ${ID_NUMBER}`,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).not.toContain(ID_NUMBER);
    expectNoPersonalData(from);
  });

  it('answers 500 to an unexpected error quoting the item, and logs its name and place only', async () => {
    const portal = container().portal;
    const original = portal.createDraft.bind(portal);
    portal.createDraft = async (draft) => {
      // As a store's error may quote what it was given.
      throw new TypeError(`cannot store ${JSON.stringify(draft)}`, {
        cause: new Error(`item ${LEGAL_REP} ${ID_NUMBER}`),
      });
    };
    const from = capture.written.length;
    try {
      const res = await post(
        '/api/applications',
        JSON.stringify({
          seller: { companyName: COMPANY, uscc: '91330782MA2ABCDE1X', legalRepresentative: LEGAL_REP },
          category: 'home',
          skus: [],
          sampleSkus: [],
        }),
      );
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: 'internal error' });
    } finally {
      portal.createDraft = original;
    }
    const logged = capture.written.slice(from).join('\n');
    // The failure is logged (so it can be found), by route, error name and place.
    expect(logged).toContain('request failed');
    expect(logged).toContain('TypeError');
    expect(logged).toContain('POST /api/applications');
    expectNoPersonalData(from);
  });

  it('summarises an error by name, code, frames and causes, never by message', () => {
    const err = Object.assign(new Error(`${LEGAL_REP} ${ID_NUMBER}`, { cause: new RangeError(COMPANY) }), {
      code: 'E_STORE',
    });
    const summary = errorForLog(err);
    expect(summary).toMatchObject({
      errorName: 'Error',
      errorCode: 'E_STORE',
      cause: { errorName: 'RangeError' },
    });
    expect((summary.frames as string[]).length).toBeGreaterThan(0);
    const text = JSON.stringify(summary);
    for (const secret of PERSONAL) expect(text).not.toContain(secret);
    expect(errorForLog('a string')).toEqual({ errorType: 'string' });
  });
});
