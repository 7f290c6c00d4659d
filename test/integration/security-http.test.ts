import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../lambdas/api/routes.js';
import { ROLES } from '../../lambdas/domain/roles.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import { LOCAL_CLIENT_ID, LOCAL_USERS } from '../../local/idp.js';
import type { Platform } from '../../local/platform.js';
import { apiClient, localUser, type Reply } from '../support/api-client.js';
import { scratchDir, testPlatform } from '../support/platform.js';

/**
 * What a hostile client can send to the local platform's HTTP edge (the same checks API Gateway,
 * CloudFront and the handlers make on AWS): forged and incomplete tokens, other sellers' IDs,
 * roles calling routes not theirs, oversized and malformed requests, hostile JSON; and that every
 * answer carries the security headers. The route × role matrix of allowed calls and the
 * end-to-end ownership walk with uploaded documents are in api.test.ts.
 */
const MiB = 1024 * 1024;
const FORM = {
  seller: { companyName: '某公司', uscc: '91330782MA2B3C4D12' },
  category: 'home',
  skus: [],
  sampleSkus: [],
};

describe('HTTP edge security (local adapter)', () => {
  let platform: Platform;
  let server: PortalServer;
  let portalDir: string;
  let client: Awaited<ReturnType<typeof apiClient>>;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    platform = await testPlatform();
    portalDir = scratchDir('portal-');
    mkdirSync(join(portalDir, 'assets'));
    writeFileSync(join(portalDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(portalDir, 'assets', 'app.js'), 'export {};');
    server = await startPortalServer(platform, { portalDir });
    client = await apiClient(server, platform);
    tokens = client.tokens;
  });
  afterAll(async () => {
    await server.close();
    await platform.stop();
  });

  const raw = async (method: string, path: string, init: RequestInit = {}): Promise<Reply> => {
    const res = await fetch(`${server.url}${path}`, { method, ...init });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, json };
  };
  /** `who`: a sample user's name, or a token as is; a string body is sent as it is. */
  const call = (who: string | null, method: string, path: string, body?: unknown): Promise<Reply> =>
    typeof body !== 'string'
      ? client.call(who, method, path, body)
      : raw(method, path, {
          headers: {
            ...(who ? { authorization: `Bearer ${tokens.get(who) ?? who}` } : {}),
            'content-type': 'application/json',
          },
          body,
        });

  const expectSecurityHeaders = (headers: Headers | Record<string, unknown>, what: string) => {
    const get = (k: string) =>
      headers instanceof Headers ? headers.get(k) : (headers[k] as string | undefined);
    const csp = get('content-security-policy') ?? '';
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).not.toContain('unsafe-inline');
    expect(get('x-content-type-options'), what).toBe('nosniff');
    expect(get('x-frame-options'), what).toBe('DENY');
    expect(get('referrer-policy'), what).toBe('no-referrer');
    expect(get('cross-origin-opener-policy'), what).toBe('same-origin');
  };

  describe('tokens: only an unexpired RS256 ID token of the local issuer, for the portal client', () => {
    const hs256WithPublicKey = async () => {
      // The classic confusion: the RSA public key (published in the JWKS) used as an HMAC secret.
      const jwks = await server.idp.jwks();
      const pub = await importJWK(jwks.keys[0] as Parameters<typeof importJWK>[0], 'RS256', {
        extractable: true,
      });
      const secret = new TextEncoder().encode(await exportSPKI(pub as Parameters<typeof exportSPKI>[0]));
      return new SignJWT({ 'cognito:groups': ['ops'], token_use: 'id' })
        .setProtectedHeader({ alg: 'HS256', kid: server.idp.kid })
        .setSubject(localUser('ops').sub)
        .setIssuer(server.idp.issuer)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(secret);
    };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claimsOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<
        string,
        unknown
      >;

    const cases: [string, () => Promise<string>][] = [
      [
        'a forged payload under a genuine signature (seller promoted to ops)',
        async () => {
          const [h, p, sig] = (tokens.get('seller-a') as string).split('.');
          const claims = { ...claimsOf(`${h}.${p}.${sig}`), 'cognito:groups': ['ops'] };
          return `${h}.${b64(claims)}.${sig}`;
        },
      ],
      [
        'an unsigned token (alg none)',
        async () => {
          const claims = claimsOf(tokens.get('ops') as string);
          return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
        },
      ],
      ['HS256 signed with the public key as the secret', hs256WithPublicKey],
      [
        'another RSA key under the same kid',
        async () => {
          const other = await generateKeyPair('RS256');
          return new SignJWT(claimsOf(tokens.get('ops') as string))
            .setProtectedHeader({ alg: 'RS256', kid: server.idp.kid })
            .sign(other.privateKey);
        },
      ],
      ['an expired token', () => server.idp.issue(localUser('ops'), { expiresInSeconds: -120 })],
      ['a token without exp', () => server.idp.issue(localUser('ops'), { without: ['exp'] })],
      ['a token without iat', () => server.idp.issue(localUser('ops'), { without: ['iat'] })],
      ['a token without sub', () => server.idp.issue(localUser('ops'), { without: ['sub'] })],
      ['another audience', () => server.idp.issue(localUser('ops'), { audience: 'another-client' })],
      ['another issuer', () => server.idp.issue(localUser('ops'), { issuer: 'https://evil.example/idp' })],
      ['an access token', () => server.idp.issue(localUser('ops'), { tokenUse: 'access' })],
    ];

    it.each(cases)('refuses %s with 401', async (_name, make) => {
      const token = await make();
      const res = await call(token, 'GET', '/api/ops/rules');
      expect(res.status).toBe(401);
      expect(res.json.error).toMatch(/sign/);
      expectSecurityHeaders(res.headers, 'a 401');
    });

    it('accepts the genuine ID token, within the clock tolerance', async () => {
      expect((await call('ops', 'GET', '/api/ops/rules')).status).toBe(200);
      const justExpired = await server.idp.issue(localUser('ops'), { expiresInSeconds: -5 });
      expect((await call(justExpired, 'GET', '/api/me')).status).toBe(200);
    });
  });

  it('answers 403 to every role outside a route, before reading its body', async () => {
    // A body that would be refused (400) if it were read: the role check comes first.
    const hostile = '{"constructor":{"prototype":{"admin":true}}}';
    const denied: string[] = [];
    for (const route of ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, 'x');
      for (const role of ROLES) {
        if ((route.roles as readonly string[]).includes(role)) continue;
        const who = LOCAL_USERS.find((u) => u.role === role)?.username as string;
        const res = await call(who, route.method, path, route.method === 'GET' ? undefined : hostile);
        if (res.status !== 403 || !/not open to/.test(res.json.error)) {
          denied.push(`${route.method} ${route.path} as ${role}: ${res.status}`);
        }
      }
    }
    expect(denied).toEqual([]);
  });

  it("answers seller B 404 on every {id} route of seller A's draft, and leaves the draft as it was", async () => {
    const created = await call('seller-a', 'POST', '/api/applications', FORM);
    expect(created.status).toBe(200);
    const id = created.json.applicationId as string;
    const before = (await call('seller-a', 'GET', `/api/applications/${id}`)).json;
    const bodies: Record<string, unknown> = {
      'PUT /api/applications/{id}': FORM,
      'POST /api/applications/{id}/skus/import': { csv: 'sku,monthlyCapacity\nX-1,10' },
      'POST /api/applications/{id}/uploads': {
        type: 'trademark',
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        size: 10,
      },
      'POST /api/applications/{id}/appeal': { documentIds: ['d'] },
      'POST /api/applications/{id}/signature': { accept: true, signerName: 'x', sha256: '0'.repeat(64) },
    };
    const idRoutes = ROUTES.filter(
      (r) => r.path.includes('{id}') && (r.roles as readonly string[]).includes('seller'),
    );
    expect(idRoutes.length).toBeGreaterThanOrEqual(12);
    const leaks: string[] = [];
    for (const route of idRoutes) {
      const key = `${route.method} ${route.path}`;
      const path = route.path.replace('{id}', id).replace('{documentId}', 'd-1');
      const res = await call('seller-b', route.method, path, bodies[key]);
      if (res.status !== 404) leaks.push(`${key}: ${res.status}`);
      expect(JSON.stringify(res.json ?? '')).not.toContain('某公司');
    }
    expect(leaks).toEqual([]);
    expect((await call('seller-a', 'GET', `/api/applications/${id}`)).json).toEqual(before);
  });

  describe('request size', () => {
    it('answers 413 to a body over 2 MiB, announced or chunked, on /api and /idp', async () => {
      const big = JSON.stringify({ ...FORM, padding: 'x'.repeat(2 * MiB) });
      const announced = await call('seller-a', 'POST', '/api/applications', big);
      expect(announced.status).toBe(413);
      expect(announced.json).toMatchObject({
        error: expect.stringMatching(/too large/),
        issues: [{ path: '' }],
      });
      expectSecurityHeaders(announced.headers, 'a 413');
      const chunks = new ReadableStream({
        start(c) {
          for (let i = 0; i < 3; i++) c.enqueue(new TextEncoder().encode(' '.repeat(MiB)));
          c.close();
        },
      });
      const chunked = await raw('POST', '/api/applications', {
        headers: { authorization: `Bearer ${tokens.get('seller-a')}`, 'content-type': 'application/json' },
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect((await call(null, 'POST', '/idp/token', big)).status).toBe(413);
    });

    it('refuses an announced oversized body up front, without waiting for it', async () => {
      const answer = await new Promise<{ status: number; headers: Record<string, unknown> }>((ok, fail) => {
        const req = httpRequest(`${server.url}/api/applications`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.get('seller-a')}`,
            'content-type': 'application/json',
            'content-length': String(100 * MiB),
          },
        });
        req.on('response', (res) => {
          ok({ status: res.statusCode ?? 0, headers: res.headers });
          res.resume();
          req.destroy();
        });
        req.on('error', fail);
        // Only the first bytes of the 100 MiB announced are ever sent.
        req.write('{"seller":');
      });
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe('close');
      expectSecurityHeaders(answer.headers, 'an early 413');
    });
  });

  describe('malformed requests answer 4xx, never 500', () => {
    it('answers 400 to a path parameter that is not valid percent-encoding', async () => {
      for (const path of [
        '/api/applications/%E0%A4%A',
        '/api/review/tasks/%ZZ/claim',
        '/api/applications/%',
      ]) {
        const res = await call('seller-a', path.includes('claim') ? 'POST' : 'GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.json.error).toMatch(/percent-encoding/);
        expect(res.json.issues[0].path).toMatch(/id|taskId/);
        expectSecurityHeaders(res.headers, path);
      }
    });

    it('answers 405 with Allow to methods a path does not take (HEAD and OPTIONS too)', async () => {
      const cases: [string, string, string][] = [
        ['OPTIONS', '/api/me', 'GET'],
        ['HEAD', '/api/me', 'GET'],
        ['PATCH', '/api/applications/x', 'GET, PUT'],
        ['DELETE', '/idp/token', 'POST'],
        ['POST', '/idp/users', 'GET, HEAD'],
        ['POST', '/config.json', 'GET, HEAD'],
        ['OPTIONS', '/', 'GET, HEAD'],
        ['PUT', '/index.html', 'GET, HEAD'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await raw(method, path);
        expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({
          method,
          path,
          status: 405,
          allow,
        });
        expectSecurityHeaders(res.headers, `${method} ${path}`);
      }
      const head = await raw('HEAD', '/');
      expect(head.status).toBe(200);
      expect(head.json).toBeUndefined();
    });

    it('answers /idp/token with 400 to a body that is not {username, password}, 401 to wrong ones', async () => {
      for (const body of ['not json', 'null', '[]', '{"username":1,"password":2}', '"x"']) {
        const res = await call(null, 'POST', '/idp/token', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect((await call(null, 'POST', '/idp/token', { username: 'ops', password: 'nope' })).status).toBe(
        401,
      );
    });

    it('answers an unparseable request line, URL or oversized head with 4xx and the headers', async () => {
      const rawRequest = (head: string) =>
        new Promise<string>((ok, fail) => {
          const { port } = new URL(server.url);
          const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
          let text = '';
          socket.on('data', (d) => {
            text += d.toString();
          });
          socket.on('end', () => ok(text));
          socket.on('error', fail);
        });
      const answers = {
        emptyAuthority: await rawRequest('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        badRequestLine: await rawRequest('GET /a b c d\r\n\r\n'),
        longUrl: await rawRequest(`GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
        longHeader: await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`),
      };
      for (const [name, text] of Object.entries(answers)) {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
        expect({ name, status: status >= 400 && status < 500 }).toEqual({ name, status: true });
        const headers = Object.fromEntries(
          (text.split('\r\n\r\n')[0] as string)
            .split('\r\n')
            .slice(1)
            .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        expectSecurityHeaders(headers, name);
      }
    });

    it('answers nothing in error to a request cut off while the server closes', async () => {
      const other = await startPortalServer(platform, { portalDir });
      const logged = vi.spyOn(console, 'error');
      try {
        const answered = new Promise<number | string>((ok) => {
          const req = httpRequest(`${other.url}/idp/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': '1000' },
          });
          req.on('response', (res) => ok(res.statusCode ?? 0));
          req.on('error', (err) => ok((err as NodeJS.ErrnoException).code ?? 'error'));
          req.write('{"username":');
        });
        await new Promise((r) => setTimeout(r, 50));
        await other.close();
        expect(await answered).not.toBe(500);
        await new Promise((r) => setTimeout(r, 50));
        expect(logged.mock.calls.filter((c) => String(c[0]).startsWith('local http'))).toEqual([]);
      } finally {
        logged.mockRestore();
      }
    });
  });

  describe('hostile JSON: 400 naming the field, on every route', () => {
    const sku = (attributes: unknown) => ({
      ...FORM,
      skus: [{ sku: 'S-1', monthlyCapacity: 1, attributes }],
    });
    const nested = (levels: number): unknown => (levels === 0 ? 'deep' : { a: nested(levels - 1) });

    it.each<[string, string, string, string | unknown, RegExp, RegExp]>([
      [
        'nesting 31 levels',
        'POST',
        '/api/applications',
        sku(nested(31)),
        /^skus\.0\.attributes(\.a)+$/,
        /deeper/,
      ],
      [
        'a constructor key',
        'POST',
        '/api/applications',
        sku({ constructor: { prototype: { polluted: true } } }),
        /^skus\.0\.attributes\.constructor$/,
        /not allowed/,
      ],
      [
        'a __proto__ key',
        'POST',
        '/api/applications',
        '{"seller":{"companyName":"x","uscc":"x"},"category":"home","skus":[],"sampleSkus":[],"__proto__":{"isAdmin":true}}',
        /^__proto__$/,
        /not allowed/,
      ],
      ['a prototype key', 'POST', '/api/ops/rules', { prototype: {} }, /^prototype$/, /not allowed/],
      [
        'a 400 KB string',
        'POST',
        '/api/applications',
        sku({ note: 'x'.repeat(400_000) }),
        /^skus\.0\.attributes\.note$/,
        /longer than 10000/,
      ],
      [
        'a 20,000-character key',
        'POST',
        '/api/ops/violations',
        [{ ['k'.repeat(20_000)]: 1 }],
        /^0$/,
        /key longer/,
      ],
    ])('refuses %s', async (_name, method, path, body, issuePath, message) => {
      const who = path.startsWith('/api/ops') ? 'ops' : 'seller-a';
      const res = await call(who, method, path, body);
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('request body is invalid');
      expect(res.json.issues).toEqual([
        { path: expect.stringMatching(issuePath), message: expect.stringMatching(message) },
      ]);
      expectSecurityHeaders(res.headers, 'a 400');
    });

    it('lets the SKU CSV import take a long CSV (its own limit), and stays within it', async () => {
      const created = await call('seller-a', 'POST', '/api/applications', FORM);
      const id = created.json.applicationId as string;
      const rows = Array.from({ length: 150 }, (_, i) => `S-${i},${'N'.repeat(150)},10`);
      const csv = `sku,name,monthlyCapacity\n${rows.join('\n')}`;
      expect(csv.length).toBeGreaterThan(20_000);
      const res = await call('seller-a', 'POST', `/api/applications/${id}/skus/import`, { csv });
      expect(res.status).toBe(200);
      expect(res.json.skus).toHaveLength(150);
    });
  });

  it('drops a client that trickles its headers (slowloris) instead of holding the connection', async () => {
    const quick = await startPortalServer(platform, {
      portalDir: scratchDir('no-portal-'),
      timeouts: { headersMs: 300, requestMs: 600 },
    });
    try {
      const { port } = new URL(quick.url);
      const started = Date.now();
      const answer = await new Promise<string>((done) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write('GET /api/me HTTP/1.1\r\nHost: x\r\n'),
        );
        let text = '';
        socket.on('data', (d) => {
          text += String(d);
        });
        socket.on('close', () => done(text));
      });
      // Answered 408 or simply closed, within a second or so (Node's default would hold it a minute).
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await quick.close();
    }
  });

  it('puts the security headers on every kind of answer, the CSP naming the object store', async () => {
    const origin = new URL(await platform.container.documents.presignGet('x', { expiresSeconds: 60 })).origin;
    const answers: [string, Reply][] = [
      ['the entry page', await raw('GET', '/')],
      ['a client route', await raw('GET', '/applications/x')],
      ['an asset', await raw('GET', '/assets/app.js')],
      ['config.json', await raw('GET', '/config.json')],
      ['idp users', await raw('GET', '/idp/users')],
      ['idp jwks', await raw('GET', '/idp/.well-known/jwks.json')],
      ['idp 404', await raw('GET', '/idp/nothing')],
      ['api 200', await call('seller-a', 'GET', '/api/me')],
      ['api 401', await call(null, 'GET', '/api/me')],
      ['api 403', await call('lab-cti', 'GET', '/api/applications')],
      ['api 404 route', await call('seller-a', 'GET', '/api/nothing')],
      ['api 404 item', await call('seller-a', 'GET', '/api/applications/nobody')],
      ['api 400', await call('seller-a', 'POST', '/api/applications', 'not json')],
    ];
    for (const [what, res] of answers) {
      expect(res.status, what).toBeLessThan(500);
      expectSecurityHeaders(res.headers, what);
      const csp = res.headers.get('content-security-policy') as string;
      for (const directive of ['img-src', 'frame-src', 'connect-src']) {
        expect(csp, `${what}: ${directive}`).toMatch(new RegExp(`${directive} 'self'[^;]* ${origin}(;| )`));
      }
    }
    const api = answers.find(([w]) => w === 'api 200')?.[1] as Reply;
    expect(api.headers.get('cache-control')).toBe('no-store');
  });
});
