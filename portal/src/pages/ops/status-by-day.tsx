import { useI18n } from '../../i18n/i18n';

export interface StatusDay {
  day: string;
  counts: Record<string, number>;
}

/** Fills by status, each at least 3:1 against white (non-text contrast). */
const COLOURS: Record<string, string> = {
  IN_PROGRESS: '#1d4ed8',
  AWAITING_REVIEW: '#b45309',
  AWAITING_LAB_RESULTS: '#7c3aed',
  AWAITING_SIGNATURE: '#0f766e',
  ADMITTED: '#15803d',
  REJECTED: '#b91c1c',
};
const OTHER = '#4b5563';
const W = 600;
const H = 160;

/**
 * Applications per status at the end of each day, as stacked bars drawn in SVG (no chart library:
 * a few rectangles). The picture has a short accessible name; the numbers themselves are in the
 * table under it, so nothing depends on seeing the bars.
 */
export function StatusByDay({ days }: { days: StatusDay[] }) {
  const { t } = useI18n();
  if (days.length === 0) return null;
  const statuses = [...new Set(days.flatMap((d) => Object.keys(d.counts)))].sort();
  const max = Math.max(1, ...days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
  const bar = W / days.length;
  const last = days[days.length - 1] as StatusDay;
  const label = `${t('funnelStatusByDay')}, ${days[0]?.day} – ${last.day}: ${
    statuses.map((s) => `${s} ${last.counts[s] ?? 0}`).join(', ') || '0'
  }`;
  return (
    <figure className="funnel-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="none">
        {days.map((d, i) => {
          let y = H;
          return statuses.map((s) => {
            const h = ((d.counts[s] ?? 0) / max) * H;
            y -= h;
            return h > 0 ? (
              <rect
                key={`${d.day}-${s}`}
                x={i * bar}
                y={y}
                width={Math.max(bar - 1, 0.5)}
                height={h}
                fill={COLOURS[s] ?? OTHER}
              />
            ) : null;
          });
        })}
      </svg>
      <figcaption>
        {statuses.map((s) => (
          <span key={s} className="funnel-legend">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={COLOURS[s] ?? OTHER} />
            </svg>{' '}
            <code>{s}</code>
          </span>
        ))}
      </figcaption>
      <details>
        <summary>{t('funnelStatusByDayTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('funnelDay')}</th>
              {statuses.map((s) => (
                <th key={s} scope="col">
                  <code>{s}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                {statuses.map((s) => (
                  <td key={s}>{d.counts[s] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
