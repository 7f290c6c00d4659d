/**
 * The lines of a segment that fall in the period, held in shared memory (SharedArrayBuffer) as
 * columns of numbers, not text: a reading thread appends them as it scans, then groups them by
 * statement (a stable counting sort, so file order is kept), and any thread can later write any
 * statement's files from them without a copy. About 45 bytes a line plus its orderId's bytes as
 * read, 25 to 37 grouped; lines outside the period are never held.
 */

import { PLAIN_ID } from './line-format.js';

/** Lines per block. */
const B = 1 << 16;
/**
 * The columns of a block, by layout. As read: key, day, idChunk, idPos, idLen (4 bytes each),
 * amount, commission, fulfilment (8), kind (1). Grouped, no key (the group says it), and when
 * every amount and fee of the store is an int32 (all but absurd ones), those three in 4 bytes
 * each (narrow), and no idChunk: the orderIds are copied into statement order in one buffer
 * (idPos is then an offset in it). Less memory to fill:
 * memory a process touches first costs (a page fault per 4 KiB: about 4 ms a MiB on the machines
 * measured).
 */
type Layout = 'read' | 'grouped' | 'grouped-narrow';
export type GroupedLayout = Exclude<Layout, 'read'>;
const LINE_BYTES: Record<Layout, number> = {
  read: 45,
  grouped: 37,
  'grouped-narrow': 25,
};
const BLOCK_BYTES = LINE_BYTES.read * B;
const ID_CHUNK = 1 << 20;
/** Blocks a thread keeps for its next store once a store is grouped. */
const SPARE_BLOCKS = 8;
const spareBlocks: SharedArrayBuffer[] = [];
/** Where each line goes when grouping: kept per thread for the next store. */
let scratch = new Int32Array(0);
export const BLOCK_SHIFT = 16;
export const BLOCK_MASK = B - 1;

/** What crosses threads: shared buffers and the grouping (plain data). */
export interface StoreHandle {
  lines: number;
  /**
   * Grouped by statement key (keys ascending), file order within a key: line p of the store is
   * at block p >> BLOCK_SHIFT, index p & BLOCK_MASK.
   */
  blocks: SharedArrayBuffer[];
  layout: GroupedLayout;
  /** The orderIds' bytes in statement order (a line's idPos is an offset here). */
  ids: SharedArrayBuffer;
  keys: number[];
  starts: number[];
  counts: number[];
}

export interface Block {
  /** Empty once grouped (also idChunk). */
  key: Int32Array;
  day: Int32Array;
  idChunk: Int32Array;
  idPos: Int32Array;
  idLen: Int32Array;
  /** Int32Array in a narrow block. */
  amount: Float64Array | Int32Array;
  commission: Float64Array | Int32Array;
  fulfilment: Float64Array | Int32Array;
  kind: Uint8Array;
}

const EMPTY = new Int32Array(0);

/** A block's columns; a block holds B lines, or fewer (the last of a grouped store). */
function view(sab: SharedArrayBuffer, layout: Layout): Block {
  const c = sab.byteLength / LINE_BYTES[layout];
  let at = 0;
  const i32 = () => {
    const a = new Int32Array(sab, at, c);
    at += 4 * c;
    return a;
  };
  const f64 = () => {
    const a = new Float64Array(sab, at, c);
    at += 8 * c;
    return a;
  };
  const money = layout === 'grouped-narrow' ? i32 : f64;
  const key = layout === 'read' ? i32() : EMPTY;
  const day = i32();
  const idChunk = layout === 'read' ? i32() : EMPTY;
  const idPos = i32();
  const idLen = i32();
  const amount = money();
  const commission = money();
  const fulfilment = money();
  return {
    key,
    day,
    idChunk,
    idPos,
    idLen,
    amount,
    commission,
    fulfilment,
    kind: new Uint8Array(sab, at, c),
  };
}

