/**
 * A governance event history read in any order, then resolved at an as-of date: which violations
 * stand (known seller, first of their id), their fixes and appeals, and each admitted seller's
 * standing. Anything that cannot be applied is a reject naming where it came from, and the rest
 * goes on (SPEC "Driving it headless: governance").
 *
 * Events dated after the as-of date are ignored before anything else: for the as-of date they have
 * not happened, so a fix or appeal naming a violation dated later names an unknown one.
 */
import { decideAppeals } from './appeals.js';
import {
  type AdmittedEvent,
  type AppealEvent,
  type FixConfirmedEvent,
  type GovernanceEvent,
  type SpotCheckEvent,
  spotCheckViolation,
  type ViolationEvent,
} from './events.js';
import type { GovernanceSettings } from './settings.js';
import { type GovernedViolation, type Standing, standing } from './standing.js';

export interface Source {
  file: string;
  /** 1-based. */
  line: number;
}

export interface Reject extends Source {
  reason: string;
}

/** One admitted seller's record: SPEC's fields, in SPEC's order. */
export interface SellerRecord extends Standing {
  applicationId: string;
  uscc: string;
}

export interface GovernanceResult {
  sellers: SellerRecord[];
  rejects: Reject[];
}

interface Sourced<E> {
  event: E;
  source: Source;
  /** Its place in the input (file, then line): rejects are listed in it, ties of date broken by it. */
  seq: number;
}

interface StandingViolation extends GovernedViolation {
  violationId: string;
  uscc: string;
}

export class GovernanceLedger {
  /** Files in the order first seen: an event's order is (file, line), however it was added. */
  private readonly files = new Map<string, number>();
  private readonly admissions: Sourced<AdmittedEvent>[] = [];
  private readonly violations: Sourced<ViolationEvent | SpotCheckEvent>[] = [];
  private readonly fixes: Sourced<FixConfirmedEvent>[] = [];
  private readonly appeals: Sourced<AppealEvent>[] = [];
  private readonly rejected: (Reject & { seq: number })[] = [];
  /**
   * Passed spot checks, most of the events: only their USCC is checked, so they are kept as the
   * lines each USCC's checks were read from, per file.
   */
  private readonly passed = new Map<string, { file: string; lines: number[] }[]>();

  constructor(
    readonly asOf: string,
    private readonly settings: GovernanceSettings,
  ) {}

  private order(file: string, line: number): number {
    let i = this.files.get(file);
    if (i === undefined) {
      i = this.files.size;
      this.files.set(file, i);
    }
    return i * 2 ** 32 + line;
  }

  /** Records an event read from `source`; one dated after the as-of date is ignored. */
  add(event: GovernanceEvent, source: Source): void {
    if (event.date > this.asOf) return;
    const seq = this.order(source.file, source.line);
    switch (event.type) {
      case 'admitted':
        this.admissions.push({ event, source, seq });
        break;
      case 'spot_check':
        if (event.passed) this.addPassedSpotChecks(event.uscc, source.file, [source.line]);
        else this.violations.push({ event, source, seq });
        break;
      case 'violation':
        this.violations.push({ event, source, seq });
        break;
      case 'fix_confirmed':
        this.fixes.push({ event, source, seq });
        break;
      case 'appeal':
        this.appeals.push({ event, source, seq });
        break;
    }
  }

  /**
   * The same as add() of passed spot checks of one USCC dated on or before the as-of date, read
   * from these lines of a file, without the events themselves.
   */
  addPassedSpotChecks(uscc: string, file: string, lines: number[]): void {
    this.order(file, 0);
    const blocks = this.passed.get(uscc);
    const last = blocks?.at(-1);
    if (last?.file === file) for (const l of lines) last.lines.push(l);
    else if (blocks) blocks.push({ file, lines: [...lines] });
    else this.passed.set(uscc, [{ file, lines: [...lines] }]);
  }

  /** A line that is not an event (bad JSON, a bad field): listed where it was read. */
  reject(source: Source, reason: string): void {
    this.rejected.push({ ...source, reason, seq: this.order(source.file, source.line) });
  }

