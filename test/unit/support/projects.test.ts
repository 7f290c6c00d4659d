import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_WIDE_MOCK, UNIT_ISOLATED } from '../../support/projects.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function unitFiles(dir = join(ROOT, 'test', 'unit')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? unitFiles(join(dir, e.name))
      : e.name.endsWith('.test.ts')
        ? [relative(ROOT, join(dir, e.name))]
        : [],
  );
}

describe('the unit project split (vitest.config.ts)', () => {
  it('runs every unit file that mocks modules, globals or SDK clients in a process of its own', () => {
    const mocking = unitFiles()
      .filter((f) => f !== 'test/unit/support/projects.test.ts')
      .filter((f) => PROCESS_WIDE_MOCK.test(readFileSync(join(ROOT, f), 'utf8')))
      .sort();
    expect(mocking.filter((f) => !UNIT_ISOLATED.includes(f))).toEqual([]);
  });

  it('lists only unit files that exist and need it', () => {
    const files = new Set(unitFiles());
    for (const f of UNIT_ISOLATED) {
      expect(files.has(f), f).toBe(true);
      expect(PROCESS_WIDE_MOCK.test(readFileSync(join(ROOT, f), 'utf8')), f).toBe(true);
    }
  });

  it('recognises the ways a file mocks for the whole process', () => {
    for (const text of [
      "vi.mock('./x.js')",
      'vi.doMock(path, factory)',
      "vi.stubGlobal('fetch', f)",
      "vi.stubEnv('TZ', 'UTC')",
      'const s3 = mockClient(S3Client);',
    ])
      expect(PROCESS_WIDE_MOCK.test(text), text).toBe(true);
    for (const text of ["vi.spyOn(console, 'error')", 'vi.fn()', 'vi.mocked(f)', 'unmockClient()'])
      expect(PROCESS_WIDE_MOCK.test(text), text).toBe(false);
  });
});
