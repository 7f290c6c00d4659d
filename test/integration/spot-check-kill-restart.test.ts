/**
 * A spot-check round survives a real process kill (issue 18): the round's driver over a persistent
 * store is SIGKILLed after some lab results were posted (their recording slowed, so some are
 * posted but not yet recorded), then run again over the same store. The round must finish with
 * every booking answered and recorded once: the same pick, one spot_check event per booking, one
 * violation per failure (serious for a safety finding), labs in turn.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { labAnswer, type RoundSummary, SECOND_LAB, usccOf } from '../../bench/spotcheck/round.js';
import { DynamoGovernanceEventRepository } from '../../lambdas/adapters/dynamo-governance.js';
import { DynamoSpotCheckRepository } from '../../lambdas/adapters/dynamo-spot-checks.js';
import { chinaDateOf } from '../../lambdas/domain/calendar.js';
import type { GovernanceEvent } from '../../lambdas/domain/governance/events.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../../local/emulators.js';
import { LOCAL_TABLE } from '../../local/platform.js';
import { scratchDir } from '../support/platform.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SELLERS = 12;
const SAMPLE = 30;

function drive(store: string, extra: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/spotcheck/round.ts',
      '--store',
      store,
      '--sellers',
      String(SELLERS),
      '--skus',
      '4',
      '--sample',
      String(SAMPLE),
      ...extra,
    ],
    // Its own process group, so a kill takes DynamoDB Local down with it, as a crash would.
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, exit, stdout: () => out, stderr: () => err };
}

describe('a spot-check round killed mid-round and run again', () => {
  it('answers and records every booking once', async () => {
    const store = scratchDir('spot-kill-');

    // First run: 12 results posted, each recorded 400 ms late; killed as soon as the 12th is in.
    const first = drive(store, ['--stop-after', '12'], {
      ADMISSION_FAULTS: JSON.stringify([{ state: 'RecordSpotCheckResult', delayMs: 400 }]),
    });
    const deadline = Date.now() + 150_000;
    while (!/posted 12\b/.test(first.stderr()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(first.stderr()).toMatch(/posted 12\b/);
    process.kill(-(first.child.pid as number), 'SIGKILL');
    await first.exit;
    expect(first.stdout()).toBe('');

    // Second run over the same store: the platform re-drives the round; the lab answers the rest.
    const second = drive(store, []);
    expect(await second.exit, second.stderr()).toBe(0);
    const summary = JSON.parse(second.stdout().trim()) as RoundSummary;
    expect(summary).toMatchObject({
      bookings: SAMPLE,
      results: SAMPLE,
      recorded: SAMPLE,
      status: 'DONE',
      resumed: true,
    });

    // Read straight from the store: nothing lost, nothing doubled.
    const dynamo = await startDynamoDbLocal({ dataDir: join(store, 'dynamodb') });
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    );
    try {
      const bookings = await new DynamoSpotCheckRepository(db, LOCAL_TABLE).listBookings(summary.roundId);
      expect(bookings.map((b) => b.bookingNo)).toEqual([...Array(SAMPLE).keys()]);
      expect(new Set(bookings.map((b) => `${b.uscc}/${b.sku}`)).size).toBe(SAMPLE);
      const labs = ['lab-cti-shenzhen', SECOND_LAB.labId].sort();
      expect(bookings.map((b) => b.labId)).toEqual(bookings.map((b) => labs[b.bookingNo % 2]));
      for (const b of bookings) expect(b.result?.passed, `booking ${b.bookingNo}`).toBe(labAnswer(b).passed);

      const governance = new DynamoGovernanceEventRepository(db, LOCAL_TABLE);
      const events: GovernanceEvent[] = [];
      for (let i = 0; i < SELLERS; i++) events.push(...(await governance.forUscc(usccOf(i))));
      const checks = events.filter((e) => e.type === 'spot_check');
      const violations = events.filter((e) => e.type === 'violation');
      expect(checks).toHaveLength(SAMPLE);
      const failed = bookings.filter((b) => !labAnswer(b).passed);
      expect(violations.map((v) => v.violationId).sort()).toEqual(
        failed.map((b) => `spot:${b.uscc}:${b.sku}:${chinaDateOf(b.result?.postedAt ?? '')}`).sort(),
      );
      const serious = violations.filter((v) => v.severity === 'serious').length;
      expect(serious).toBe(failed.filter((b) => labAnswer(b).findings.includes('FORMALDEHYDE')).length);
      expect(serious).toBeGreaterThan(0);
      expect(violations.length - serious).toBeGreaterThan(0);
    } finally {
      db.destroy();
      await dynamo.stop();
    }
  }, 400_000);
});
