/** Items with stable React keys made from their content; repeats get "#2", "#3"... */
export function keyed<T>(items: readonly T[], keyOf: (item: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const k = keyOf(item);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return [n > 1 ? `${k}#${n}` : k, item];
  });
}
