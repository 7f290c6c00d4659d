import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style: one header `Admission-Signature: t=<unix seconds>,v1=<hex>`,
 * v1 = HMAC-SHA256(secret, `${t}.${body}`). The receiver recomputes it over the raw body and
 * refuses a timestamp older than the tolerance (a replayed delivery).
 */
export const SIGNATURE_HEADER = 'admission-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export class SignatureError extends Error {
  override name = 'SignatureError';
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

/** Throws SignatureError unless the header signs `body` with `secret` within the tolerance. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): { timestamp: number } {
  if (!header) throw new SignatureError('no signature header');
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const k = item.slice(0, at).trim();
    parts.set(k, [...(parts.get(k) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isSafeInteger(t)) throw new SignatureError('no timestamp in the signature header');
  const age = Math.floor(now.getTime() / 1000) - t;
  if (age > toleranceSeconds) throw new SignatureError(`timestamp ${age} s old: a replay`);
  if (age < -toleranceSeconds) throw new SignatureError('timestamp in the future');
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  const ok = (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!ok) throw new SignatureError('signature does not match');
  return { timestamp: t };
}
