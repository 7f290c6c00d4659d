/**
 * A statement's totals: the sums of its rounded lines. Sums stay in doubles while they are exact
 * (|sum| ≤ 2^53 − 1) and move to BigInt for good the first time one would not be, so a total is
 * exact whatever the file holds, at the cost of one comparison per addition.
 */

const MAX = Number.MAX_SAFE_INTEGER;
const BIG_MAX = BigInt(MAX);
/** Sums up to this size give a net (three subtractions) still exact in a double. */
const NET_SAFE = 2 ** 51;

export interface TotalsJson {
  lines: number;
  grossMinor: number | bigint;
  commissionMinor: number | bigint;
  fulfilmentMinor: number | bigint;
  vasMinor: number | bigint;
  netMinor: number | bigint;
}

export class Totals {
  lines = 0;
  gross = 0;
  commission = 0;
  fulfilment = 0;
  vas = 0;
  /** Set once any sum left the exact range: [gross, commission, fulfilment, vas]. */
  big: bigint[] | null = null;

  /** Adds one statement line (amount is 0 for a vas line). */
  add(amount: number, commission: number, fulfilment: number, vas: number): void {
    this.lines++;
    if (this.big) {
      this.addBig(amount, commission, fulfilment, vas);
      return;
    }
    const g = this.gross + amount;
    const c = this.commission + commission;
    const f = this.fulfilment + fulfilment;
    const v = this.vas + vas;
    // A true sum beyond the range rounds to a double beyond it too, so this catches every loss.
    if (g > MAX || g < -MAX || c > MAX || c < -MAX || f > MAX || f < -MAX || v > MAX || v < -MAX) {
      this.big = [BigInt(this.gross), BigInt(this.commission), BigInt(this.fulfilment), BigInt(this.vas)];
      this.addBig(amount, commission, fulfilment, vas);
      return;
    }
    this.gross = g;
    this.commission = c;
    this.fulfilment = f;
    this.vas = v;
  }

  private addBig(amount: number, commission: number, fulfilment: number, vas: number): void {
    const b = this.big as bigint[];
    b[0] = (b[0] as bigint) + BigInt(amount);
    b[1] = (b[1] as bigint) + BigInt(commission);
    b[2] = (b[2] as bigint) + BigInt(fulfilment);
    b[3] = (b[3] as bigint) + BigInt(vas);
  }

  /** Adds another partial (order does not matter: addition is exact). */
  merge(o: Totals): void {
    this.lines += o.lines;
    if (this.big === null && o.big === null) {
      const g = this.gross + o.gross;
      const c = this.commission + o.commission;
      const f = this.fulfilment + o.fulfilment;
      const v = this.vas + o.vas;
      // As in add: a true sum beyond the range rounds to a double beyond it.
      if (!(g > MAX || g < -MAX || c > MAX || c < -MAX || f > MAX || f < -MAX || v > MAX || v < -MAX)) {
        this.gross = g;
        this.commission = c;
        this.fulfilment = f;
        this.vas = v;
        return;
      }
    }
    const mine = this.values();
    const theirs = o.values();
    this.set(mine.map((x, i) => BigInt(x) + BigInt(theirs[i] as number | bigint)));
  }

  private set(sum: bigint[]): void {
    if (sum.every((x) => x <= BIG_MAX && x >= -BIG_MAX)) {
      this.big = null;
      [this.gross, this.commission, this.fulfilment, this.vas] = sum.map(Number) as [
        number,
        number,
        number,
        number,
      ];
    } else this.big = sum;
  }

  values(): [number | bigint, number | bigint, number | bigint, number | bigint] {
    if (this.big)
      return [this.big[0] as bigint, this.big[1] as bigint, this.big[2] as bigint, this.big[3] as bigint];
    return [this.gross, this.commission, this.fulfilment, this.vas];
  }

  /** netMinor = gross − commission − fulfilment − vas (the sum of the lines' nets). */
  toJson(): TotalsJson {
    if (this.big === null) {
      const { gross: g, commission: c, fulfilment: f, vas: v } = this;
      // Four sums of at most 2^51 each: the net is exact in a double.
      if (Math.max(Math.abs(g), Math.abs(c), Math.abs(f), Math.abs(v)) <= NET_SAFE)
        return {
          lines: this.lines,
          // + 0: a −0 (a refund of 0) is written 0, as the BigInt path gives it.
          grossMinor: g + 0,
          commissionMinor: c + 0,
          fulfilmentMinor: f + 0,
          vasMinor: v + 0,
          netMinor: g - c - f - v + 0,
        };
    }
    const [g, c, f, v] = this.values();
    const net =
      this.big === null
        ? BigInt(g) - BigInt(c) - BigInt(f) - BigInt(v)
        : (g as bigint) - (c as bigint) - (f as bigint) - (v as bigint);
    const small = (x: bigint | number) => {
      const n = BigInt(x);
      return n <= BIG_MAX && n >= -BIG_MAX ? Number(n) : n;
    };
    return {
      lines: this.lines,
      grossMinor: small(g),
      commissionMinor: small(c),
      fulfilmentMinor: small(f),
      vasMinor: small(v),
      netMinor: small(net),
    };
  }

  static fromJson(json: TotalsJson): Totals {
    const t = new Totals();
    t.lines = json.lines;
    const { grossMinor: g, commissionMinor: c, fulfilmentMinor: f, vasMinor: v } = json;
    if (
      typeof g === 'number' &&
      typeof c === 'number' &&
      typeof f === 'number' &&
      typeof v === 'number' &&
      Number.isSafeInteger(g) &&
      Number.isSafeInteger(c) &&
      Number.isSafeInteger(f) &&
      Number.isSafeInteger(v)
    ) {
      t.gross = g;
      t.commission = c;
      t.fulfilment = f;
      t.vas = v;
      return t;
    }
    t.set([json.grossMinor, json.commissionMinor, json.fulfilmentMinor, json.vasMinor].map((x) => BigInt(x)));
    return t;
  }
}

/** JSON with BigInt totals written as plain JSON numbers (every digit kept). */
export function stringifyMoney(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v !== 'bigint') return v;
      marks.push(v.toString());
      return `\u0000big${marks.length - 1}\u0000`;
    },
    indent,
  );
  return marks.length === 0
    ? text
    : text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i) => marks[Number(i)] as string);
}
