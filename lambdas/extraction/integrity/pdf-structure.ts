/**
 * The save history of a PDF from its raw bytes: an incremental update appends objects, a new
 * cross-reference section and another `%%EOF` after the original file, so the sections between
 * `%%EOF` markers are its saves. What an update (re)defines says what it changed: a page's content
 * stream, a page whose content list changed, or an annotation that draws on the page (an editor's
 * "add text" tool). A signature's update (a widget annotation, its appearance, the form) changes
 * no content; a linearized file's first-page section is no save at all.
 *
 * pdfjs does not expose revisions and pdf-lib reads a file as one; this is a small, bounded scan
 * (objects in compressed object streams are read through zlib).
 */
import { inflateSync } from 'node:zlib';
import type { PdfUpdate } from '../../domain/integrity-facts';

const latin1 = new TextDecoder('latin1');
const OBJ = /(\d+)\s+(\d+)\s+obj\b([\s\S]*?)endobj/g;
/** Annotations that draw on the page; links, popups and widgets (form fields, signatures) do not. */
const DRAWING_ANNOTATION =
  /\/Subtype\s*\/(FreeText|Stamp|Square|Circle|Ink|Text|Line|Polygon|PolyLine|Highlight)\b/;

interface Obj {
  num: number;
  body: string;
}

function objectsIn(section: string): Obj[] {
  const out: Obj[] = [];
  for (const m of section.matchAll(OBJ)) {
    const num = Number(m[1]);
    const body = m[3] ?? '';
    out.push({ num, body });
    if (/\/Type\s*\/ObjStm\b/.test(body)) out.push(...objectStream(body));
  }
  return out;
}

/** The objects packed in an object stream (FlateDecode only; others are left unread). */
function objectStream(body: string): Obj[] {
  try {
    const n = Number(/\/N\s+(\d+)/.exec(body)?.[1]);
    const first = Number(/\/First\s+(\d+)/.exec(body)?.[1]);
    const start = body.indexOf('stream');
    const end = body.lastIndexOf('endstream');
    if (!(n > 0) || !(first >= 0) || start < 0 || end < start || !/FlateDecode/.test(body)) return [];
    let from = start + 'stream'.length;
    if (body[from] === '\r') from++;
    if (body[from] === '\n') from++;
    const raw = Uint8Array.from(body.slice(from, end), (c) => c.charCodeAt(0));
    const text = latin1.decode(inflateSync(raw));
    const header = text.slice(0, first).trim().split(/\s+/).map(Number);
    const out: Obj[] = [];
    for (let i = 0; i < n && i * 2 + 1 < header.length; i++) {
      const at = first + (header[i * 2 + 1] as number);
      const next = i + 1 < n ? first + (header[i * 2 + 3] as number) : text.length;
      out.push({ num: header[i * 2] as number, body: text.slice(at, next) });
    }
    return out;
  } catch {
    return [];
  }
}

const isPage = (body: string) => /\/Type\s*\/Page\b(?!s)/.test(body);
const contentsOf = (body: string) =>
  /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(body)?.[1]?.replace(/\s+/g, ' ');
const refsIn = (s: string | undefined) =>
  [...(s ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));

/**
 * The saves of the file and what each update changed. `pageRefs` are the page objects' numbers in
 * page order (from the reader), so an update's page objects and content streams name their pages.
 */
export function pdfRevisions(
  bytes: Uint8Array,
  pageRefs: readonly (number | undefined)[],
): { revisions: number; updates: PdfUpdate[] } {
  const text = latin1.decode(bytes);
  const ends: number[] = [];
  for (const m of text.matchAll(/%%EOF/g)) ends.push((m.index ?? 0) + 5);
  if (ends.length === 0) return { revisions: 1, updates: [] };
  const sections = ends.map((end, i) => text.slice(i === 0 ? 0 : (ends[i - 1] as number), end));
  // A linearized file's first section is its first page's cross-reference, written in one save.
  const linearized = /\/Linearized\b/.test(text.slice(0, 2048));
  const saves =
    linearized && sections.length > 1 ? [`${sections[0]}${sections[1]}`, ...sections.slice(2)] : sections;
  // Written once: nothing was added after the first save (the common case costs one scan).
  if (saves.length < 2) return { revisions: 1, updates: [] };
  const pageOf = new Map<number, number>();
  pageRefs.forEach((num, i) => {
    if (num !== undefined) pageOf.set(num, i + 1);
  });
  // What each object was before, and which page each content stream belongs to, as saves go on.
  const known = new Map<number, string>();
  const contentPage = new Map<number, number>();
  const remember = (objects: Obj[]) => {
    for (const o of objects) {
      known.set(o.num, o.body);
      if (isPage(o.body)) {
        const page = pageOf.get(o.num);
        for (const ref of refsIn(contentsOf(o.body))) if (page !== undefined) contentPage.set(ref, page);
      }
    }
  };
  remember(objectsIn(saves[0] ?? ''));
  const updates: PdfUpdate[] = [];
  saves.slice(1).forEach((section, i) => {
    const objects = objectsIn(section);
    if (objects.length === 0) return;
    const pages = new Set<number>();
    let drawing = false;
    for (const o of objects) {
      if (isPage(o.body)) {
        const before = known.get(o.num);
        const page = pageOf.get(o.num);
        const changed = before === undefined || contentsOf(before) !== contentsOf(o.body);
        if (changed && page !== undefined) pages.add(page);
        // A content stream added to a page: its page is the one that now lists it.
        for (const ref of refsIn(contentsOf(o.body))) if (page !== undefined) contentPage.set(ref, page);
      }
      const streamPage = contentPage.get(o.num);
      if (streamPage !== undefined && /stream/.test(o.body) && known.has(o.num)) pages.add(streamPage);
      if (/\/Type\s*\/Annot\b|\/Subtype\s*\//.test(o.body) && DRAWING_ANNOTATION.test(o.body)) drawing = true;
    }
    remember(objects);
    updates.push({
      revision: i + 2,
      objects: objects.length,
      pages: [...pages].sort((a, b) => a - b),
      changesContent: pages.size > 0 || drawing,
    });
  });
  return { revisions: 1 + updates.length, updates };
}
