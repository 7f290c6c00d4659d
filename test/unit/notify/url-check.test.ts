import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress, WebhookUrlError } from '../../../lambdas/notify/url-check.js';

const AWS = { allowLoopbackHttp: false };
const LOCAL = { allowLoopbackHttp: true };
const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('isPublicAddress', () => {
  it.each([
    ['93.184.215.14', true],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', true],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('checkWebhookUrl', () => {
  it('accepts https to a name resolving to public addresses, pinned to the first', async () => {
    const r = await checkWebhookUrl('https://hooks.example.com/in', AWS, resolveTo('93.184.215.14'));
    expect(r.address).toBe('93.184.215.14');
    expect(r.url.hostname).toBe('hooks.example.com');
  });

  it.each([
    ['plain http on AWS', 'http://hooks.example.com/in', AWS, /only https/],
    ['http to loopback on AWS', 'http://127.0.0.1:8080/in', AWS, /only https/],
    ['http to a LAN address locally', 'http://192.168.1.5/in', LOCAL, /only https/],
    ['credentials in the URL', 'https://u:p@hooks.example.com/', AWS, /credentials/],
    ['not a URL', 'hooks example', AWS, /not a URL/],
    ['ftp', 'ftp://hooks.example.com/', AWS, /only https/],
    ['an IP literal in a private range', 'https://10.1.2.3/in', AWS, /not a public address/],
    ['the metadata service', 'https://169.254.169.254/latest', AWS, /not a public address/],
    ['IPv6 loopback', 'https://[::1]/in', AWS, /not a public address/],
  ])('refuses %s', async (_name, url, policy, message) => {
    await expect(checkWebhookUrl(url, policy, resolveTo('93.184.215.14'))).rejects.toThrow(message);
  });

  it('refuses a name with any private address among its answers (DNS rebinding)', async () => {
    await expect(
      checkWebhookUrl('https://rebind.example.com/', AWS, resolveTo('93.184.215.14', '127.0.0.1')),
    ).rejects.toThrow(WebhookUrlError);
  });

  it('refuses a name that does not resolve', async () => {
    const fail = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(checkWebhookUrl('https://nowhere.invalid/', AWS, fail)).rejects.toThrow(/does not resolve/);
  });

  it('accepts http to the loopback address in local runs only', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:9999/hook', LOCAL)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(checkWebhookUrl('http://localhost:9999/hook', LOCAL)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
});
