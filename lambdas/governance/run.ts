/**
 * `governance` over files: reads each events file as JSON lines (in chunks, any size), hands
 * every event to the ledger with its file and line, and resolves the ledger at the as-of date.
 * A line that is not an event is a reject; blank lines are skipped.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { GovernanceLedger, type GovernanceResult } from '../domain/governance/ledger.js';
import { DEFAULT_GOVERNANCE_SETTINGS, type GovernanceSettings } from '../domain/governance/settings.js';
import { parseEventLine } from './event-schema.js';

const CHUNK = 8 << 20;

/**
 * Calls `onLine(text, lineNumber)` for each line of a file (1-based; a trailing `\r` and a
 * UTF-8 BOM are dropped). A chunk is decoded up to its last newline, so no character is cut.
 */
export function forEachLine(file: string, onLine: (text: string, line: number) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let held = 0; // bytes of an unfinished line kept at the start of buf
    let line = 0;
    let first = true;
    for (;;) {
      if (held === buf.length) {
        // A line longer than the buffer: grow it (rare; such a line is a reject anyway).
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const n = readSync(fd, buf, held, buf.length - held, null);
      const end = held + n;
      const last = n === 0 ? end : buf.lastIndexOf(10, end - 1);
      if (n > 0 && last < 0) {
        held = end;
        continue;
      }
      const upto = n === 0 ? end : last;
      // Most files are ASCII: decoding them as latin1 gives the same text at half the cost.
      const bytes = buf.subarray(0, upto);
      let text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (upto > 0 || n > 0) {
        const lines = text.split('\n');
        for (const l of lines) {
          line++;
          onLine(l.endsWith('\r') ? l.slice(0, -1) : l, line);
        }
      }
      if (n === 0) return;
      held = end - upto - 1;
      buf.copy(buf, 0, upto + 1, end);
    }
  } finally {
    closeSync(fd);
  }
}

export function runGovernance(
  files: readonly string[],
  asOf: string,
  settings: GovernanceSettings = DEFAULT_GOVERNANCE_SETTINGS,
): GovernanceResult {
  const ledger = new GovernanceLedger(asOf, settings);
  for (const file of files) {
    forEachLine(file, (text, line) => {
      if (text.trim() === '') return;
      const parsed = parseEventLine(text);
      if (parsed.ok) ledger.add(parsed.event, { file, line });
      else ledger.reject({ file, line }, parsed.reason);
    });
  }
  return ledger.resolve();
}

/** SPEC's output: a JSON line per seller, then the rejects record when there are any. */
export function formatGovernance(result: GovernanceResult): string {
  let out = '';
  for (const s of result.sellers) out += `${JSON.stringify(s)}\n`;
  if (result.rejects.length > 0) out += `${JSON.stringify({ rejects: result.rejects })}\n`;
  return out;
}
