/**
 * The portal's browser-facing security headers, one definition for both places that serve it:
 * `local/http.ts` (every response of the local server) and CloudFront's response headers policy
 * (lib/portal-hosting.ts). Only the origins differ: the object store the browser reaches by
 * presigned URL (s3rver on 127.0.0.1 locally, the document bucket on AWS) and, on AWS, Cognito's
 * token endpoint.
 *
 * What the portal needs, read from portal/: a Vite build with no inline script or style (one
 * module script and one stylesheet from /assets), no web fonts, no data: images; files shown as
 * <img>/<iframe> from a presigned GET (or a blob: URL when the API answers with the bytes),
 * uploads by presigned POST (fetch), the sign-in code exchanged with Cognito by fetch.
 */
export interface CspOrigins {
  /** Origins of presigned GET/POST URLs (images, frames, uploads, downloads). */
  objectStore: readonly string[];
  /** Origins the portal fetches for sign-in (Cognito's hosted UI domain on AWS). */
  auth?: readonly string[];
}

export function contentSecurityPolicy(o: CspOrigins): string {
  const store = o.objectStore.join(' ');
  const auth = (o.auth ?? []).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: ${store}`,
    `frame-src 'self' blob: ${store}`,
    `connect-src 'self' ${store} ${auth}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]
    .map((d) => d.replace(/\s+/g, ' ').trim())
    .join('; ');
}

/** The headers besides the CSP, as sent locally (CloudFront's policy sets the same values). */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;
