import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRules } from '../../lambdas/adapters/container.js';
import { startApiServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, testPlatform } from '../support/platform.js';

describe('local HTTP API', () => {
  let platform: Platform;
  let api: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    platform = await testPlatform();
    api = await startApiServer(platform);
  });
  afterAll(async () => {
    await api.close();
    await platform.stop();
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & unknown[] };
  };

  it('loads violation records and answers by USCC', async () => {
    const rows = [
      { uscc: '91330782MA2B3C4D12', date: '2026-03-01', severity: 'minor', type: 'late_shipment' },
    ];
    expect((await call('POST', '/violations', rows)).status).toBe(201);
    expect((await call('GET', '/violations/91330782MA2B3C4D12')).json).toHaveLength(1);
    const bad = await call('POST', '/violations', [{ uscc: 'x', date: '2026-02-30', severity: 'minor' }]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('0.date');
  });

  it('publishes a rules version and refuses the same version twice', async () => {
    const next = { ...structuredClone(bundledRules), version: 'http-test-1' };
    expect((await call('POST', '/rules', next)).status).toBe(201);
    expect((await call('POST', '/rules', next)).status).toBe(409);
    const rules = await call('GET', '/rules');
    expect((rules.json.current as { version: string }).version).toBe('http-test-1');
  });

  it('takes a reviewer decision once and shows the application moving on', async () => {
    await admitSample(platform, {
      applicationId: 'http-review',
      company: { name: '义乌市佳家日用品（集团）有限公司' },
    });
    const first = await call('POST', '/applications/http-review/review', {
      outcome: 'approve',
      note: 'checked',
    });
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('AWAITING_LAB_RESULTS');
    expect((await call('POST', '/applications/http-review/review', { outcome: 'approve' })).status).toBe(409);
    expect((await call('POST', '/applications/http-review/review', { outcome: 'maybe' })).status).toBe(400);
    expect((await call('GET', '/applications/nope')).status).toBe(404);
  });
});
