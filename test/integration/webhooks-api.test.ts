import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient } from '../support/api-client.js';
import { scratchDir, testPlatform } from '../support/platform.js';

describe('webhook routes (seller, owner-only)', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    client = await apiClient(server, platform);
  });
  afterAll(async () => {
    await server.close();
    await platform.stop();
  });

  const call = (who: string | null, method: string, path: string, body?: unknown) =>
    client.call(who, method, path, body);

  it('registers an endpoint and shows its secret once, never again, and to nobody else', async () => {
    const created = await call('seller-a', 'POST', '/api/webhooks/endpoints', {
      url: 'http://127.0.0.1:9/hooks',
      events: ['application.admitted', 'application.action_required'],
    });
    expect(created.status).toBe(200);
    expect(created.json.secret).toMatch(/^whsec_/);
    const listed = await call('seller-a', 'GET', '/api/webhooks/endpoints');
    expect(listed.json).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret as string);
    expect(JSON.stringify(listed.json)).not.toContain('sealedSecret');
    expect((await call('seller-b', 'GET', '/api/webhooks/endpoints')).json).toEqual([]);
  });

  it('refuses a URL the sender would not call, naming the field', async () => {
    for (const url of [
      'https://10.0.0.1/hooks',
      'http://192.168.1.2/hooks',
      'ftp://127.0.0.1/',
      'https://169.254.169.254/latest',
    ]) {
      const res = await call('seller-a', 'POST', '/api/webhooks/endpoints', {
        url,
        events: ['application.admitted'],
      });
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.json)).toContain('url');
    }
    // Unknown, and staff events (a reviewer's SLA, a lab's booking) that never go to a seller.
    for (const event of ['nothing.happened', 'review.task_due_soon', 'lab.booking_created']) {
      const badEvent = await call('seller-a', 'POST', '/api/webhooks/endpoints', {
        url: 'http://127.0.0.1:9/',
        events: [event],
      });
      expect(badEvent.status, event).toBe(400);
      expect(JSON.stringify(badEvent.json), event).toContain('events');
    }
  });

  it('is for sellers only, and a delivery of another seller is not found', async () => {
    expect((await call('reviewer', 'GET', '/api/webhooks/deliveries')).status).toBe(403);
    expect((await call('ops', 'POST', '/api/webhooks/endpoints', {})).status).toBe(403);
    expect((await call('seller-b', 'GET', '/api/webhooks/deliveries')).json).toEqual([]);
    expect((await call('seller-b', 'POST', '/api/webhooks/deliveries/abc/resend')).status).toBe(404);
  });

  it('turns an endpoint off and on for its seller only', async () => {
    const [ep] = (await call('seller-a', 'GET', '/api/webhooks/endpoints')).json as { endpointId: string }[];
    const path = `/api/webhooks/endpoints/${ep?.endpointId}/enabled`;
    const off = await call('seller-a', 'POST', path, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.json.disabled).toEqual({ at: expect.any(String), by: 'seller' });
    expect(JSON.stringify(off.json)).not.toContain('sealedSecret');
    expect((await call('seller-b', 'POST', path, { enabled: true })).status).toBe(404);
    expect((await call('seller-a', 'POST', path, { enabled: 'yes' })).status).toBe(400);
    const on = await call('seller-a', 'POST', path, { enabled: true });
    expect(on.status).toBe(200);
    expect(on.json.disabled).toBeUndefined();
  });
});
