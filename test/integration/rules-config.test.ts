import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRules } from '../../lambdas/adapters/container.js';
import { PaddleOcr } from '../../lambdas/ocr/paddle-ocr.js';
import { replayChecks } from '../../lambdas/usecases/replay.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, codes, testPlatform } from '../support/platform.js';

describe('versioned rules configuration and replay', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    await platform.stop();
  });

  it('decides each application under the rules version current at submission, and replays it exactly', async () => {
    const c = platform.container;
    await c.violations.put([
      { uscc: '91330782MA2B3C4D12', date: '2026-01-05', severity: 'minor', type: 'late_shipment' },
    ]);
    const before = await admitSample(platform, {
      applicationId: 'rules-v1',
      company: { name: '义乌市佳家日用品（集团）有限公司' },
    });
    expect(before.record.status).toBe('AWAITING_REVIEW');
    const v1 = (await c.rulesConfig.current()).version;
    expect(v1).toBe(bundledRules.version);

    // Ops raise the home minimum: a new version, current from now on; v1 stays as it was.
    const stricter = structuredClone(bundledRules);
    stricter.version = '2026-12-01';
    stricter.capacity.minimumMonthly.byCategory.home = 7000;
    await c.rulesConfig.publish(stricter, 'ops:test');
    await expect(c.rulesConfig.publish(stricter, 'ops:test')).rejects.toThrow(/exists already/);
    expect((await c.rulesConfig.current()).version).toBe('2026-12-01');
    expect((await c.rulesConfig.get(v1))?.settings.capacity.minimumMonthly.byCategory.home).toBe(5000);

    const after = await admitSample(platform, { applicationId: 'rules-v2' });
    expect(codes(after.record).reject).toEqual(['CAPACITY_BELOW_MINIMUM']);

    // The replay reads with the same extractor and OCR engine the decision recorded.
    const ocr = new PaddleOcr();
    const replay = await replayChecks(c, 'rules-v1', ocr);
    await ocr.close();
    expect(replay.same).toBe(true);
    expect(replay.replayed.reasons.map((r) => r.code)).toEqual(['LICENCE_NAME_MISMATCH']);
    const decision = await c.applications.getResult<{
      rulesVersion: string;
      documents: { sha256?: string }[];
    }>('rules-v1', 'checks');
    expect(decision?.rulesVersion).toBe(v1);
    expect(decision?.documents.every((d) => d.sha256 && /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);
  });
});
