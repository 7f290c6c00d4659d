import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { createScope, getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';

/** SigV4 as the local object store's gate checks it: the same signer the SDK uses, run in reverse. */

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** node:crypto as the SHA-256 (and HMAC) constructor @smithy/signature-v4 expects. */
export class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.make();
  }
  private make(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? Buffer.from(this.secret, 'utf8')
        : ArrayBuffer.isView(this.secret)
          ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : Buffer.from(this.secret);
    return createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.make();
  }
}

export interface SignedRequest {
  method: string;
  /** The path as sent (still percent-encoded): S3 signs it as is. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
}

/** Re-signs a request the way the SDK signed it (same headers, date and scope): the expected signature. */
export class Verifier extends SignatureV4 {
  constructor(private readonly creds: { accessKeyId: string; secretAccessKey: string }) {
    super({ credentials: creds, region: 'unused', service: 's3', sha256: Sha256, uriEscapePath: false });
  }
  async signatureOf(
    request: SignedRequest,
    signedHeaders: string[],
    payloadHash: string,
    longDate: string,
    region: string,
  ): Promise<string> {
    const subset: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value !== undefined) subset[name] = value;
    }
    const canonical = getCanonicalHeaders(
      { ...request, headers: subset } as never,
      undefined,
      new Set(signedHeaders),
    );
    const scope = createScope(longDate.slice(0, 8), region, 's3');
    const canonicalRequest = this.createCanonicalRequest(request as never, canonical, payloadHash);
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM);
    return hmacHex(await this.signingKey(longDate.slice(0, 8), region), stringToSign);
  }
  signingKey(shortDate: string, region: string): Promise<Uint8Array> {
    return getSigningKey(Sha256, this.creds, shortDate, region, 's3');
  }
}

export function hmacHex(key: Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
