/**
 * Value parsers for text read from documents: dates, months, money, counts.
 * Pure string work on NFKC-normalised text. Money never passes through floating point: amounts are
 * split into digit strings and combined as integers.
 */

/** A parsed value and whether the text held exactly that (clean) or more/less than it (partial). */
export interface Parsed<T> {
  value: T;
  clean: boolean;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] as number);
}

// 2021年3月5日 | 2021-03-05 | 2021/03/05 | 2021.03.05 (one separator throughout).
const DATE_SOURCE = String.raw`(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-/.])\s*(\d{1,2})\s*\4\s*(\d{1,2}))(?!\d)`;

export interface DateMatch {
  iso: string;
  index: number;
  length: number;
}

/** Every real date written in one of the accepted forms, in order of appearance. */
export function findDates(text: string): DateMatch[] {
  const out: DateMatch[] = [];
  for (const m of text.matchAll(new RegExp(DATE_SOURCE, 'g'))) {
    const y = Number(m[1]);
    const mo = Number(m[2] ?? m[5]);
    const d = Number(m[3] ?? m[6]);
    if (m.index > 0 && /\d/.test(text.charAt(m.index - 1))) continue;
    if (!isRealDate(y, mo, d)) continue;
    out.push({ iso: `${y}-${pad2(mo)}-${pad2(d)}`, index: m.index, length: m[0].length });
  }
  return out;
}

/** A date value: clean when the text is that date and nothing else of substance. */
export function parseDate(text: string): Parsed<string> | null {
  const dates = findDates(text);
  const first = dates[0];
  if (!first) return null;
  // A time of day after the date (`2026-06-17 13:35:58`) belongs to it.
  const after = text.slice(first.index + first.length).replace(/^\s*(?:T\s*)?\d{1,2}:\d{2}(?::\d{2})?/, '');
  const rest = (text.slice(0, first.index) + after).replace(/[\s止起,.;:]/g, '');
  return { value: first.iso, clean: dates.length === 1 && rest === '' };
}

const NO_END =
  /长期|永久|无固定期限|不约定期限|long[\s-]*term|permanent|indefinite|no\s+fixed\s+term|perpetual/i;

/**
 * A business term's end: `2019年01月01日至长期` → null, `至2039年12月31日` → '2039-12-31',
 * `2019-01-01 to 2039-12-31` → '2039-12-31', `Long-term` → null.
 */
export function parseTermEnd(text: string): Parsed<string | null> | null {
  const parts = text.split(/至|\bto\b|\buntil\b|~|～|—|–|－|\s-\s/i);
  const endPart = parts.length > 1 ? parts.slice(1).join(' ') : text;
  if (NO_END.test(endPart)) return { value: null, clean: true };
  const endDates = findDates(endPart);
  const end = endDates[endDates.length - 1];
  if (end && parts.length > 1) return { value: end.iso, clean: endDates.length === 1 };
  // Two dates joined by a dash (`2019.01.01-2039.12.31`): from the first to the second.
  const both = findDates(text);
  const [from, to] = both;
  if (both.length === 2 && from && to) {
    const between = text.slice(from.index + from.length, to.index);
    if (/^\s*[-–—~～]\s*$/.test(between)) return { value: to.iso, clean: true };
  }
  // A single date with no "至": it might be the start or the end; take it, but not as certain.
  if (end) return { value: end.iso, clean: false };
  return null;
}

/** Billing month: `2026-05`, `2026/05`, `2026.05`, `2026年5月`. Not a full date's year-month. */
const MONTH_SOURCE = String.raw`(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)|([-/.])\s*(\d{1,2})(?!\s*\3\s*\d)(?![\d]))`;

export interface MonthMatch {
  month: string;
  index: number;
  length: number;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** English: `May 2026`, `Sept. 2026`, `2026 May`, `2026-May`. */
const NAMED_MONTH = String.raw`\b(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})|(\d{4})[\s-]+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)\b`;

export function findMonths(text: string): MonthMatch[] {
  const out: MonthMatch[] = [];
  const push = (y: number, mo: number, index: number, length: number) => {
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12) return;
    out.push({ month: `${y}-${pad2(mo)}`, index, length });
  };
  for (const m of text.matchAll(new RegExp(MONTH_SOURCE, 'g'))) {
    push(Number(m[1]), Number(m[2] ?? m[4]), m.index, m[0].length);
  }
  for (const m of text.matchAll(new RegExp(NAMED_MONTH, 'gi'))) {
    const name = (m[1] ?? m[4] ?? '').toLowerCase();
    push(Number(m[2] ?? m[3]), MONTH_NAMES.indexOf(name) + 1, m.index, m[0].length);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Digits of an unsigned decimal, with thousands separators allowed only in groups of three. */
const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

interface DecimalParts {
  int: string;
  frac: string;
}

function decimalParts(text: string): DecimalParts | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  return { int: (m[1] as string).replace(/,/g, ''), frac: m[2] ?? '' };
}

/**
 * `int.frac × 10^scale` as an integer, rounded half-up when digits are left over (then not clean).
 * Works on digit strings only.
 */
function scaleDecimal(parts: DecimalParts, scale: number): Parsed<number> | null {
  const kept = parts.frac.slice(0, scale).padEnd(scale, '0');
  const dropped = parts.frac.slice(scale);
  let digits = (parts.int + kept).replace(/^0+(?=\d)/, '');
  const exact = /^0*$/.test(dropped);
  if (!exact && dropped.charAt(0) >= '5') digits = incrementDigits(digits);
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return null;
  return { value, clean: exact };
}

function incrementDigits(digits: string): string {
  const chars = [...digits];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '9') chars[i] = '0';
    else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return `1${chars.join('')}`;
}

