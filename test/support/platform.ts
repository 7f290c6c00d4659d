import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type AdmitRecord, admitFolder } from '../../local/admit.js';
import { ManualClock } from '../../local/clock.js';
import { type Emulators, type Platform, type PlatformOptions, startPlatform } from '../../local/platform.js';
import { type SampleApplicationSpec, writeApplicationFolder } from './docgen/index.js';

/** The run's shared emulators, as the global setup started them (stopped by it, not here). */
export function sharedEmulators(): Emulators {
  return {
    dynamo: { endpoint: inject('dynamoEndpoint'), stop: async () => {} },
    s3: { endpoint: inject('s3Endpoint'), stop: async () => {} },
    stop: async () => {},
  };
}

let tables = 0;

/** A platform over the shared emulators with a table of its own. */
export function testPlatform(opts: Partial<PlatformOptions> = {}): Promise<Platform> {
  tables++;
  return startPlatform({
    emulators: sharedEmulators(),
    tableName: `t-${process.pid}-${tables}-${Date.now()}`,
    // A bucket of its own too: statements issued for a period in one test are not another's.
    bucket: `b-${process.pid}-${tables}-${Date.now()}`,
    clock: new ManualClock('2026-11-20T01:00:00.000Z'),
    redrive: false,
    ...opts,
  });
}

export function scratchDir(prefix = 'app-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a generated application folder and runs it through `admit`'s driver. */
export async function admitSample(
  platform: Platform,
  spec: SampleApplicationSpec,
): Promise<{ record: AdmitRecord; dir: string }> {
  const dir = join(scratchDir(), 'folder');
  await writeApplicationFolder(dir, spec);
  return { record: await admitFolder(platform, dir), dir };
}

export function codes(record: AdmitRecord): { reject: string[]; flag: string[] } {
  if (record.status === 'ERROR') return { reject: [], flag: [] };
  const pick = (o: string) =>
    [...new Set(record.reasons.filter((r) => r.outcome === o).map((r) => r.code))].sort();
  return { reject: pick('reject'), flag: pick('flag') };
}

/** The states an application's executions entered, in order. */
export function statesEntered(platform: Platform, applicationId: string): string[] {
  return [...platform.runtime.executions.values()]
    .filter((e) => e.applicationId === applicationId)
    .flatMap((e) => e.history.filter((h) => h.type === 'StateEntered').map((h) => h.state as string));
}
