/** How generated documents write dates, months, money and numbers. */

export type DateStyle = 'cjk' | 'cjk-padded' | 'iso' | 'slash' | 'dot';
export type MonthStyle = 'iso' | 'slash' | 'cjk';

function ymd(iso: string): [string, string, string] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return [m[1] as string, m[2] as string, m[3] as string];
}

export function formatDate(iso: string, style: DateStyle): string {
  const [y, m, d] = ymd(iso);
  switch (style) {
    case 'cjk':
      return `${y}年${Number(m)}月${Number(d)}日`;
    case 'cjk-padded':
      return `${y}年${m}月${d}日`;
    case 'iso':
      return `${y}-${m}-${d}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'dot':
      return `${y}.${m}.${d}`;
  }
}

export function formatMonth(month: string, style: MonthStyle): string {
  const [y, m] = month.split('-') as [string, string];
  if (style === 'cjk') return `${y}年${Number(m)}月`;
  return style === 'slash' ? `${y}/${m}` : `${y}-${m}`;
}

/** 1234567 → "1,234,567" (integer digits only). */
export function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Signed fen → "+12,345.67" / "-500.00", by integer arithmetic. */
export function formatFen(fen: number, signed = true): string {
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const sign = fen < 0 ? '-' : signed ? '+' : '';
  return `${sign}${group(String(yuan))}.${cents}`;
}

/** kWh with thousands separators; decimals kept as given. */
export function formatKwh(kwh: number): string {
  const [int, frac] = String(kwh).split('.') as [string, string | undefined];
  return frac ? `${group(int)}.${frac}` : group(int);
}

/** ASCII → full-width forms (digits, letters, punctuation); the space becomes U+3000. */
export function fullWidth(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (code === 0x20) return '\u3000';
      return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : c;
    })
    .join('');
}

/** Adds whole years to an ISO date (29 February → 28 February). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = ymd(iso);
  const year = Number(y) + years;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const day = m === '02' && d === '29' && !leap ? '28' : d;
  return `${year}-${m}-${day}`;
}

export function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The n full calendar months before the month of `iso`, oldest first: 2026-11-20 → 2026-05..2026-10. */
export function monthsBefore(iso: string, n: number): string[] {
  const [y, m] = ymd(iso);
  const out: string[] = [];
  for (let i = n; i >= 1; i--) {
    const idx = Number(y) * 12 + (Number(m) - 1) - i;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