/**
 * A signed money amount in integer minor units (fen): `12,345.67`, `-500.00`, `+1,000`, `¥1,000.5`,
 * `(300.00)` (negative), `RMB 20.00`, `1,000.00元`. Null when it is not an amount.
 */
export function parseAmountMinor(text: string): Parsed<number> | null {
  let t = text.replace(/\s+/g, '').replace(/[−–—]/g, '-');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    negative = true;
    t = paren[1] as string;
  }
  t = t.replace(/^(?:RMB|CNY|人民币|¥|￥)/i, '').replace(/(?:元|RMB|CNY)$/i, '');
  const sign = /^([+-])/.exec(t);
  if (sign) {
    negative = negative !== (sign[1] === '-');
    t = t.slice(1);
  }
  // The same marks after a sign as before it: `-人民币0.01`, `-¥5`.
  t = t.replace(/^(?:RMB|CNY|人民币|¥|￥)/i, '');
  const parts = decimalParts(t);
  if (!parts) return null;
  const scaled = scaleDecimal(parts, 2);
  if (!scaled) return null;
  return { value: negative && scaled.value !== 0 ? -scaled.value : scaled.value, clean: scaled.clean };
}

/** A plain non-negative number (kWh), thousands separators and decimals allowed; units ignored. */
export function parseQuantity(text: string): Parsed<number> | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(.*)$/.exec(text);
  if (!m) return null;
  const unit = (m[3] as string).trim();
  const value = Number(`${(m[1] as string).replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`);
  if (!Number.isFinite(value)) return null;
  return { value, clean: unit === '' || /^(?:千瓦时|度|kwh|kw·h|kw\.h)$/i.test(unit) };
}

/** A whole count (monthly capacity): `6,000`, `6000件`, `6000 pcs/month`, `6,000 件/月`. */
export function parseCount(text: string): Parsed<number> | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(.*)$/.exec(text);
  if (!m) return null;
  const digits = (m[1] as string).replace(/,/g, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return null;
  const unit = (m[3] as string).trim();
  const unitOk =
    unit === '' ||
    /^(?:件|个|套|台|双|只|条|箱|pcs|pieces|units|sets|pairs)?\s*(?:\/\s*(?:月|month|mo))?$/i.test(unit);
  const fracZero = !m[2] || /^0+$/.test(m[2]);
  return { value, clean: unitOk && fracZero };
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  壹: 1,
  一: 1,
  贰: 2,
  二: 2,
  两: 2,
  叁: 3,
  三: 3,
  肆: 4,
  四: 4,
  伍: 5,
  五: 5,
  陆: 6,
  六: 6,
  柒: 7,
  七: 7,
  捌: 8,
  八: 8,
  玖: 9,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 拾: 10, 十: 10, 佰: 100, 百: 100, 仟: 1000, 千: 1000 };
const CN_BIG: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000, 億: 100_000_000 };

/** Chinese numerals as on older licences: 伍佰万 → 5000000, 壹仟贰佰叁拾万 → 12300000. */
export function parseChineseNumeral(text: string): number | null {
  if (!/^[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九拾十佰百仟千万萬亿億]+$/.test(text)) return null;
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of text) {
    if (c in CN_DIGITS) digit = CN_DIGITS[c] as number;
    else if (c in CN_UNITS) {
      section += (digit === 0 ? 1 : digit) * (CN_UNITS[c] as number);
      digit = 0;
    } else if (c in CN_BIG) {
      const big = CN_BIG[c] as number;
      // 亿 closes everything before it; 万 closes the current section.
      if (big === 100_000_000) total = (total + section + digit) * big;
      else total += (section + digit) * big;
      section = 0;
      digit = 0;
    }
  }
  const value = total + section + digit;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

const FOREIGN_CURRENCY = /美元|港元|港币|欧元|日元|英镑|USD|HKD|EUR|JPY|GBP|US\$/i;

/**
 * Registered capital in integer yuan: `500万元`, `500万人民币`, `123.5万元` (1235000),
 * `5,000,000元`, `RMB 5,000,000`, `5 million`, `RMB 5.5 million`, `伍佰万元整`.
 * A capital in another currency is read as its number but not as clean.
 */
export function parseCapitalYuan(text: string): Parsed<number> | null {
  const foreign = FOREIGN_CURRENCY.test(text);
  const t = text
    .replace(/\s+/g, ' ')
    .replace(new RegExp(FOREIGN_CURRENCY.source, 'gi'), ' ')
    .replace(/人民币|RMB|CNY|¥|￥|元|整|\(|\)|yuan/gi, ' ')
    .trim();
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万|萬|亿|億|million|mn|billion|bn|thousand|k)?$/i.exec(
    t,
  );
  if (m) {
    const unit = (m[3] ?? '').toLowerCase();
    const scale =
      unit === '万' || unit === '萬'
        ? 4
        : unit === '亿' || unit === '億'
          ? 8
          : unit === 'million' || unit === 'mn'
            ? 6
            : unit === 'billion' || unit === 'bn'
              ? 9
              : unit === 'thousand' || unit === 'k'
                ? 3
                : 0;
    const scaled = scaleDecimal({ int: (m[1] as string).replace(/,/g, ''), frac: m[2] ?? '' }, scale);
    if (!scaled) return null;
    return { value: scaled.value, clean: scaled.clean && !foreign };
  }
  const cn = parseChineseNumeral(t.replace(/\s/g, ''));
  if (cn !== null) return { value: cn, clean: !foreign };
  return null;
}