export class LineStore {
  private readonly blocks: SharedArrayBuffer[] = [];
  private readonly views: Block[] = [];
  private readonly idChunks: SharedArrayBuffer[] = [];
  private idBytes: Uint8Array | null = null;
  private idUsed = ID_CHUNK;
  private n = 0;
  /** Set once an amount or fee is not an int32 (the store cannot be grouped narrow). */
  private wide = false;

  /**
   * One line: `amount` is the line's own amount (a vas line's fee), commission and fulfilment
   * its rounded fees (0 for vas).
   */
  add(
    key: number,
    day: number,
    kind: number,
    b: Uint8Array,
    idStart: number,
    idEnd: number,
    amount: number,
    commission: number,
    fulfilment: number,
  ): void {
    const i = this.n & (B - 1);
    if (i === 0) {
      const sab = spareBlocks.pop() ?? new SharedArrayBuffer(BLOCK_BYTES);
      this.blocks.push(sab);
      this.views.push(view(sab, 'read'));
    }
    const v = this.views[this.views.length - 1] as Block;
    const len = idEnd - idStart;
    if (this.idUsed + len > (this.idBytes?.length ?? 0)) {
      const sab = new SharedArrayBuffer(Math.max(ID_CHUNK, len));
      this.idChunks.push(sab);
      this.idBytes = new Uint8Array(sab);
      this.idUsed = 0;
    }
    const ids = this.idBytes as Uint8Array;
    let plain = PLAIN_ID;
    let at = this.idUsed;
    for (let k = idStart; k < idEnd; k++) {
      const c = b[k] as number;
      ids[at++] = c;
      if (c < 32 || c > 126 || c === 34 || c === 44 || c === 92) plain = 0;
    }
    v.key[i] = key;
    v.day[i] = day;
    v.idChunk[i] = this.idChunks.length - 1;
    v.idPos[i] = this.idUsed;
    v.idLen[i] = len;
    v.amount[i] = amount;
    v.commission[i] = commission;
    v.fulfilment[i] = fulfilment;
    v.kind[i] = kind | plain;
    this.idUsed += len;
    this.n++;
    if (amount !== (amount | 0) || commission !== (commission | 0) || fulfilment !== (fulfilment | 0))
      this.wide = true;
  }

