/**
 * CTC greedy decoding of the recognition model's output, as PP-OCR's CTCLabelDecode: per time step
 * the most probable class; runs of one class collapse to one character; class 0 (blank) is nothing.
 * Classes 1..n are the dictionary's lines and class n + 1 is a space (`use_space_char`).
 *
 * Unlike PP-OCR (which keeps one mean probability per line) every character keeps its own
 * probability and the time steps it was read at, so the caller knows where in the crop it stands.
 */

/** Class index → character: blank (never emitted) first, then the dictionary, then a space. */
export function ctcCharacters(dictionary: readonly string[]): string[] {
  return ['', ...dictionary, ' '];
}

/** The dictionary file's lines (one character each; a trailing newline adds nothing). */
export function parseDictionary(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Classes that read as the same text once NFKC-normalised, as the readers normalise it: "(" and
 * "（", ":" and "：", "1", "１" and "①"... The model splits its belief between look-alikes (measured:
 * "有限责任公司（自然人独资）" read at 0.57 for its brackets alone), so a group's probability is
 * the sum of its members'. `groupOf[c]` is the group's first class (c itself when alone);
 * `members` lists the groups of more than one class.
 */
export function nfkcGroups(characters: readonly string[]): { groupOf: Int32Array; members: number[][] } {
  const byText = new Map<string, number[]>();
  characters.forEach((c, i) => {
    if (i === 0 || c === '') return;
    const key = c.normalize('NFKC');
    const group = byText.get(key);
    if (group) group.push(i);
    else byText.set(key, [i]);
  });
  const groupOf = new Int32Array(characters.length).map((_, i) => i);
  const members = [...byText.values()].filter((g) => g.length > 1);
  for (const g of members) for (const c of g) groupOf[c] = g[0] as number;
  return { groupOf, members };
}

/**
 * Per row of a `rows` × `classes` matrix of probabilities: the most probable class, where a group
 * of look-alikes (`members`, see nfkcGroups) counts as one with the sum of its probabilities (the
 * class given is then the group's most probable member); that probability; and the probability of
 * a space (the last class, with its group). Kept free of outer references: the inference thread
 * runs this very function (its source) on the model's output, so only three numbers per time step
 * cross to the calling thread.
 */
export function bestPerStep(
  probs: ArrayLike<number>,
  rows: number,
  classes: number,
  members: readonly (readonly number[])[] = [],
): { best: Int32Array; prob: Float32Array; last: Float32Array } {
  const best = new Int32Array(rows);
  const prob = new Float32Array(rows);
  const last = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let b = 0;
    let p = probs[base] as number;
    for (let c = 1; c < classes; c++) {
      const v = probs[base + c] as number;
      if (v > p) {
        b = c;
        p = v;
      }
    }
    let space = probs[base + classes - 1] as number;
    for (const group of members) {
      let sum = 0;
      let top = -1;
      let topProb = -1;
      for (const c of group) {
        const v = probs[base + c] as number;
        sum += v;
        if (v > topProb) {
          top = c;
          topProb = v;
        }
      }
      if (group.includes(classes - 1)) space = sum;
      if (sum > p) {
        b = top;
        p = sum;
      }
    }
    best[r] = b;
    prob[r] = Math.min(1, p);
    last[r] = Math.min(1, space);
  }
  return { best, prob, last };
}

export interface DecodedChar {
  char: string;
  /** The highest probability of this character over its run of time steps (0..1). */
  prob: number;
  /** First time step of the run. */
  start: number;
  /** Last time step of the run (inclusive). */
  end: number;
  /**
   * The highest probability of a space at the time steps between the previous character and this
   * one (0 for the first): a word space the model saw without reading it (PP-OCRv4 often does not).
   */
  spaceBefore: number;
}

/**
 * Decodes one item: its `steps` time steps, from `offset` on in the arrays of bestPerStep
 * (`space` may be omitted). `characters` maps class → character (see ctcCharacters); with
 * `groupOf` (see nfkcGroups), consecutive steps of look-alikes are one character.
 */
export function ctcDecode(
  step: { best: ArrayLike<number>; prob: ArrayLike<number>; space?: ArrayLike<number> },
  steps: number,
  characters: readonly string[],
  offset = 0,
  groupOf?: ArrayLike<number>,
): DecodedChar[] {
  const out: DecodedChar[] = [];
  let previous = -1;
  let current: DecodedChar | null = null;
  let space = 0;
  for (let t = 0; t < steps; t++) {
    const k = step.best[offset + t] as number;
    const c = groupOf ? (groupOf[k] as number) : k;
    const p = step.prob[offset + t] as number;
    if (c === previous && current) {
      current.end = t;
      if (p > current.prob) current.prob = p;
    } else if (c !== 0 && characters[c]) {
      current = {
        char: characters[c] as string,
        prob: p,
        start: t,
        end: t,
        spaceBefore: out.length ? space : 0,
      };
      out.push(current);
      space = 0;
    } else {
      current = null;
      space = Math.max(space, (step.space?.[offset + t] as number | undefined) ?? 0);
    }
    previous = c;
  }
  return out;
}
