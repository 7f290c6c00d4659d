import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEventLine, toEvent } from '../../../lambdas/governance/event-schema.js';
import { fastEvent, passedSpotCheck } from '../../../lambdas/governance/fast-shape.js';
import { forEachLine } from '../../../lambdas/governance/run.js';

const dir = mkdtempSync(join(tmpdir(), 'governance-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VIOLATION = { type: 'violation', violationId: 'v1', uscc: 'U1', date: '2026-06-01', severity: 'minor' };

describe('parseEventLine', () => {
  it.each<[string, string, unknown]>([
    [
      'an admission',
      '{"type":"admitted","applicationId":"a","uscc":"U1","date":"2026-01-01","category":"home","skus":["S1"]}',
      {
        type: 'admitted',
        applicationId: 'a',
        uscc: 'U1',
        date: '2026-01-01',
        category: 'home',
        skus: ['S1'],
      },
    ],
    ['a violation with only its required fields', JSON.stringify(VIOLATION), VIOLATION],
    [
      'a violation with every optional field',
      JSON.stringify({ ...VIOLATION, impact: 'egregious', skus: ['S1'], violationType: 'fake', note: 'n' }),
      { ...VIOLATION, impact: 'egregious', skus: ['S1'], violationType: 'fake', note: 'n' },
    ],
    [
      'optional fields given as null are absent',
      JSON.stringify({ ...VIOLATION, impact: null, skus: null, note: null }),
      VIOLATION,
    ],
    ['unknown fields are dropped', JSON.stringify({ ...VIOLATION, extra: 1 }), VIOLATION],
    [
      'a spot check',
      '{"type":"spot_check","uscc":"U1","sku":"S1","date":"2026-01-01","passed":false,"findings":["UN38_3"]}',
      { type: 'spot_check', uscc: 'U1', sku: 'S1', date: '2026-01-01', passed: false, findings: ['UN38_3'] },
    ],
    [
      'a fix',
      '{"type":"fix_confirmed","violationId":"v1","date":"2026-01-01"}',
      { type: 'fix_confirmed', violationId: 'v1', date: '2026-01-01' },
    ],
    [
      'an appeal',
      '{"type":"appeal","violationId":"v1","date":"2026-01-01","outcome":"dismiss"}',
      { type: 'appeal', violationId: 'v1', date: '2026-01-01', outcome: 'dismiss' },
    ],
  ])('accepts %s', (_name, line, event) => {
    expect(parseEventLine(line)).toEqual({ ok: true, event });
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"type":', /^not JSON/],
    ['an array', '[1]', /^not a JSON object$/],
    ['a string', '"x"', /^not a JSON object$/],
    [
      'no type',
      '{}',
      /^type: expected one of admitted, violation, spot_check, fix_confirmed, appeal \(got nothing\)$/,
    ],
    ['an unknown type', '{"type":"refund"}', /^type: expected one of .* \(got "refund"\)$/],
    [
      'a date that is not a day',
      JSON.stringify({ ...VIOLATION, date: '2026-02-30' }),
      /^violation: date: expected a real YYYY-MM-DD date$/,
    ],
    ['a date not zero-padded', JSON.stringify({ ...VIOLATION, date: '2026-6-01' }), /^violation: date:/],
    ['an unknown severity', JSON.stringify({ ...VIOLATION, severity: 'grave' }), /^violation: severity:/],
    [
      'an impact other than egregious',
      JSON.stringify({ ...VIOLATION, impact: 'huge' }),
      /^violation: impact:/,
    ],
    ['skus not a list of strings', JSON.stringify({ ...VIOLATION, skus: [1] }), /^violation: skus\.0:/],
    ['a missing USCC', JSON.stringify({ ...VIOLATION, uscc: undefined }), /^violation: uscc:/],
    ['an empty violationId', JSON.stringify({ ...VIOLATION, violationId: '' }), /^violation: violationId:/],
    [
      'passed not a boolean',
      '{"type":"spot_check","uscc":"U","sku":"S","date":"2026-01-01","passed":"no","findings":[]}',
      /^spot_check: passed:/,
    ],
    [
      'an unknown outcome',
      '{"type":"appeal","violationId":"v","date":"2026-01-01","outcome":"maybe"}',
      /^appeal: outcome:/,
    ],
  ])('rejects %s with a reason', (_name, line, reason) => {
    const parsed = parseEventLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('fastEvent (the hand-checked fast path)', () => {
  const field = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 3 }),
    fc.constantFrom('2026-06-01', '2026-02-30', 'minor', 'serious', 'egregious', 'uphold', 'dismiss', ''),
    fc.boolean(),
    fc.integer(),
    fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 2 }),
  );
  const event = fc.record(
    {
      type: fc.constantFrom('admitted', 'violation', 'spot_check', 'fix_confirmed', 'appeal', 'other'),
      applicationId: field,
      violationId: field,
      uscc: field,
      sku: field,
      date: field,
      category: field,
      skus: field,
      severity: field,
      impact: field,
      passed: field,
      findings: field,
      outcome: field,
      note: field,
      violationType: field,
    },
    { requiredKeys: ['type'] },
  );
  it('never accepts what the schema refuses, and agrees with it when it accepts', () => {
    fc.assert(
      fc.property(event, (o) => {
        const value = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
        const fast = fastEvent(value);
        if (fast === null) return;
        const slow = toEvent(value);
        expect(slow).toEqual({ ok: true, event: fast });
      }),
      { numRuns: 20_000 },
    );
  });
  it('accepts the common well-formed lines (else the fast path would not be one)', () => {
    expect(fastEvent({ ...VIOLATION })).toEqual(VIOLATION);
    expect(
      fastEvent({ type: 'spot_check', uscc: 'U', sku: 'S', date: '2026-01-01', passed: true, findings: [] }),
    ).not.toBeNull();
  });
});

describe('passedSpotCheck (the regular-expression path of passed checks)', () => {
  it('reads what JSON.parse reads, or leaves the line to it', () => {
    const text = fc.string({
      maxLength: 4,
      unit: fc.constantFrom('a', '"', '\\', '\n', '\u0001', '违', '1'),
    });
    const check = fc.record({
      type: fc.constantFrom('spot_check', 'appeal'),
      uscc: text,
      sku: text,
      date: fc.constantFrom('2026-06-01', '2026-02-30', '2026-6-1'),
      passed: fc.oneof(fc.boolean(), fc.constant('true')),
      findings: fc.constantFrom([], ['UN38_3']),
    });
    fc.assert(
      fc.property(check, fc.boolean(), (o, spaced) => {
        const line = JSON.stringify(o, null, spaced ? 1 : undefined).replace(/\n/g, '');
        const fast = passedSpotCheck(line);
        if (!fast) return;
        const slow = parseEventLine(line);
        expect(slow.ok && slow.event.type === 'spot_check' && slow.event.passed).toBe(true);
        if (slow.ok && slow.event.type === 'spot_check')
          expect(fast).toEqual({ uscc: slow.event.uscc, date: slow.event.date });
      }),
      { numRuns: 5000 },
    );
  });
  it.each([
    [
      'the canonical line',
      '{"type":"spot_check","uscc":"U1","sku":"S","date":"2026-06-01","passed":true,"findings":[]}',
      true,
    ],
    [
      'another key order',
      '{"uscc":"U1","type":"spot_check","sku":"S","date":"2026-06-01","passed":true,"findings":[]}',
      false,
    ],
    [
      'an escape in the USCC',
      '{"type":"spot_check","uscc":"U\\u0031","sku":"S","date":"2026-06-01","passed":true,"findings":[]}',
      false,
    ],
    [
      'a date that is not a day',
      '{"type":"spot_check","uscc":"U1","sku":"S","date":"2026-02-30","passed":true,"findings":[]}',
      false,
    ],
  ])('%s: fast path %s', (_name, line, fast) => {
    expect(passedSpotCheck(line) !== null).toBe(fast);
  });
});

describe('forEachLine', () => {
  it.each<[string, string | Buffer, [string, number][]]>([
    [
      'LF lines, a last line without newline',
      'a\nb\nc',
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    ],
    [
      'CRLF lines and a trailing newline (no line after it)',
      'a\r\nb\r\n',
      [
        ['a', 1],
        ['b', 2],
      ],
    ],
    ['a UTF-8 BOM', '\ufeff{"x":1}\n', [['{"x":1}', 1]]],
    [
      'blank lines keep their numbers',
      'a\n\n\nb',
      [
        ['a', 1],
        ['', 2],
        ['', 3],
        ['b', 4],
      ],
    ],
    ['UTF-8 text', '{"note":"违规 ✓"}\n', [['{"note":"违规 ✓"}', 1]]],
    ['an empty file', '', []],
  ])('%s', (name, content, lines) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
    writeFileSync(file, content);
    const seen: [string, number][] = [];
    forEachLine(file, (text, line) => seen.push([text, line]));
    expect(seen).toEqual(lines);
  });
});
