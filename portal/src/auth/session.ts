/**
 * The signed-in user's token: kept in sessionStorage (gone with the tab), dropped when expired.
 * Local sign-in asks the local identity provider; on AWS the Cognito Hosted UI (PKCE).
 */
import type { AuthConfig, IdpUser } from '../api/types';
import { authorizeUrl, type CognitoAuth, challengeOf, randomVerifier, tokenRequest } from './pkce';

const TOKEN_KEY = 'portal.idToken';
const PKCE_KEY = 'portal.pkce';

interface StoredToken {
  idToken: string;
  expiresAt: number;
}

export function currentToken(): string | null {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  const stored = JSON.parse(raw) as StoredToken;
  if (Date.now() >= stored.expiresAt) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  return stored.idToken;
}

function keep(idToken: string, expiresInSeconds: number): void {
  const stored: StoredToken = { idToken, expiresAt: Date.now() + expiresInSeconds * 1000 };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(stored));
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function jsonOrThrow<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export async function localUsers(auth: Extract<AuthConfig, { kind: 'local' }>): Promise<IdpUser[]> {
  return jsonOrThrow<IdpUser[]>(await fetch(auth.usersUrl));
}

export async function localLogin(
  auth: Extract<AuthConfig, { kind: 'local' }>,
  username: string,
  password: string,
): Promise<void> {
  const res = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { idToken, expiresIn } = await jsonOrThrow<{ idToken: string; expiresIn: number }>(res);
  keep(idToken, expiresIn);
}

/** Sends the browser to the Hosted UI; it comes back to `redirectUri` with `?code=&state=`. */
export async function startCognitoLogin(auth: CognitoAuth): Promise<void> {
  const verifier = randomVerifier();
  const state = randomVerifier().slice(0, 32);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  window.location.assign(authorizeUrl(auth, await challengeOf(verifier), state));
}

/** On return from the Hosted UI: trades the code for tokens. False when this is not such a return. */
export async function finishCognitoLogin(auth: CognitoAuth): Promise<boolean> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PKCE_KEY);
  if (!code || !pending) return false;
  sessionStorage.removeItem(PKCE_KEY);
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  if (params.get('state') !== state) throw new Error('sign-in state does not match; please try again');
  const req = tokenRequest(auth, code, verifier);
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: req.body,
  });
  const tokens = await jsonOrThrow<{ id_token: string; expires_in: number }>(res);
  keep(tokens.id_token, tokens.expires_in);
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  return true;
}
