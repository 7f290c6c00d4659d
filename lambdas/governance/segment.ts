/**
 * One segment of an events file (a byte range that starts and ends on line boundaries), read and
 * checked on any thread: its events dated up to the as-of date, its bad lines with their reasons,
 * and its passed spot checks as columns (USCC index, line), so a worker hands back a few typed
 * arrays instead of hundreds of thousands of objects. Line numbers are relative to the segment;
 * the main thread adds the lines of the segments before it.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { GovernanceEvent } from '../domain/governance/events.js';
import { parseEventLine } from './event-schema.js';
import { passedSpotCheckAt } from './fast-shape.js';

const CHUNK = 8 << 20;

export interface Segment {
  file: string;
  start: number;
  end: number;
}

export interface SegmentResult {
  /** Lines in the segment (a last line without a newline counts). */
  lines: number;
  events: GovernanceEvent[];
  eventLines: Uint32Array;
  bad: { line: number; reason: string }[];
  /** Passed spot checks dated up to the as-of date: the lines of each USCC's. */
  checks: Map<string, number[]>;
}

/**
 * Calls `onChunk(text)` with the text of bytes [start, end) of a file, a run of whole lines at a
 * time (joined by `\n`, without the last newline; the file's last line may lack one). A chunk is
 * decoded up to its last newline, so no character is cut; an ASCII chunk is decoded as latin1
 * (the same text, half the cost); a UTF-8 BOM at the file's start is dropped.
 */
export function forEachChunk(
  file: string,
  onChunk: (text: string) => void,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): void {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1024, end - start)));
    let held = 0; // bytes of an unfinished line kept at the start of buf
    let position = start;
    let first = start === 0;
    for (;;) {
      if (held === buf.length) {
        // A line longer than the buffer: grow it (rare; such a line is a reject anyway).
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const n = readSync(fd, buf, held, Math.min(buf.length - held, Math.max(0, end - position)), position);
      position += n;
      const filled = held + n;
      const last = n === 0 ? filled : buf.lastIndexOf(10, filled - 1);
      if (n > 0 && last < 0) {
        held = filled;
        continue;
      }
      const upto = n === 0 ? filled : last;
      if (upto > 0 || n > 0) {
        const bytes = buf.subarray(0, upto);
        let text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        onChunk(text);
      }
      if (n === 0) return;
      held = filled - upto - 1;
      buf.copy(buf, 0, upto + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `onLine(text, lineNumber)` for each line of bytes [start, end) of a file (1-based within
 * the range; a trailing `\r` is dropped). Returns the number of lines.
 */
export function forEachLine(
  file: string,
  onLine: (text: string, line: number) => void,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): number {
  let line = 0;
  forEachChunk(
    file,
    (text) => {
      for (const l of text.split('\n')) {
        line++;
        onLine(l.endsWith('\r') ? l.slice(0, -1) : l, line);
      }
    },
    start,
    end,
  );
  return line;
}

/** Empty or only JSON whitespace (a line of spaces is not an event, nor worth a reject). */
function isBlank(text: string): boolean {
  return text.length === 0 || /^[ \t\r]*$/.test(text);
}

export function parseSegment(segment: Segment, asOf: string): SegmentResult {
  const events: GovernanceEvent[] = [];
  const eventLines: number[] = [];
  const bad: SegmentResult['bad'] = [];
  const checks = new Map<string, number[]>();
  const passedCheck = (uscc: string, line: number) => {
    const list = checks.get(uscc);
    if (list) list.push(line);
    else checks.set(uscc, [line]);
  };
  const general = (text: string, line: number) => {
    if (isBlank(text)) return;
    const parsed = parseEventLine(text);
    if (!parsed.ok) {
      bad.push({ line, reason: parsed.reason });
      return;
    }
    const e = parsed.event;
    if (e.date > asOf) return;
    if (e.type === 'spot_check' && e.passed) passedCheck(e.uscc, line);
    else {
      events.push(e);
      eventLines.push(line);
    }
  };
  const asOfDay = Number(asOf.replaceAll('-', ''));
  let lines = 0;
  forEachChunk(
    segment.file,
    (chunk) => {
      // Line by line within the chunk: a passed check is matched in place (no line string made).
      let pos = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', pos);
        const next = nl < 0 ? chunk.length : nl;
        const stop = next > pos && chunk.charCodeAt(next - 1) === 13 ? next - 1 : next;
        lines++;
        const fast = passedSpotCheckAt(chunk, pos, stop);
        if (fast) {
          if (fast.day <= asOfDay) passedCheck(fast.uscc, lines);
        } else general(chunk.slice(pos, stop), lines);
        if (nl < 0) break;
        pos = nl + 1;
      }
    },
    segment.start,
    segment.end,
  );
  return {
    lines,
    events,
    eventLines: Uint32Array.from(eventLines),
    bad,
    checks,
  };
}
