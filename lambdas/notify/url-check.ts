import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where a seller's webhook may point (server-side request forgery): on AWS only https, and never
 * an address that is not public unicast (private, loopback, link-local — the instance metadata
 * service —, carrier NAT, multicast, reserved, unique-local). A name is resolved and every address
 * checked, and the request then goes to the address checked (pinned), so a DNS answer that
 * changes between check and connect (rebinding) reaches nothing new. Locally, plain http to the
 * loopback address is allowed, for receivers on the same machine.
 */
export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
}

export interface UrlPolicy {
  /** Local runs only: http://127.0.0.1, http://[::1] and http://localhost receivers. */
  allowLoopbackHttp: boolean;
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Only public unicast addresses; an IPv4-mapped IPv6 address is judged as its IPv4 address. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The checks that need no network: scheme, credentials, host form. Returns the parsed URL. */
export function checkUrlShape(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('not a URL');
  }
  if (raw.length > 2048) throw new WebhookUrlError('URL longer than 2048 characters');
  if (url.username || url.password) throw new WebhookUrlError('credentials in the URL');
  const loopbackHttp =
    policy.allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) throw new WebhookUrlError('only https URLs are accepted');
  return url;
}

/**
 * The full check: shape, then every address the host resolves to. Returns the address to connect
 * to (pinned) with the URL; throws WebhookUrlError naming the problem.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: UrlPolicy,
  resolve: Resolver = systemResolver,
): Promise<{ url: URL; address: string }> {
  const url = checkUrlShape(raw, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowLoopbackHttp && LOOPBACK_NAMES.has(url.hostname)) {
    return { url, address: host === 'localhost' ? '127.0.0.1' : host };
  }
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      throw new WebhookUrlError(`${host} does not resolve`, { cause: err });
    }
  }
  if (addresses.length === 0) throw new WebhookUrlError(`${host} does not resolve`);
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad) throw new WebhookUrlError(`${host} resolves to ${bad}, which is not a public address`);
  return { url, address: addresses[0] as string };
}
