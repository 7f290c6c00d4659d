import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAgreement } from '../../lambdas/usecases/actions.js';
import {
  type ActiveFeeSchedule,
  type AgreementIssue,
  activeFeeSchedule,
  currentAgreement,
  type SignatureRecord,
} from '../../lambdas/usecases/agreement.js';
import { issueAgreement } from '../../lambdas/usecases/agreement-issue.js';
import { sha256 } from '../../lambdas/usecases/common.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, testPlatform } from '../support/platform.js';

const UNTIL_SIGNATURE = { review: { outcome: 'approve' as const }, labResults: {} };

describe('the agreement over the emulators', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    await platform.stop();
  });

  async function settle(id: string): Promise<void> {
    await platform.runtime.settled(platform.runtime.latest(id)?.name as string);
  }

  it('issues a PDF, binds its sha256 to the signature and activates the fee schedule it carries', async () => {
    const { record } = await admitSample(platform, {
      applicationId: 'agr-admitted',
      category: 'apparel',
      decisions: { ...UNTIL_SIGNATURE, signature: { accept: true, signerName: '张三' } },
    });
    expect(record.status).toBe('ADMITTED');
    if (record.status === 'ERROR') return;
    // The admit record keeps SPEC's three fields, nothing more.
    expect(record.feeSchedule).toEqual({
      commissionRate: '0.05',
      fulfilmentRate: '0.038',
      settlementTermDays: 15,
    });

    const c = platform.container;
    const issue = (await c.applications.getResult<AgreementIssue>(
      'agr-admitted',
      'agreement-1',
    )) as AgreementIssue;
    expect(issue.key).toBe('applications/agr-admitted/agreements/agreement-1.pdf');
    const bytes = (await c.documents.get(issue.key)) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(sha256(bytes)).toBe(issue.sha256);

    const signature = await c.applications.getResult<SignatureRecord>('agr-admitted', 'signature');
    expect(signature).toMatchObject({
      round: 1,
      signerName: '张三',
      agreementKey: issue.key,
      agreementSha256: issue.sha256,
    });
    expect(signature?.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(signature?.signedBy).toBeTruthy();

    const active = (await activeFeeSchedule(c, 'agr-admitted')) as ActiveFeeSchedule;
    expect(active).toMatchObject({
      commissionRate: '0.05',
      fulfilmentRate: '0.038',
      settlementTermDays: 15,
      version: 'fees-2020-01',
      effectiveFrom: '2020-01-01',
      rulesVersion: '2026-11-01',
      category: 'apparel',
      agreementRound: 1,
      agreementSha256: issue.sha256,
    });
    expect(active.activeFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a signature naming another file, and takes one naming the file on offer', async () => {
    const { record } = await admitSample(platform, { applicationId: 'agr-sha', decisions: UNTIL_SIGNATURE });
    expect(record.status).toBe('AWAITING_SIGNATURE');
    const c = platform.container;
    const offer = await currentAgreement(c, 'agr-sha');
    expect(offer && sha256(offer.bytes)).toBe(offer?.issue.sha256);

    await expect(
      signAgreement(c, 'agr-sha', { accept: true, signerName: '张三', agreementSha256: 'f'.repeat(64) }),
    ).rejects.toMatchObject({ name: 'AgreementMismatchError' });

    await signAgreement(c, 'agr-sha', {
      accept: true,
      signerName: '张三',
      agreementSha256: offer?.issue.sha256 as string,
    });
    await settle('agr-sha');
    expect((await c.applications.get('agr-sha'))?.status).toBe('ADMITTED');
    expect((await c.applications.getResult<SignatureRecord>('agr-sha', 'signature'))?.agreementSha256).toBe(
      offer?.issue.sha256,
    );
  });

  it('re-issues the same file, and never overwrites an issued file or a signature record', async () => {
    const c = platform.container;
    const before = (await c.applications.getResult<AgreementIssue>(
      'agr-sha',
      'agreement-1',
    )) as AgreementIssue;
    const bytes = (await c.documents.get(before.key)) as Uint8Array;

    await issueAgreement(c, 'agr-sha');
    const after = await c.applications.getResult<AgreementIssue>('agr-sha', 'agreement-1');
    expect(after).toEqual(before);

    expect(
      await c.documents.putIfAbsent(before.key, new TextEncoder().encode('forged'), 'application/pdf'),
    ).toBe(false);
    expect(sha256((await c.documents.get(before.key)) as Uint8Array)).toBe(sha256(bytes));

    const signed = await c.applications.getResult<SignatureRecord>('agr-sha', 'signature');
    const kept = await c.applications.putResultIfAbsent('agr-sha', 'signature', {
      ...signed,
      signerName: '李四',
      agreementSha256: '0'.repeat(64),
    });
    expect(kept).toEqual(signed);
    expect(await c.applications.getResult('agr-sha', 'signature')).toEqual(signed);
  });

  it('issues a new file under a new key after a declined agreement is appealed, keeping the first', async () => {
    const { record } = await admitSample(platform, {
      applicationId: 'agr-round-2',
      decisions: {
        ...UNTIL_SIGNATURE,
        signature: { accept: false },
        appeal: { documents: [], outcome: 'uphold' },
      },
    });
    // admit answers the second agreement as it did the first: declined, and appealed once already.
    expect(record.status).toBe('REJECTED');
    const c = platform.container;
    const first = (await c.applications.getResult<AgreementIssue>(
      'agr-round-2',
      'agreement-1',
    )) as AgreementIssue;
    const second = (await c.applications.getResult<AgreementIssue>(
      'agr-round-2',
      'agreement-2',
    )) as AgreementIssue;
    expect(second.key).toBe('applications/agr-round-2/agreements/agreement-2.pdf');
    expect(second.sha256).not.toBe(first.sha256);
    expect(sha256((await c.documents.get(first.key)) as Uint8Array)).toBe(first.sha256);
    expect((await currentAgreement(c, 'agr-round-2'))?.issue.round).toBe(2);
  });
});
