import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { stringifyMoney } from '../lambdas/domain/settlement/totals.js';
import type { DocumentStore } from '../lambdas/ports/index.js';
import type { Notifications } from '../lambdas/ports/notifications.js';
import type { IssuedStatements, StatementIssuer } from '../lambdas/ports/portal.js';
import type { ApplicationRepository, ViolationRepository } from '../lambdas/ports/repository.js';
import { AlreadyDecidedError } from '../lambdas/shared/errors.js';
import { issuedPrefix, issuedSummaryKey } from '../lambdas/statements/names.js';
import { runStatements } from '../lambdas/statements/run.js';
import { statementIssuedEvents } from '../lambdas/usecases/statement-notify.js';
import { admittedFeeSchedules } from '../lambdas/usecases/statements.js';

const CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

/**
 * Locally, finance's "issue statements" runs the same code as `npm run statements` over every
 * order file in the bucket (`orders/`; a line belongs to the period its settlement date falls in) and stores what it wrote under `statements/issued/<period>/`, each file
 * written once. (On AWS the statement job does the summing: lib/statement-job.ts.)
 */
export class LocalStatementIssuer implements StatementIssuer {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly documents: DocumentStore,
    private readonly applications: ApplicationRepository,
    private readonly violations: ViolationRepository,
    private readonly clock: { now(): Date },
    /** Tells each statement's seller (statement.issued), once per event id. */
    private readonly notifications?: Notifications,
  ) {}

  private async tell(issued: IssuedStatements): Promise<void> {
    for (const e of statementIssuedEvents(issued)) await this.notifications?.publish(e);
  }

  async issued(period: string): Promise<IssuedStatements | null> {
    const bytes = await this.documents.get(issuedSummaryKey(period));
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as IssuedStatements) : null;
  }

  async issue(period: string, by: string): Promise<IssuedStatements> {
    const before = await this.issued(period);
    if (before) {
      // A crash between the record and its events is repaired here: the same ids, kept once.
      await this.tell(before);
      throw new AlreadyDecidedError(`statements of ${period} were issued already`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'issue-statements-'));
    try {
      const orders: string[] = [];
      for await (const page of paginateListObjectsV2(
        { client: this.s3 },
        { Bucket: this.bucket, Prefix: 'orders/' },
      )) {
        for (const o of page.Contents ?? []) {
          const bytes = o.Key ? await this.documents.get(o.Key) : null;
          if (!bytes) continue;
          const file = join(dir, `${orders.length}-${basename(o.Key as string)}`);
          writeFileSync(file, bytes);
          orders.push(file);
        }
      }
      const out = join(dir, 'out');
      const { summary, written } = await runStatements({
        period,
        orders,
        schedules: await admittedFeeSchedules(this.applications, this.violations, period),
        outDir: out,
        threads: 1,
      });
      const prefix = issuedPrefix(period);
      const files: IssuedStatements['files'] = [];
      for (const w of written) {
        const entry: IssuedStatements['files'][number] = {
          applicationId: w.applicationId,
          currency: w.currency,
        };
        for (const kind of ['json', 'csv', 'pdf'] as const) {
          const path = w[kind];
          if (!path) continue;
          const key = `${prefix}/${basename(path)}`;
          await this.documents.putIfAbsent(key, readFileSync(path), CONTENT_TYPES[kind]);
          entry[kind] = key;
        }
        files.push(entry);
      }
      const issued: IssuedStatements = {
        period,
        issuedAt: this.clock.now().toISOString(),
        issuedBy: by,
        // Rejects name the order object, not the temporary copy.
        summary: JSON.parse(
          stringifyMoney({
            ...summary,
            rejects: summary.rejects.map((r) => ({
              ...r,
              file: r.file.replace(`${dir}/`, '').replace(/^\d+-/, ''),
            })),
          }),
        ),
        files,
      };
      const stored = await this.documents.putIfAbsent(
        issuedSummaryKey(period),
        new TextEncoder().encode(JSON.stringify(issued)),
        'application/json',
      );
      if (!stored) throw new AlreadyDecidedError(`statements of ${period} were issued already`);
      await this.tell(issued);
      return issued;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
