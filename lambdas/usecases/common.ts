import { createHash } from 'node:crypto';
import type { Container } from '../adapters/container.js';
import { CONTENT_TYPE_BY_EXTENSION } from '../domain/documents.js';
import type { Reason } from '../domain/model.js';
import type { RuleSettings } from '../domain/settings.js';
import type { ApplicationRecord, StoredReason } from '../ports/repository.js';
import { NotFoundError } from '../shared/errors.js';

export async function requireApplication(c: Container, applicationId: string): Promise<ApplicationRecord> {
  const record = await c.applications.get(applicationId);
  if (!record) throw new NotFoundError(`application ${applicationId} not found`);
  return record;
}

/** The rules an application is decided under: the version current when it was submitted. */
export async function rulesOf(c: Container, record: ApplicationRecord): Promise<RuleSettings> {
  if (!record.rulesVersion) return (await c.rulesConfig.current()).settings;
  const pinned = await c.rulesConfig.get(record.rulesVersion);
  if (!pinned) throw new NotFoundError(`rules version ${record.rulesVersion} is missing`);
  return pinned.settings;
}

export async function rulesFor(c: Container, applicationId: string): Promise<RuleSettings> {
  return rulesOf(c, await requireApplication(c, applicationId));
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The content type of an accepted file, by its extension. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPE_BY_EXTENSION[file.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** A seller's file name as a safe, readable suffix of a key the server chose (never `.` or `..`). */
export function safeFileName(file: string): string {
  return file
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
    .slice(-80);
}

/**
 * A seller's file name as it is shown back: no control or format characters (U+202E would show
 * `gpj.exe` as `exe.jpg`), no path, spaces collapsed; null when nothing naming a file is left.
 */
export function displayFileName(file: string): string | null {
  const name = file
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .split(/[\\/]/)
    .pop()
    ?.replace(/\s+/g, ' ')
    .trim();
  return name && !/^\.*$/.test(name) ? name.slice(0, 200) : null;
}

/** A stable key per reason, so a step run twice raises each reason once. */
export function toStored(reasons: Reason[], raisedAt: string, scope = ''): StoredReason[] {
  return reasons.map((r) => ({
    ...r,
    key: [r.step, r.code, scope, r.document ?? '', r.field ?? ''].join('|'),
    raisedAt,
  }));
}

/** The scope a stored reason was raised under (`review_checks#1`, `appeal#2`; '' for a check's). */
export function scopeOf(r: Pick<StoredReason, 'key'>): string {
  return r.key.split('|')[2] ?? '';
}

/** Resolutions that take a reason out of the decision (a reviewer's approval, an upheld appeal). */
const CLEARING = new Set(['approved', 'overridden_by_appeal']);

/** The outcome of the reasons of some steps as they stand now, cleared ones left out. */
export async function standingOutcome(
  c: Container,
  applicationId: string,
  steps: readonly Reason['step'][],
): Promise<'reject' | 'flag' | 'pass'> {
  const reasons = await c.applications.listReasons(applicationId);
  return outcomeOf(
    reasons.filter((r) => steps.includes(r.step) && !(r.resolution && CLEARING.has(r.resolution))),
  );
}

export function isCleared(r: Pick<Reason, 'resolution'>): boolean {
  return r.resolution !== undefined && CLEARING.has(r.resolution);
}

export function outcomeOf(reasons: Pick<Reason, 'outcome'>[]): 'reject' | 'flag' | 'pass' {
  if (reasons.some((r) => r.outcome === 'reject')) return 'reject';
  if (reasons.some((r) => r.outcome === 'flag')) return 'flag';
  return 'pass';
}

/** Seconds from now until an ISO instant, at least 1 (Step Functions' minimum timeout). */
export function secondsUntil(now: Date, iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
}
