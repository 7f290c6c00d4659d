import { describe, expect, it } from 'vitest';
import {
  SignatureError,
  signatureHeader,
  signatureOf,
  verifySignature,
} from '../../../lambdas/notify/signing.js';

const SECRET = 'whsec_test';
const BODY = '{"id":"app-1:application.admitted:1","type":"application.admitted"}';
const NOW = new Date('2026-12-04T10:00:00.000Z');
const T = Math.floor(NOW.getTime() / 1000);

describe('webhook signatures', () => {
  it('verifies a header it made', () => {
    expect(verifySignature(SECRET, signatureHeader(SECRET, BODY, NOW), BODY, NOW)).toEqual({ timestamp: T });
  });

  it('signs `timestamp.body` with HMAC-SHA256 (a receiver written from SPEC computes the same)', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    expect(header).toBe(`t=${T},v1=${signatureOf(SECRET, T, BODY)}`);
    expect(signatureOf(SECRET, T, BODY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a replay older than 5 minutes', 301, /replay/],
    ['a timestamp from the future', -301, /future/],
  ])('refuses %s', (_name, ageSeconds, message) => {
    const header = `t=${T - ageSeconds},v1=${signatureOf(SECRET, T - ageSeconds, BODY)}`;
    expect(() => verifySignature(SECRET, header, BODY, NOW)).toThrow(message);
  });

  it('accepts a delivery 299 seconds old', () => {
    const header = `t=${T - 299},v1=${signatureOf(SECRET, T - 299, BODY)}`;
    expect(verifySignature(SECRET, header, BODY, NOW).timestamp).toBe(T - 299);
  });

  it.each([
    ['no header', undefined],
    ['no timestamp', `v1=${signatureOf(SECRET, T, BODY)}`],
    ['another secret', signatureHeader('whsec_other', BODY, NOW)],
    ['a changed body', signatureHeader(SECRET, `${BODY} `, NOW)],
    ['a short signature', `t=${T},v1=abcd`],
  ])('refuses %s', (_name, header) => {
    expect(() => verifySignature(SECRET, header, BODY, NOW)).toThrow(SignatureError);
  });

  it('accepts when one of several v1 signatures matches (secret rotation)', () => {
    const header = `t=${T},v1=${'0'.repeat(64)},v1=${signatureOf(SECRET, T, BODY)}`;
    expect(verifySignature(SECRET, header, BODY, NOW).timestamp).toBe(T);
  });
});
