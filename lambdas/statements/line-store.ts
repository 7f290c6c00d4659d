/**
 * The lines of a segment that fall in the period, held in shared memory (SharedArrayBuffer) as
 * columns of numbers, not text: a reading thread appends them as it scans, then groups them by
 * statement (a stable counting sort, so file order is kept), and any thread can later write any
 * statement's files from them without a copy. About 45 bytes a line plus its orderId's bytes;
 * lines outside the period are never held.
 */

/** Lines per block. */
const B = 1 << 16;
/** Columns of 4, 4, 4, 4, 4, 8, 8, 8 and 1 bytes a line. */
const BLOCK_BYTES = 45 * B;
const ID_CHUNK = 1 << 20;
/** Blocks a thread keeps for its next store once a store is grouped (at most 23 MB). */
const SPARE_BLOCKS = 8;
const spareBlocks: SharedArrayBuffer[] = [];
/** OrderId bytes a segment may have for them to be grouped too (one chunk). */
const ID_CHUNK_GROUPED = 1 << 30;
/** A flag in the kind byte: the orderId is printable ASCII without `"`, `,` or `\`. */
export const PLAIN_ID = 16;
export const BLOCK_SHIFT = 16;
export const BLOCK_MASK = B - 1;

/** What crosses threads: shared buffers and the grouping (plain data). */
export interface StoreHandle {
  lines: number;
  blocks: SharedArrayBuffer[];
  idChunks: SharedArrayBuffer[];
  /** Line indexes grouped by statement key (keys ascending), file order within a key. */
  order: SharedArrayBuffer | null;
  keys: number[];
  starts: number[];
  counts: number[];
}

export interface Block {
  key: Int32Array;
  day: Int32Array;
  idChunk: Int32Array;
  idPos: Int32Array;
  idLen: Int32Array;
  amount: Float64Array;
  commission: Float64Array;
  fulfilment: Float64Array;
  kind: Uint8Array;
}

/** A block's columns; a block holds B lines, or fewer (the last of a grouped store). */
function view(sab: SharedArrayBuffer): Block {
  const c = sab.byteLength / 45;
  return {
    key: new Int32Array(sab, 0, c),
    day: new Int32Array(sab, 4 * c, c),
    idChunk: new Int32Array(sab, 8 * c, c),
    idPos: new Int32Array(sab, 12 * c, c),
    idLen: new Int32Array(sab, 16 * c, c),
    amount: new Float64Array(sab, 20 * c, c),
    commission: new Float64Array(sab, 28 * c, c),
    fulfilment: new Float64Array(sab, 36 * c, c),
    kind: new Uint8Array(sab, 44 * c, c),
  };
}

