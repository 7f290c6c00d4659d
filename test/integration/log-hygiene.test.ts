import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../local/platform.js';
import { COMPANY, captureOutput, ID_NUMBER, LEGAL_REP, PERSONAL } from '../support/log-capture.js';
import { admitSample, testPlatform } from '../support/platform.js';

// Debug level: whatever a step might log at any level is captured and checked.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

type Json = unknown;

describe('log hygiene', () => {
  let platform: Platform;
  let capture: ReturnType<typeof captureOutput>;
  const payloads: { state: string; io: 'input' | 'output'; value: Json }[] = [];

  beforeAll(async () => {
    capture = captureOutput();
    platform = await testPlatform();
    // The runtime's history keeps state names, not payloads: tap every Task's input and output
    // (what states pass between them) and every execution's input where the runtime takes them.
    const runtime = platform.runtime as unknown as {
      overrides: Record<string, (input: Json) => Promise<Json>>;
      start: (name: string, input: Record<string, unknown>) => Promise<void>;
    };
    for (const [state, run] of Object.entries(runtime.overrides)) {
      runtime.overrides[state] = async (input) => {
        payloads.push({ state, io: 'input', value: input });
        const output = await run(input);
        payloads.push({ state, io: 'output', value: output });
        return output;
      };
    }
    const start = runtime.start.bind(runtime);
    runtime.start = (name, input) => {
      payloads.push({ state: `start:${name}`, io: 'input', value: input });
      return start(name, input);
    };
  });
  afterAll(async () => {
    capture?.restore();
    await platform.stop();
  });

  it('keeps names and ID numbers out of logs and state payloads during a full admission', async () => {
    const { record } = await admitSample(platform, {
      applicationId: 'hygiene-admitted',
      seller: { companyName: COMPANY, legalRepresentative: LEGAL_REP },
      legalRepId: { data: { name: LEGAL_REP, idNumber: ID_NUMBER } },
      decisions: {
        review: { outcome: 'approve' },
        labResults: {},
        signature: { accept: true, signerName: LEGAL_REP },
      },
    });
    expect(record.status).toBe('ADMITTED');
    if (record.status === 'ERROR') return;
    // The documents were really read: the personal data exists in the record, so its absence
    // below means it was kept out, not that it was never there.
    expect(JSON.stringify(record)).toContain(COMPANY);

    const executions = [...platform.runtime.executions.values()].filter(
      (e) => e.applicationId === 'hygiene-admitted',
    );
    expect(executions.length).toBeGreaterThan(0);
    expect(payloads.length).toBeGreaterThan(20);
    const stateText = JSON.stringify([
      payloads,
      executions.map((e) => [e.history, e.output ?? null, e.error ?? null]),
    ]);
    const logText = capture.written.join('\n');
    for (const secret of PERSONAL) {
      const where = payloads
        .filter((p) => JSON.stringify(p.value).includes(secret))
        .map((p) => `${p.state}:${p.io}:${JSON.stringify(p.value).slice(0, 300)}`);
      expect(where, `state payloads hold ${secret}`).toEqual([]);
      expect(stateText.includes(secret), `state payloads hold ${secret}`).toBe(false);
      expect(logText.includes(secret), `logs hold ${secret}`).toBe(false);
    }
  });

  it('keeps them out on the rejection and appeal paths too, reviewer notes included', async () => {
    const { record } = await admitSample(platform, {
      applicationId: 'hygiene-rejected',
      category: 'drugs',
      seller: { companyName: COMPANY, legalRepresentative: LEGAL_REP },
      legalRepId: { data: { name: LEGAL_REP, idNumber: ID_NUMBER } },
      decisions: {
        appeal: {
          documents: [],
          outcome: 'dismiss',
          note: `${LEGAL_REP} (${ID_NUMBER}) called; still drugs`,
        },
      },
    });
    expect(record.status).toBe('REJECTED');
    const executions = [...platform.runtime.executions.values()].filter(
      (e) => e.applicationId === 'hygiene-rejected',
    );
    // The rejection's execution and the appeal's.
    expect(executions.length).toBeGreaterThanOrEqual(2);
    const stateText = JSON.stringify([
      payloads,
      executions.map((e) => [e.history, e.output ?? null, e.error ?? null]),
    ]);
    const logText = capture.written.join('\n');
    for (const secret of PERSONAL) {
      expect(stateText.includes(secret), `state payloads hold ${secret}`).toBe(false);
      expect(logText.includes(secret), `logs hold ${secret}`).toBe(false);
    }
  });
});
