import { describe, expect, it } from 'vitest';
import { faultsFromEnv } from '../../../local/faults.js';

describe('faultsFromEnv', () => {
  it('reads fault rules from ADMISSION_FAULTS', () => {
    const env = {
      ADMISSION_FAULTS: JSON.stringify([
        { state: 'BookSamples', transientFailures: 2, afterEffect: true },
        { state: 'IssueAgreement', timeouts: 1 },
        { state: 'CheckLicence', delayMs: 500 },
      ]),
    };
    expect(faultsFromEnv(env)).toHaveLength(3);
    expect(faultsFromEnv({})).toEqual([]);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an unknown key', '[{"state":"X","explode":true}]', /invalid/],
    ['a negative count', '[{"state":"X","timeouts":-1}]', /0\.timeouts/],
  ])('refuses %s, naming what is wrong', (_name, value, message) => {
    expect(() => faultsFromEnv({ ADMISSION_FAULTS: value })).toThrow(message);
  });
});
