/** The months (YYYY-MM) a period of China dates touches. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    months.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}