  /** Groups the lines by statement key; the store takes no more lines after this. */
  finish(): StoreHandle {
    const n = this.n;
    let maxKey = -1;
    for (let bi = 0; bi < this.views.length; bi++) {
      const keys = (this.views[bi] as Block).key;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++) if ((keys[j] as number) > maxKey) maxKey = keys[j] as number;
    }
    const counts = new Int32Array(maxKey + 1);
    for (let bi = 0; bi < this.views.length; bi++) {
      const keys = (this.views[bi] as Block).key;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++) {
        const k = keys[j] as number;
        counts[k] = (counts[k] as number) + 1;
      }
    }
    const keys: number[] = [];
    const starts: number[] = [];
    const sizes: number[] = [];
    const at = new Int32Array(maxKey + 1);
    let s = 0;
    for (let k = 0; k <= maxKey; k++) {
      const c = counts[k] as number;
      if (c === 0) continue;
      keys.push(k);
      starts.push(s);
      sizes.push(c);
      at[k] = s;
      s += c;
    }
    if (n === 0)
      return {
        lines: 0,
        blocks: [],
        layout: 'grouped',
        ids: new SharedArrayBuffer(0),
        keys,
        starts,
        counts: sizes,
      };
    // Where each line goes: after the lines of smaller keys, and after the lines of its own
    // key before it (a stable counting sort, so file order is kept within a statement).
    if (scratch.length < n) scratch = new Int32Array(n);
    const dst = scratch;
    let i = 0;
    for (let bi = 0; bi < this.views.length; bi++) {
      const bk = (this.views[bi] as Block).key;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++, i++) {
        const k = bk[j] as number;
        const p = at[k] as number;
        dst[i] = p;
        at[k] = p + 1;
      }
    }
    const grouped = this.grouped(dst);
    // The blocks as read are this thread's alone (the handle has the grouped copies): the next
    // store on this thread fills them again instead of allocating.
    for (const sab of this.blocks) if (spareBlocks.length < SPARE_BLOCKS) spareBlocks.push(sab);
    this.blocks.length = 0;
    this.views.length = 0;
    return { lines: n, ...grouped, keys, starts, counts: sizes };
  }

  /**
   * The lines copied in grouped order: a statement's lines
   * are then contiguous, and the threads writing the files read memory in sequence instead of
   * gathering each line's columns from across the segment (a cache miss per column). Copied one
   * column at a time, read in sequence and written to each statement's next place: a few hundred
   * places being written at once stay in cache.
   */
  private grouped(dst: Int32Array): {
    blocks: SharedArrayBuffer[];
    layout: GroupedLayout;
    ids: SharedArrayBuffer;
  } {
    const n = this.n;
    const views = this.views;
    const layout: GroupedLayout = this.wide ? 'grouped' : 'grouped-narrow';
    const blocks: SharedArrayBuffer[] = [];
    const out: Block[] = [];
    for (let bi = 0; bi < views.length; bi++) {
      // The last block as large as its lines need (a multiple of 8, for the 8-byte columns).
      const lines = Math.min(B, ((n - bi * B + 7) >> 3) << 3);
      const sab = new SharedArrayBuffer(LINE_BYTES[layout] * lines);
      blocks.push(sab);
      out.push(view(sab, layout));
    }
    const col = <T>(pick: (b: Block) => T) => [views.map(pick), out.map(pick)] as const;
    scatter32(...col((b) => b.day), dst, n);
    scatter32(...col((b) => b.idLen), dst, n);
    for (const pick of [(b: Block) => b.amount, (b: Block) => b.commission, (b: Block) => b.fulfilment]) {
      const [from, to] = col(pick);
      if (layout === 'grouped-narrow') scatterNarrow(from as Float64Array[], to as Int32Array[], dst, n);
      else scatter64(from as Float64Array[], to as Float64Array[], dst, n);
    }
    scatter8(...col((b) => b.kind), dst, n);
    return { blocks, layout, ids: this.groupedIds(dst, out) };
  }

  /**
   * The orderIds copied into statement order, one buffer: a statement's ids are then read in
   * sequence when its files are written. Left where they were read, each line's id was a cache
   * miss there (the lines of a statement come from every segment), the costliest load of all.
   * Read in sequence here and written each to its place.
   */
  private groupedIds(dst: Int32Array, out: Block[]): SharedArrayBuffer {
    const n = this.n;
    // Where each line's id goes: its statement-order position's running sum of lengths.
    let total = 0;
    for (let bi = 0; bi < out.length; bi++) {
      const { idLen, idPos } = out[bi] as Block;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++) {
        idPos[j] = total;
        total += idLen[j] as number;
      }
    }
    const sab = new SharedArrayBuffer(total);
    const to = new Uint8Array(sab);
    const chunks = this.idChunks.map((c) => new Uint8Array(c));
    for (let bi = 0, i = 0; bi < this.views.length; bi++) {
      const { idChunk, idPos, idLen } = this.views[bi] as Block;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++, i++) {
        const p = dst[i] as number;
        const from = chunks[idChunk[j] as number] as Uint8Array;
        let a = (out[p >>> BLOCK_SHIFT] as Block).idPos[p & BLOCK_MASK] as number;
        for (let k = idPos[j] as number, e = k + (idLen[j] as number); k < e; k++)
          to[a++] = from[k] as number;
      }
    }
    return sab;
  }
}

/** out[dst[i]] = in[i] over a column split in blocks (one function per element type). */
function scatter32(from: Int32Array[], to: Int32Array[], dst: Int32Array, n: number): void {
  for (let bi = 0, i = 0; bi < from.length; bi++) {
    const src = from[bi] as Int32Array;
    const m = Math.min(B, n - bi * B);
    for (let j = 0; j < m; j++, i++) {
      const p = dst[i] as number;
      (to[p >>> BLOCK_SHIFT] as Int32Array)[p & BLOCK_MASK] = src[j] as number;
    }
  }
}

