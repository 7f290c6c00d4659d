/**
 * One spot-check round driven end to end over the local platform (persistent store or not):
 * admitted sellers seeded once, a round started unless one exists, every booking answered as a
 * lab would through the same use case as the lab's API route, until the round is DONE.
 * Run again over the same store after a kill, it re-drives the round and answers what is left.
 *
 *   tsx bench/spotcheck/round.ts --store DIR [--sellers 250] [--skus 5] [--sample 1000] [--seed S]
 *
 * stdout: one JSON summary line. stderr: progress (`booked N/M`, `posted N/M`).
 */
import { parseArgs } from 'node:util';
import type { Container } from '../../lambdas/adapters/container.js';
import type { AdmittedEvent } from '../../lambdas/domain/governance/events.js';
import type { Lab } from '../../lambdas/domain/labs.js';
import type { SpotBooking } from '../../lambdas/ports/spot-checks.js';
import { postSpotCheckResult, startRound } from '../../lambdas/usecases/spot-checks.js';
import { type Platform, startEmulators, startPlatform } from '../../local/platform.js';

/** A second eligible lab beside the bundled one, so bookings go to labs in turn. */
export const SECOND_LAB: Lab = {
  labId: 'lab-bench-ningbo',
  name: 'Bench Ningbo Testing',
  accreditations: ['CNAS', 'CMA'],
  registeredOn: '2010-05-01',
  registeredCapitalYuan: 20_000_000,
  ownLaboratories: 24,
};

export const usccOf = (i: number) => `9133${String(i).padStart(13, '0')}X`;

/** Admitted sellers, each with `skus` SKUs; one already there is left as it is. */
export async function seedSellers(c: Container, sellers: number, skus: number): Promise<void> {
  await c.portal.putLab(SECOND_LAB, 'ops:bench');
  const at = c.clock.now().toISOString();
  const ids = Array.from({ length: sellers }, (_, i) => i);
  const worker = async () => {
    for (let i = ids.shift(); i !== undefined; i = ids.shift()) {
      const applicationId = `spot-seller-${String(i).padStart(5, '0')}`;
      if (await c.applications.get(applicationId)) continue;
      const uscc = usccOf(i);
      const skuIds = Array.from({ length: skus }, (_, k) => `SKU-${i}-${k}`);
      await c.applications.create(
        {
          application: {
            applicationId,
            applicationDate: at.slice(0, 10),
            seller: { companyName: `Seller ${i} Co., Ltd.`, uscc },
            category: 'home',
            skus: skuIds.map((sku) => ({ sku, monthlyCapacity: 6000 })),
            sampleSkus: skuIds.slice(0, 1),
            documents: [],
          },
          status: 'ADMITTED',
          createdAt: at,
          updatedAt: at,
        },
        { at, actor: 'bench', action: 'admitted' },
      );
      const admitted: AdmittedEvent = {
        type: 'admitted',
        applicationId,
        uscc,
        date: at.slice(0, 10),
        category: 'home',
        skus: skuIds,
      };
      await c.governanceEvents.append(uscc, [admitted]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The lab's answer for a booking: every 5th fails, alternately a safety finding and a minor one. */
export function labAnswer(b: Pick<SpotBooking, 'bookingNo'>): { passed: boolean; findings: string[] } {
  if (b.bookingNo % 5 !== 0) return { passed: true, findings: [] };
  return { passed: false, findings: b.bookingNo % 10 === 0 ? ['FORMALDEHYDE'] : ['LABELLING'] };
}

/** Answers every booked spot check without a result, as its lab; returns how many it posted. */
export async function answerBooked(c: Container, roundId: string, limit = Infinity): Promise<number> {
  const open = (await c.spotChecks.listBookings(roundId)).filter((b) => b.labId && !b.result);
  const queue = open.slice(0, limit);
  let posted = 0;
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      await postSpotCheckResult(
        c,
        b.labId as string,
        { roundId, bookingNo: b.bookingNo },
        { ...labAnswer(b), postedBy: `lab:${b.labId}` },
      );
      posted++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return posted;
}

export interface RoundSummary {
  roundId: string;
  sample: number;
  bookings: number;
  results: number;
  recorded: number;
  overdue: number;
  /** Read back from the sellers' histories: nothing lost, nothing doubled. */
  spotCheckEvents: number;
  violations: number;
  failedResults: number;
  labs: Record<string, number>;
  status: string;
  seconds: number;
  cpuSeconds: number;
  resumed: boolean;
}

export async function driveRound(
  platform: Platform,
  opts: {
    sellers: number;
    skus: number;
    sample: number;
    seed: string;
    /** Post this many results, then stop answering (a run to be killed mid-round). */
    stopAfter?: number;
    log?: (line: string) => void;
  },
): Promise<RoundSummary> {
  const c = platform.container;
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const cpu = process.cpuUsage();
  await seedSellers(c, opts.sellers, opts.skus);
  const existing = (await c.spotChecks.listRounds(1))[0];
  const roundId =
    existing?.roundId ??
    (await startRound(c, { sampleSize: opts.sample, seed: opts.seed, startedBy: 'ops:bench' })).roundId;
  if (existing) log(`resuming round ${roundId}`);
  let posted = 0;
  for (;;) {
    const round = await c.spotChecks.getRound(roundId);
    if (round?.status === 'DONE') break;
    const n = await answerBooked(c, roundId, (opts.stopAfter ?? Infinity) - posted);
    if (n > 0) {
      posted += n;
      const booked = (await c.spotChecks.listBookings(roundId)).filter((b) => b.labId).length;
      log(`booked ${booked}/${round?.bookings ?? '?'} posted ${posted}`);
    }
    await new Promise((r) => setTimeout(r, n > 0 ? 20 : 200));
  }
  const bookings = await c.spotChecks.listBookings(roundId);
  const labs: Record<string, number> = {};
  for (const b of bookings) if (b.labId) labs[b.labId] = (labs[b.labId] ?? 0) + 1;
  let spotCheckEvents = 0;
  let violations = 0;
  for (const uscc of new Set(bookings.map((b) => b.uscc))) {
    const events = await c.governanceEvents.forUscc(uscc);
    spotCheckEvents += events.filter((e) => e.type === 'spot_check').length;
    violations += events.filter((e) => e.type === 'violation' && e.violationId.startsWith('spot:')).length;
  }
  const used = process.cpuUsage(cpu);
  return {
    roundId,
    sample: opts.sample,
    bookings: bookings.length,
    results: bookings.filter((b) => b.result).length,
    recorded: bookings.filter((b) => b.recordedAt).length,
    overdue: bookings.filter((b) => b.overdueAt).length,
    spotCheckEvents,
    violations,
    failedResults: bookings.filter((b) => b.result && !b.result.passed).length,
    labs,
    status: (await c.spotChecks.getRound(roundId))?.status ?? 'missing',
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    resumed: existing !== undefined,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string' },
      sellers: { type: 'string', default: '250' },
      skus: { type: 'string', default: '5' },
      sample: { type: 'string', default: '1000' },
      seed: { type: 'string', default: 'bench-seed' },
      'stop-after': { type: 'string' },
    },
  });
  const emulators = await startEmulators(values.store ? { storeDir: values.store } : {});
  const platform = await startPlatform({ emulators });
  try {
    const summary = await driveRound(platform, {
      sellers: Number(values.sellers),
      skus: Number(values.skus),
      sample: Number(values.sample),
      seed: values.seed as string,
      ...(values['stop-after'] ? { stopAfter: Number(values['stop-after']) } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await platform.stop();
    await emulators.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