  resolve(): GovernanceResult {
    // "The first recorded" of a duplicate is the first in the input, whatever order events came in.
    for (const list of [this.admissions, this.violations] as Sourced<unknown>[][])
      if (list.some((x, i) => i > 0 && (list[i - 1] as Sourced<unknown>).seq > x.seq))
        list.sort((x, y) => x.seq - y.seq);
    const rejects = [...this.rejected];
    const reject = (s: Sourced<unknown>, reason: string) => rejects.push({ ...s.source, reason, seq: s.seq });

    const admissions = new Map<string, AdmittedEvent>();
    const admittedUsccs = new Set<string>();
    for (const a of this.admissions) {
      if (admissions.has(a.event.applicationId)) {
        reject(a, `admission of ${a.event.applicationId} recorded twice`);
        continue;
      }
      admissions.set(a.event.applicationId, a.event);
      admittedUsccs.add(a.event.uscc);
    }

    for (const [uscc, blocks] of this.passed) {
      if (admittedUsccs.has(uscc)) continue;
      for (const { file, lines } of blocks)
        for (const line of lines)
          rejects.push({
            file,
            line,
            reason: `spot check of USCC ${uscc}, which has no admission`,
            seq: this.order(file, line),
          });
    }

    const byId = new Map<string, StandingViolation>();
    for (const s of this.violations) {
      const e = s.event;
      if (!admittedUsccs.has(e.uscc)) {
        reject(
          s,
          `${e.type === 'spot_check' ? 'spot check' : 'violation'} of USCC ${e.uscc}, which has no admission`,
        );
        continue;
      }
      const v = e.type === 'spot_check' ? spotCheckViolation(e, this.settings.safetyFindings) : e;
      if (!v) continue;
      if (byId.has(v.violationId)) {
        reject(s, `violation ${v.violationId} recorded twice`);
        continue;
      }
      byId.set(v.violationId, {
        violationId: v.violationId,
        uscc: v.uscc,
        date: v.date,
        severity: v.severity,
        impact: v.impact,
        skus: v.skus,
        fixedOn: null,
        voidedOn: null,
      });
    }

    for (const f of this.fixes) {
      const v = byId.get(f.event.violationId);
      if (!v) reject(f, `fix of unknown violation ${f.event.violationId}`);
      else if (v.fixedOn == null || f.event.date < v.fixedOn) v.fixedOn = f.event.date;
    }

    const appealsOf = new Map<string, Sourced<AppealEvent>[]>();
    for (const a of this.appeals) {
      if (!byId.has(a.event.violationId)) {
        reject(a, `appeal of unknown violation ${a.event.violationId}`);
        continue;
      }
      const list = appealsOf.get(a.event.violationId);
      if (list) list.push(a);
      else appealsOf.set(a.event.violationId, [a]);
    }
    for (const [violationId, list] of appealsOf) {
      const v = byId.get(violationId) as StandingViolation;
      list.sort((x, y) =>
        x.event.date < y.event.date ? -1 : x.event.date > y.event.date ? 1 : x.seq - y.seq,
      );
      const decided = decideAppeals(
        v.date,
        list.map((a) => ({ date: a.event.date, outcome: a.event.outcome, sourced: a })),
        this.settings,
      );
      v.voidedOn = decided.voidedOn;
      for (const { appeal, refusal } of decided.refused)
        reject(
          appeal.sourced,
          refusal.kind === 'late'
            ? `appeal of violation ${violationId} dated ${appeal.date}, more than ${this.settings.appealWindowDays} days after it (last day ${refusal.lastDay})`
            : `second appeal of violation ${violationId} (the first was dated ${refusal.first})`,
        );
    }

    const ofUscc = new Map<string, StandingViolation[]>();
    for (const v of byId.values()) {
      const list = ofUscc.get(v.uscc);
      if (list) list.push(v);
      else ofUscc.set(v.uscc, [v]);
    }
    const sellers: SellerRecord[] = [];
    const ids = [...admissions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const applicationId of ids) {
      const a = admissions.get(applicationId) as AdmittedEvent;
      sellers.push({
        applicationId,
        uscc: a.uscc,
        ...standing(a, ofUscc.get(a.uscc) ?? [], this.asOf, this.settings),
      });
    }
    rejects.sort((x, y) => x.seq - y.seq);
    return { sellers, rejects: rejects.map(({ file, line, reason }) => ({ file, line, reason })) };
  }
}
