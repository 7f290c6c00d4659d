import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';
import { ViolationActions, type ViolationView } from './violation-actions';

/** One admitted application's health, as GET /api/health answers (SPEC "After admission"). */
export interface Health {
  applicationId: string;
  companyName: string;
  uscc: string;
  asOf: string;
  tier: 'GOOD' | 'WARNED' | 'RESTRICTED' | 'BANNED';
  healthScore: number;
  atRisk: boolean;
  atRiskBelow: number;
  settlementTermDays: number;
  delistedSkus: { sku: string; until: string | null }[];
  violations: (ViolationView & { date: string; severity: string; type?: string })[];
  spotChecks: { date: string; sku: string; passed: boolean; findings: string[] }[];
  todo: (
    | { kind: 'confirm_fix'; violationId: string; skus: string[] }
    | { kind: 'appeal'; violationId: string; lastDay: string }
    | { kind: 'raise_score'; healthScore: number; atRiskBelow: number }
    | { kind: 'banned' }
  )[];
}

function Todo({ item, h }: { item: Health['todo'][number]; h: Health }) {
  const { t } = useI18n();
  switch (item.kind) {
    case 'confirm_fix':
      return <li>{t('todo.confirm_fix', { skus: item.skus.join(', ') })}</li>;
    case 'appeal':
      return (
        <li>
          {t('todo.appeal', {
            day: h.violations.find((v) => v.violationId === item.violationId)?.date ?? item.violationId,
            date: item.lastDay,
          })}
        </li>
      );
    case 'raise_score':
      return <li>{t('todo.raise_score', { score: item.healthScore, n: item.atRiskBelow })}</li>;
    default:
      return <li>{t('todo.banned')}</li>;
  }
}

function HealthCard({ h, onChange }: { h: Health; onChange: () => Promise<void> }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const report = useAction(async () => {
    const json = await api.get<unknown>(`/api/health/${encodeURIComponent(h.applicationId)}/report`);
    const url = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `health-report-${h.applicationId}-${h.asOf}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const pdf = useAction(async () => {
    const file = await api.file(`/api/health/${encodeURIComponent(h.applicationId)}/report?format=pdf`);
    // A presigned link is another origin, where `download` is ignored: save the bytes instead.
    const bytes = await file.bytes();
    file.release();
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `health-report-${h.applicationId}-${h.asOf}.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const titleId = `health-${h.applicationId}`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {h.companyName} · <code>{h.applicationId}</code>
      </h2>
      <p className="muted">{t('healthAsOf', { date: h.asOf })}</p>
      <div className={`card next-action ${h.atRisk ? 'bad' : 'good'}`}>
        <p className="next-headline">
          {t('healthScore')}: <strong>{h.healthScore}</strong> / 100 ·{' '}
          <span className="muted">{t('healthThreshold', { n: h.atRiskBelow })}</span>
        </p>
        {h.atRisk && <p role="alert">{t('healthAtRisk', { n: h.atRiskBelow })}</p>}
        <p>
          {t('healthTier')}: <span className="badge">{t(`tier.${h.tier}` as WordKey)}</span> ·{' '}
          {t('healthSettlement')}: {t('healthSettlementDays', { n: h.settlementTermDays })}
        </p>
      </div>

      <h3>{t('healthTodo')}</h3>
      {h.todo.length === 0 ? (
        <p className="muted">{t('healthTodoNone')}</p>
      ) : (
        <ul>
          {h.todo.map((item) => (
            <Todo key={`${item.kind}:${'violationId' in item ? item.violationId : ''}`} item={item} h={h} />
          ))}
        </ul>
      )}

      <h3>{t('healthDelisted')}</h3>
      {h.delistedSkus.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('healthSku')}</th>
              <th scope="col">{t('healthUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {h.delistedSkus.map((d) => (
              <tr key={d.sku}>
                <td>
                  <code>{d.sku}</code>
                </td>
                <td>{d.until ?? (h.tier === 'BANNED' ? t('healthUntilNever') : t('healthUntilFix'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('healthViolations')}</h3>
      {h.violations.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('severity')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('healthSku')}</th>
              <th scope="col">{t('healthCounted')}</th>
            </tr>
          </thead>
          <tbody>
            {h.violations.map((v) => (
              <tr
                key={v.violationId}
                className={v.counted && v.severity === 'serious' ? 'overdue' : undefined}
              >
                <td>{v.date}</td>
                <td>{v.severity}</td>
                <td>{v.type ?? ''}</td>
                <td>{v.skus.join(', ')}</td>
                <td>
                  {v.voided ? t('healthVoided') : v.counted ? t('healthCounted') : t('healthNotCounted')}
                  {v.fixedOn && <div className="muted">{t('healthFixedOn', { date: v.fixedOn })}</div>}
                  {v.appealBy && <div className="muted">{t('healthAppealBy', { date: v.appealBy })}</div>}
                  <ViolationActions applicationId={h.applicationId} v={v} onChange={onChange} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('healthSpotChecks')}</h3>
      {h.spotChecks.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('healthSku')}</th>
              <th scope="col">{t('healthFindings')}</th>
            </tr>
          </thead>
          <tbody>
            {h.spotChecks.map((s) => (
              <tr key={`${s.date}:${s.sku}`}>
                <td>{s.date}</td>
                <td>
                  <code>{s.sku}</code>
                </td>
                <td>
                  {s.passed ? t('healthPassed') : t('healthFailed')}
                  {s.findings.length > 0 ? ` (${s.findings.join(', ')})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <p>
        <button type="button" onClick={() => void report.run()} disabled={report.busy}>
          {t('healthReport')}
        </button>{' '}
        <button type="button" onClick={() => void pdf.run()} disabled={pdf.busy}>
          {t('healthReportPdf')}
        </button>
      </p>
      <ErrorMessage error={report.error ?? pdf.error} />
    </section>
  );
}

/** The seller's health page: each admitted application's score, tier, delistings and what to do. */
export function HealthPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const health = useLoad(() => api.get<Health[]>('/api/health'), 'health');
  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title">{t('healthTitle')}</h1>
      <ErrorMessage error={health.error} />
      {health.loading && !health.data && <p className="muted">{t('loading')}</p>}
      {health.data?.length === 0 && <p className="muted">{t('healthNone')}</p>}
      {health.data?.map((h) => (
        <HealthCard key={h.applicationId} h={h} onChange={health.reload} />
      ))}
    </section>
  );
}
