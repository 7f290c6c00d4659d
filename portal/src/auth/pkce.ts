/**
 * The Cognito Hosted UI's authorization-code flow with PKCE (RFC 7636): the verifier stays in
 * the browser, only its S256 challenge goes out with the authorize request.
 */
export interface CognitoAuth {
  domain: string;
  clientId: string;
  redirectUri: string;
}

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

export function base64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 64 characters from the unreserved set (RFC 7636 §4.1: 43 to 128). */
export function randomVerifier(random: (n: number) => Uint8Array = randomBytes): string {
  // Bytes ≥ 198 (3 × 66 characters) are dropped so that every character is equally likely.
  let out = '';
  while (out.length < 64) {
    for (const b of random(64)) {
      if (b < 198 && out.length < 64) out += UNRESERVED[b % UNRESERVED.length];
    }
  }
  return out;
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function origin(domain: string): string {
  return (domain.startsWith('https://') ? domain : `https://${domain}`).replace(/\/+$/, '');
}

export function authorizeUrl(cfg: CognitoAuth, challenge: string, state: string): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  return `${origin(cfg.domain)}/oauth2/authorize?${q}`;
}

/** The token request's endpoint and form body (application/x-www-form-urlencoded). */
export function tokenRequest(
  cfg: CognitoAuth,
  code: string,
  verifier: string,
): { url: string; body: string } {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: cfg.clientId,
    code,
    redirect_uri: cfg.redirectUri,
    code_verifier: verifier,
  });
  return { url: `${origin(cfg.domain)}/oauth2/token`, body: body.toString() };
}