export class LineStore {
  private readonly blocks: SharedArrayBuffer[] = [];
  private readonly views: Block[] = [];
  private readonly idChunks: SharedArrayBuffer[] = [];
  private idBytes: Uint8Array | null = null;
  private idUsed = ID_CHUNK;
  private idTotal = 0;
  private n = 0;

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
      this.views.push(view(sab));
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
    this.idTotal += len;
    this.n++;
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
    if (n === 0) return { lines: 0, blocks: [], idChunks: [], order: null, keys, starts, counts: sizes };
    // Where each line goes: after the lines of smaller keys, and after the lines of its own
    // key before it (a stable counting sort, so file order is kept within a statement).
    const dst = new Int32Array(n);
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
    const grouped = this.grouped(dst, keys, maxKey);
    // The blocks as read are this thread's alone (the handle has the grouped copies): the next
    // store on this thread fills them again instead of allocating.
    for (const sab of this.blocks) if (spareBlocks.length < SPARE_BLOCKS) spareBlocks.push(sab);
    this.blocks.length = 0;
    this.views.length = 0;
    // The lines are now stored in grouped order: the p-th of `order` is line p.
    const order = new SharedArrayBuffer(4 * n);
    const o = new Int32Array(order);
    for (let p = 0; p < n; p++) o[p] = p;
    return { lines: n, ...grouped, order, keys, starts, counts: sizes };
  }

  /**
   * The lines copied in grouped order (ids too, while they fit one chunk): a statement's lines
   * are then contiguous, and the threads writing the files read memory in sequence instead of
   * gathering each line's columns from across the segment (a cache miss per column). Copied one
   * column at a time, read in sequence and written to each statement's next place: a few hundred
   * places being written at once stay in cache.
   */
  private grouped(
    dst: Int32Array,
    keys: number[],
    maxKey: number,
  ): { blocks: SharedArrayBuffer[]; idChunks: SharedArrayBuffer[] } {
    const n = this.n;
    const views = this.views;
    const blocks: SharedArrayBuffer[] = [];
    const out: Block[] = [];
    for (let bi = 0; bi < views.length; bi++) {
      // The last block as large as its lines need (a multiple of 8, for the 8-byte columns).
      const lines = Math.min(B, ((n - bi * B + 7) >> 3) << 3);
      const sab = new SharedArrayBuffer(lines === B ? BLOCK_BYTES : 45 * lines);
      blocks.push(sab);
      out.push(view(sab));
    }
    const col = <T>(pick: (b: Block) => T) => [views.map(pick), out.map(pick)] as const;
    scatter32(...col((b) => b.key), dst, n);
    scatter32(...col((b) => b.day), dst, n);
    scatter32(...col((b) => b.idLen), dst, n);
    scatter64(...col((b) => b.amount), dst, n);
    scatter64(...col((b) => b.commission), dst, n);
    scatter64(...col((b) => b.fulfilment), dst, n);
    scatter8(...col((b) => b.kind), dst, n);
    if (this.idTotal > ID_CHUNK_GROUPED) {
      // Ids left where they are (a segment with more than 1 GiB of them).
      scatter32(...col((b) => b.idChunk), dst, n);
      scatter32(...col((b) => b.idPos), dst, n);
      return { blocks, idChunks: this.idChunks };
    }
    // Each statement's ids after those of the smaller keys.
    const idAt = new Float64Array(maxKey + 1);
    for (let bi = 0; bi < views.length; bi++) {
      const v = views[bi] as Block;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++) {
        const k = v.key[j] as number;
        idAt[k] = (idAt[k] as number) + (v.idLen[j] as number);
      }
    }
    let sum = 0;
    for (const k of keys) {
      const len = idAt[k] as number;
      idAt[k] = sum;
      sum += len;
    }
    const idSab = new SharedArrayBuffer(Math.max(1, this.idTotal));
    const ids = new Uint8Array(idSab);
    const oldIds = this.idChunks.map((c) => new Uint8Array(c));
    let i = 0;
    for (let bi = 0; bi < views.length; bi++) {
      const v = views[bi] as Block;
      const m = Math.min(B, n - bi * B);
      for (let j = 0; j < m; j++, i++) {
        const k = v.key[j] as number;
        const len = v.idLen[j] as number;
        const src = oldIds[v.idChunk[j] as number] as Uint8Array;
        const from = v.idPos[j] as number;
        const to = idAt[k] as number;
        for (let c = 0; c < len; c++) ids[to + c] = src[from + c] as number;
        idAt[k] = to + len;
        const p = dst[i] as number;
        const w = out[p >>> BLOCK_SHIFT] as Block;
        w.idChunk[p & BLOCK_MASK] = 0;
        w.idPos[p & BLOCK_MASK] = to;
      }
    }
    return { blocks, idChunks: [idSab] };
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
  readonly ids: Buffer[];
  readonly order: Int32Array;
  private readonly index = new Map<number, number>();

  constructor(readonly handle: StoreHandle) {
    this.views = handle.blocks.map(view);
    this.ids = handle.idChunks.map((c) => Buffer.from(c));
    this.order = handle.order ? new Int32Array(handle.order) : new Int32Array(0);
    handle.keys.forEach((k, i) => {
      this.index.set(k, i);
    });
  }

  /** Visits statement `key`'s lines in file order (one LineRef, reused: copy what you keep). */
  forEach(key: number, visit: (line: LineRef) => void): void {
    const [start, end] = this.group(key);
    const line: LineRef = {
      day: 0,
      kind: 0,
      amount: 0,
      commission: 0,
      fulfilment: 0,
      ids: Buffer.alloc(0),
      idStart: 0,
      idEnd: 0,
    };
    for (let p = start; p < end; p++) {
      const i = this.order[p] as number;
      const v = this.views[i >>> BLOCK_SHIFT] as Block;
      const j = i & BLOCK_MASK;
      line.day = v.day[j] as number;
      line.kind = v.kind[j] as number;
      line.amount = v.amount[j] as number;
      line.commission = v.commission[j] as number;
      line.fulfilment = v.fulfilment[j] as number;
      line.ids = this.ids[v.idChunk[j] as number] as Buffer;
      line.idStart = v.idPos[j] as number;
      line.idEnd = line.idStart + (v.idLen[j] as number);
      visit(line);
    }
  }

  /** Where statement `key`'s line indexes are in `order`: [start, end). */
  group(key: number): [number, number] {
    const g = this.index.get(key);
    if (g === undefined) return [0, 0];
    const start = this.handle.starts[g] as number;
    return [start, start + (this.handle.counts[g] as number)];
  }
}
