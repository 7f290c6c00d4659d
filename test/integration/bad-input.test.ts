import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../lambdas/domain/model.js';
import { admitFolder } from '../../local/admit.js';
import type { Platform } from '../../local/platform.js';
import { pngImage, writeApplicationFolder } from '../support/docgen/index.js';
import { codes, scratchDir, testPlatform } from '../support/platform.js';

describe('admit with bad input', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    await platform.stop();
  });

  it('gives a folder without application.json an error record naming the file', async () => {
    const dir = scratchDir();
    const record = await admitFolder(platform, dir);
    expect(record).toMatchObject({
      status: 'ERROR',
      error: { code: 'APPLICATION_MISSING', file: 'application.json' },
    });
  });

  it('gives malformed JSON an error record naming the file', async () => {
    const dir = join(scratchDir(), 'f');
    await writeApplicationFolder(dir, {
      applicationId: 'bad-json',
      rawApplicationJson: '{"applicationId": "x",',
    });
    const record = await admitFolder(platform, dir);
    expect(record).toMatchObject({
      status: 'ERROR',
      error: { code: 'JSON_MALFORMED', file: 'application.json' },
    });
  });

  it('names the file, the field and the value of an unknown document type, and the accepted types', async () => {
    const dir = join(scratchDir(), 'f');
    await writeApplicationFolder(dir, {
      applicationId: 'bad-type',
      trademark: { declaredType: 'tax_certificate' },
    });
    const record = await admitFolder(platform, dir);
    expect(record).toMatchObject({
      status: 'ERROR',
      error: {
        code: 'APPLICATION_INVALID',
        file: 'application.json',
        field: expect.stringMatching(/^documents\[\d+\]\.type$/),
      },
    });
    if (record.status !== 'ERROR') return;
    expect(record.error.message).toBe(
      `application.json ${record.error.field}: "tax_certificate" is not a document type; expected one of: ${DOCUMENT_TYPES.join(', ')}`,
    );
  });

  it('names the field of a malformed decisions.json', async () => {
    const dir = join(scratchDir(), 'f');
    await writeApplicationFolder(dir, { applicationId: 'bad-decisions' });
    writeFileSync(join(dir, 'decisions.json'), JSON.stringify({ review: { outcome: 'maybe' } }));
    const record = await admitFolder(platform, dir);
    expect(record).toMatchObject({
      status: 'ERROR',
      error: { file: 'decisions.json', field: 'review.outcome' },
    });
  });

  it.each([
    [
      'a listed file that is missing',
      { capacityProof: { missingFile: true } },
      'DOCUMENT_MISSING',
      'capacity',
    ],
    ['a zero-byte PDF', { bankStatement: { form: 'empty' as const } }, 'DOCUMENT_UNREADABLE', 'bank'],
    [
      'a PNG renamed .pdf',
      { licence: { file: 'licence.pdf', form: 'png' as const } },
      'DOCUMENT_UNREADABLE',
      'licence.pdf',
    ],
    [
      'an executable renamed .pdf',
      { trademark: { form: 'executable' as const } },
      'DOCUMENT_UNREADABLE',
      'trademark',
    ],
    [
      'an image with no document on it',
      { legalRepId: { file: 'legal-rep-id.png', bytes: pngImage() } },
      'DOCUMENT_UNREADABLE',
      'legal-rep-id.png',
    ],
  ])('rejects %s with %s and a message naming the file', async (_label, spec, code, file) => {
    const dir = join(scratchDir(), 'f');
    const applicationId = `bad-${code.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
    await writeApplicationFolder(dir, { applicationId, ...spec } as never);
    const record = await admitFolder(platform, dir);
    expect(record.status).toBe('REJECTED');
    expect(codes(record).reject).toContain(code);
    if (record.status === 'ERROR') return;
    const reason = record.reasons.find((r) => r.code === code);
    expect(`${reason?.message.en} ${reason?.message.zh}`).toContain(file);
    expect(record.requirements.errors.length + record.requirements.currentlyDue.length).toBeGreaterThan(0);
  });

  it('finishes the good folders of a run with bad ones', async () => {
    const root = scratchDir();
    const good = join(root, 'good');
    await writeApplicationFolder(good, {
      applicationId: 'mixed-good',
      decisions: { labResults: {}, signature: { accept: true } },
    });
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'application.json'), '[]');
    const records = await Promise.all([admitFolder(platform, broken), admitFolder(platform, good)]);
    expect(records.map((r) => r.status)).toEqual(['ERROR', 'ADMITTED']);
  });
});