function scatter64(from: Float64Array[], to: Float64Array[], dst: Int32Array, n: number): void {
  for (let bi = 0, i = 0; bi < from.length; bi++) {
    const src = from[bi] as Float64Array;
    const m = Math.min(B, n - bi * B);
    for (let j = 0; j < m; j++, i++) {
      const p = dst[i] as number;
      (to[p >>> BLOCK_SHIFT] as Float64Array)[p & BLOCK_MASK] = src[j] as number;
    }
  }
}

/** scatter64 into int32 columns (a narrow store: every value is an int32). */
function scatterNarrow(from: Float64Array[], to: Int32Array[], dst: Int32Array, n: number): void {
  for (let bi = 0, i = 0; bi < from.length; bi++) {
    const src = from[bi] as Float64Array;
    const m = Math.min(B, n - bi * B);
    for (let j = 0; j < m; j++, i++) {
      const p = dst[i] as number;
      (to[p >>> BLOCK_SHIFT] as Int32Array)[p & BLOCK_MASK] = src[j] as number;
    }
  }
}

function scatter8(from: Uint8Array[], to: Uint8Array[], dst: Int32Array, n: number): void {
  for (let bi = 0, i = 0; bi < from.length; bi++) {
    const src = from[bi] as Uint8Array;
    const m = Math.min(B, n - bi * B);
    for (let j = 0; j < m; j++, i++) {
      const p = dst[i] as number;
      (to[p >>> BLOCK_SHIFT] as Uint8Array)[p & BLOCK_MASK] = src[j] as number;
    }
  }
}

/** One line read back (StoreReader.forEach): the orderId is bytes [idStart, idEnd) of `ids`. */
export interface LineRef {
  day: number;
  /** The kind and its flags (PLAIN_ID). */
  kind: number;
  amount: number;
  commission: number;
  fulfilment: number;
  ids: Buffer;
  idStart: number;
  idEnd: number;
}

/** Reads a store from any thread. */
export class StoreReader {
  readonly views: Block[];
  /** The store's orderIds, in statement order (idPos is an offset here). */
  readonly idBytes: Buffer;
  /** The handle's keys (ascending), searched by halves: no hash table per store to miss in cache. */
  private readonly keys: Int32Array;

  constructor(readonly handle: StoreHandle) {
    this.views = handle.blocks.map((b) => view(b, handle.layout));
    this.idBytes = Buffer.from(handle.ids);
    this.keys = Int32Array.from(handle.keys);
  }

  /** Visits statement `key`'s lines in file order (one LineRef, reused: copy what you keep). */
  forEach(key: number, visit: (line: LineRef) => void): void {
    const [start, end] = this.group(key);
    const ids = this.idBytes;
    const line: LineRef = {
      day: 0,
      kind: 0,
      amount: 0,
      commission: 0,
      fulfilment: 0,
      ids,
      idStart: 0,
      idEnd: 0,
    };
    for (let p = start; p < end; p++) {
      const v = this.views[p >>> BLOCK_SHIFT] as Block;
      const j = p & BLOCK_MASK;
      line.day = v.day[j] as number;
      line.kind = v.kind[j] as number;
      line.amount = v.amount[j] as number;
      line.commission = v.commission[j] as number;
      line.fulfilment = v.fulfilment[j] as number;
      line.ids = ids;
      line.idStart = v.idPos[j] as number;
      line.idEnd = line.idStart + (v.idLen[j] as number);
      visit(line);
    }
  }

  /** Where statement `key`'s lines are in the store: [start, end). */
  group(key: number): [number, number] {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo === keys.length || keys[lo] !== key) return [0, 0];
    const start = this.handle.starts[lo] as number;
    return [start, start + (this.handle.counts[lo] as number)];
  }
}
