/**
 * The parser threads (issue 15): a stuck read is ended at its deadline, its thread terminated
 * (its memory freed) and replaced for the next read; meanwhile another tenant's read is not held
 * behind the stuck ones; each thread runs under V8 limits of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPdfPages } from '../../../lambdas/extraction/pdf-text';
import { LANE_RESOURCE_LIMITS, pdfPoolStats } from '../../../lambdas/extraction/pdfjs-thread';
import { CORPUS_DIR } from '../../fixtures/bad-input/generate';
import { licencePdf } from '../../support/docgen/index';

const slow = () => new Uint8Array(readFileSync(join(CORPUS_DIR, 'pdf-too-complex.pdf')));

const licence = () =>
  licencePdf({
    companyName: '义乌市某某日用品有限公司',
    uscc: '91330782MA2ABCDE1X',
    enterpriseType: '有限责任公司',
    legalRepresentative: '张三',
    registeredCapital: '500万元',
    establishedOn: '2021-03-05',
    validUntil: null,
  });

const readsLicence = (read: Awaited<ReturnType<typeof readPdfPages>>) =>
  read.ok && read.pages[0]?.lines.some((l) => l.includes('91330782MA2ABCDE1X'));

describe('the PDF parser threads', () => {
  it('terminate a stuck read at its deadline and start a new thread for the next read', async () => {
    const before = pdfPoolStats();
    const stuck = await readPdfPages(slow(), 'slow.pdf', { timeoutMs: 800, tenant: 'seller-a' });
    expect(stuck).toMatchObject({ ok: false, problem: 'corrupt' });
    const after = pdfPoolStats();
    // The stuck thread was terminated, not parked for reuse.
    expect(after.retired).toBe(before.retired + 1);
    expect(after.running).toBe(0);
    const next = await readPdfPages(await licence(), 'licence.pdf', {
      timeoutMs: 20_000,
      tenant: 'seller-a',
    });
    expect(readsLicence(next)).toBe(true);
    expect(pdfPoolStats().started).toBeGreaterThan(before.started);
  }, 30_000);

  it('read another tenant’s document while one tenant’s stuck reads wait for their deadlines', async () => {
    const pdf = await licence();
    const ended: string[] = [];
    const stuck = [1, 2, 3].map((i) =>
      readPdfPages(slow(), `slow-${i}.pdf`, { timeoutMs: 6000, tenant: 'seller-b' }).then((r) => {
        ended.push(`b${i}`);
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const a = await readPdfPages(pdf, 'licence.pdf', { timeoutMs: 20_000, tenant: 'seller-a' });
    ended.push('a');
    expect(readsLicence(a)).toBe(true);
    // A's read ended before any of B's: B held one thread at most, not both.
    expect(ended[0]).toBe('a');
    const results = await Promise.all(stuck);
    for (const r of results) expect(r).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(pdfPoolStats()).toMatchObject({ running: 0, waiting: 0 });
  }, 60_000);

  it('run each parser under V8 memory and stack limits', () => {
    expect(LANE_RESOURCE_LIMITS.maxOldGenerationSizeMb).toBeGreaterThan(0);
    expect(LANE_RESOURCE_LIMITS.maxYoungGenerationSizeMb).toBeGreaterThan(0);
    expect(LANE_RESOURCE_LIMITS.stackSizeMb).toBeGreaterThan(0);
  });
});
