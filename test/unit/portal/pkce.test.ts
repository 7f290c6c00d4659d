import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeOf, randomVerifier, tokenRequest } from '../../../portal/src/auth/pkce.js';

const cognito = {
  domain: 'admission.auth.eu-west-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://portal.example.com/',
};

describe('portal PKCE (Cognito Hosted UI)', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 64-character verifiers from the unreserved characters only', () => {
    const verifiers = Array.from({ length: 50 }, () => randomVerifier());
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(new Set(verifiers).size).toBe(50);
  });

  it('drops random bytes that would bias the characters when they come up', () => {
    // 255 is above the cut-off and dropped; 65 is the last unreserved character, '~'.
    let call = 0;
    const random = (n: number) => new Uint8Array(n).fill(call++ === 0 ? 255 : 65);
    expect(randomVerifier(random)).toBe('~'.repeat(64));
  });

  it('builds the authorize URL with the code flow, the S256 challenge and the state', () => {
    const url = new URL(authorizeUrl(cognito, 'CHALLENGE', 'STATE'));
    expect(url.origin + url.pathname).toBe(
      'https://admission.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://portal.example.com/',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: 'CHALLENGE',
      state: 'STATE',
    });
  });

  it('accepts a domain given with its scheme and a trailing slash', () => {
    const url = authorizeUrl({ ...cognito, domain: 'https://login.example.com/' }, 'c', 's');
    expect(url.startsWith('https://login.example.com/oauth2/authorize?')).toBe(true);
  });

  it('trades the code with the verifier at the token endpoint', () => {
    const req = tokenRequest(cognito, 'CODE', 'VERIFIER');
    expect(req.url).toBe('https://admission.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'CODE',
      redirect_uri: 'https://portal.example.com/',
      code_verifier: 'VERIFIER',
    });
  });
});
