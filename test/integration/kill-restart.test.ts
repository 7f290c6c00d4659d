/**
 * A real process kill (issue 8): `admit` over a persistent store is SIGKILLed mid-flight (its
 * DynamoDB Local with it), then run again over the same store. Every application must finish,
 * and nothing may be doubled: one submission, one booking per sample attempt, one result each,
 * one signature, one active fee schedule.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoApplicationRepository } from '../../lambdas/adapters/dynamo-repository.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../../local/emulators.js';
import { LOCAL_TABLE } from '../../local/platform.js';
import { writeApplicationFolder } from '../support/docgen/index.js';
import { scratchDir } from '../support/platform.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const APPS = 4;

function admit(
  folders: string[],
  store: string,
): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bin/admit.ts', ...folders, '--store', store, '--concurrency', '2'],
    // Its own process group, so a kill takes DynamoDB Local down with it, as a crash would.
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return { child, stdout: () => out, stderr: () => err };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));

describe('admit killed mid-flight and run again', () => {
  it('finishes every application once, with nothing lost or doubled', async () => {
    const store = scratchDir('kill-store-');
    const folders: string[] = [];
    for (let i = 1; i <= APPS; i++) {
      const folder = join(scratchDir('kill-app-'), `kill-${i}`);
      await writeApplicationFolder(folder, {
        applicationId: `kill-${i}`,
        decisions: { labResults: {}, signature: { accept: true, signerName: '张三' } },
      });
      folders.push(folder);
    }

    // First run: killed as soon as an application is waiting on a person (mid-flight).
    const first = admit(folders, store);
    const firstExit = exited(first.child);
    const deadline = Date.now() + 90_000;
    while (!/AWAITING_(LAB_RESULTS|SIGNATURE)/.test(first.stderr()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(first.stderr()).toMatch(/AWAITING_/);
    process.kill(-(first.child.pid as number), 'SIGKILL');
    await firstExit;
    const doneBefore = first.stdout().trim().split('\n').filter(Boolean).length;
    expect(doneBefore).toBeLessThan(APPS);

    // Second run over the same store.
    const second = admit(folders, store);
    expect(await exited(second.child)).toBe(0);
    const records = second
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { applicationId: string; status: string });
    expect(records.map((r) => [r.applicationId, r.status])).toEqual(
      folders.map((_, i) => [`kill-${i + 1}`, 'ADMITTED']),
    );
    // At least one application was caught waiting: the second run resumes it.
    expect(second.stderr()).toMatch(/resuming at/);

    // Nothing doubled, read straight from the store.
    const dynamo = await startDynamoDbLocal({ dataDir: join(store, 'dynamodb') });
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    );
    try {
      const repo = new DynamoApplicationRepository(db, LOCAL_TABLE);
      for (let i = 1; i <= APPS; i++) {
        const id = `kill-${i}`;
        const events = await repo.listEvents(id);
        const count = (action: string) => events.filter((e) => e.action === action).length;
        expect({ id, submitted: count('submitted'), signed: count('agreement_signed') }).toEqual({
          id,
          submitted: 1,
          signed: 1,
        });
        const bookings = await repo.listBookings(id);
        // Every sample passes on its first attempt: one booking and one result per sample.
        expect(bookings.map((b) => b.attempt)).toEqual(bookings.map(() => 1));
        expect(bookings.every((b) => b.result?.passed)).toBe(true);
        expect(count('lab_result_posted')).toBe(bookings.length);
        expect(await repo.getResult(id, 'feeSchedule')).not.toBeNull();
      }
    } finally {
      db.destroy();
      await dynamo.stop();
    }
  }, 240_000);
});
