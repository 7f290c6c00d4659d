/**
 * Cuts order files into segments for the threads: at line boundaries, about `target` bytes each,
 * so two cores share a big file and many small files spread across threads.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { type FileLayout, fileLayout } from './header.js';
import type { Segment } from './segment.js';

export interface PlannedFile {
  path: string;
  size: number;
  layout: FileLayout;
}

const HEAD = 64 << 10;

function readAt(fd: number, pos: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  const n = readSync(fd, buf, 0, length, pos);
  return buf.subarray(0, n);
}

/** Reads each file's layout; throws (the run cannot start) when a file cannot be read. */
export function planFiles(paths: string[]): PlannedFile[] {
  return paths.map((path) => {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      let head = readAt(fd, 0, Math.min(size, HEAD));
      // A header line longer than 64 KiB is read whole.
      while (head.indexOf(10) < 0 && head.length < size)
        head = readAt(fd, 0, Math.min(size, head.length * 4));
      return { path, size, layout: fileLayout(basename(path), head) };
    } finally {
      closeSync(fd);
    }
  });
}

/** The first line start at or after `pos` (the file's size when there is none). */
function lineStartFrom(fd: number, pos: number, size: number): number {
  let at = pos;
  while (at < size) {
    const chunk = readAt(fd, at, Math.min(HEAD, size - at));
    const nl = chunk.indexOf(10);
    if (nl >= 0) return at + nl + 1;
    at += chunk.length;
  }
  return size;
}

export function planSegments(files: PlannedFile[], target: number): Segment[] {
  const segments: Segment[] = [];
  files.forEach((f, fileIndex) => {
    if (f.layout.headerError) return;
    const first = f.layout.bom;
    const cuts = [first];
    if (f.size - first > target * 1.5) {
      const fd = openSync(f.path, 'r');
      try {
        for (let at = first + target; at < f.size - target / 2; at += target) {
          const cut = lineStartFrom(fd, at, f.size);
          if (cut > (cuts[cuts.length - 1] as number) && cut < f.size) cuts.push(cut);
        }
      } finally {
        closeSync(fd);
      }
    }
    cuts.forEach((start, i) => {
      segments.push({
        index: segments.length,
        fileIndex,
        path: f.path,
        start,
        end: (cuts[i + 1] as number | undefined) ?? f.size,
        size: f.size,
        format: f.layout.format,
        ...(f.layout.columns ? { columns: [...f.layout.columns] } : {}),
        skipHeader: i === 0 && f.layout.format === 'csv',
      });
    });
  });
  return segments;
}
