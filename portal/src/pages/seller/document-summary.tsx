import type { ApplicationDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { type DocumentSummary, formatYuan } from './summaries';

const CHART_W = 240;
const CHART_H = 72;

/** kWh per month of the window as bars: an image with its numbers in its name (and the list below). */
function KwhBars({ window, kwhByMonth }: { window: string[]; kwhByMonth: { month: string; kwh: number }[] }) {
  const { t } = useI18n();
  const byMonth = new Map(kwhByMonth.map((m) => [m.month, m.kwh]));
  const max = Math.max(1, ...kwhByMonth.map((m) => m.kwh));
  const slot = CHART_W / window.length;
  const values = window.map((m) => `${m} ${byMonth.get(m)?.toLocaleString() ?? '—'}`).join(', ');
  return (
    <svg
      className="kwh-bars"
      viewBox={`0 0 ${CHART_W} ${CHART_H + 14}`}
      role="img"
      aria-label={t('kwhChart', { values })}
    >
      {window.map((m, i) => {
        const kwh = byMonth.get(m);
        const h = kwh === undefined ? 0 : Math.max(2, Math.round((kwh / max) * CHART_H));
        return (
          <g key={m}>
            {kwh === undefined ? (
              <rect x={i * slot + 6} y={CHART_H - 2} width={slot - 12} height={2} className="bar-missing" />
            ) : (
              <rect x={i * slot + 6} y={CHART_H - h} width={slot - 12} height={h} className="bar" />
            )}
            <text x={i * slot + slot / 2} y={CHART_H + 12} textAnchor="middle" className="bar-label">
              {m.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Covered({ window, covered }: { window: string[]; covered: string[] }) {
  const { t } = useI18n();
  const missing = window.filter((m) => !covered.includes(m));
  const all = missing.length === 0;
  return (
    <p className={all ? 'ok' : 'bad'}>
      {t('monthsCovered', {
        n: covered.length,
        of: window.length,
        from: window[0] ?? '',
        to: window.at(-1) ?? '',
      })}{' '}
      {all ? '✓' : '✗'}
      {!all && <span className="muted"> · {t('monthsMissing', { months: missing.join(', ') })}</span>}
    </p>
  );
}

/** A slot's documents in a sentence or two: what a seller or a reviewer checks first. */
export function SummaryView({
  summary,
  capacity,
}: {
  summary: DocumentSummary;
  capacity?: ApplicationDetail['capacity'];
}) {
  const { t } = useI18n();
  switch (summary.kind) {
    case 'licence':
      return (
        <dl className="facts summary">
          <dt>{t('companyName')}</dt>
          <dd>{summary.companyName ?? '—'}</dd>
          <dt>{t('uscc')}</dt>
          <dd>
            <code>{summary.uscc ?? '—'}</code>
          </dd>
          <dt>{t('legalRepresentative')}</dt>
          <dd>{summary.legalRepresentative ?? '—'}</dd>
          <dt>{t('term')}</dt>
          <dd>
            {summary.establishedOn ?? '—'} –{' '}
            {summary.validUntil === null ? t('termNoEnd') : (summary.validUntil ?? '—')}
          </dd>
          {summary.registeredCapitalYuan !== undefined && (
            <>
              <dt>{t('fieldName.registeredCapital')}</dt>
              <dd className="num">{summary.registeredCapitalYuan.toLocaleString()}</dd>
            </>
          )}
        </dl>
      );
    case 'id':
      return (
        <p className="summary">
          {summary.name ?? '—'} · <code>{summary.idNumber ?? '—'}</code>
        </p>
      );
    case 'trademark':
      return (
        <p className="summary">
          {t('holder')}: {summary.holder ?? '—'} · <code>{summary.registrationNumber ?? '—'}</code>
          {summary.validUntil && <> · {summary.validUntil}</>}
        </p>
      );
    case 'bank':
      return (
        <div className="summary">
          <Covered window={summary.window} covered={summary.covered} />
          <p className="muted">
            {summary.accountName && <>{summary.accountName} · </>}
            {t('moneyIn')} ¥{formatYuan(summary.inflowMinor)} · {t('moneyOut')} ¥
            {formatYuan(summary.outflowMinor)}
          </p>
        </div>
      );
    case 'electricity':
      return (
        <div className="summary">
          <Covered window={summary.window} covered={summary.kwhByMonth.map((m) => m.month)} />
          <p className="muted">{t('kwhPerMonth')}</p>
          <KwhBars window={summary.window} kwhByMonth={summary.kwhByMonth} />
          <p>
            {t('electricityRatio')}: <strong>{capacity?.ratio ?? '—'}</strong> · {t('capacityScore')}:{' '}
            <strong>{capacity ? capacity.score : t('scoredAtSubmission')}</strong>
          </p>
        </div>
      );
    case 'capacity':
      return (
        <div className="summary">
          <p className={summary.missing.length === 0 ? 'ok' : 'bad'}>
            {t('skusProven', { n: summary.proven.length, of: summary.declared.length })}{' '}
            {summary.missing.length === 0 ? '✓' : '✗'}
          </p>
          {summary.missing.length > 0 && (
            <p className="muted">{t('notInProof', { skus: summary.missing.join(', ') })}</p>
          )}
        </div>
      );
  }
}
