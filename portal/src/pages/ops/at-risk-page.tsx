import { ErrorMessage } from '../../components/error-message';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

interface AtRisk {
  asOf: string;
  atRiskBelow: number;
  sellers: {
    applicationId: string;
    uscc: string;
    companyName: string;
    tier: string;
    healthScore: number;
    atRisk: boolean;
    violationsCounted: number;
    delistedSkus: number;
  }[];
}

/** Ops: admitted sellers below the at-risk score or not GOOD, lowest score first. */
export function AtRiskPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const list = useLoad(() => api.get<AtRisk>('/api/ops/at-risk'), 'at-risk');
  const data = list.data;
  return (
    <section aria-labelledby="at-risk-title">
      <h1 id="at-risk-title">{t('atRiskTitle')}</h1>
      <ErrorMessage error={list.error} />
      {data && (
        <>
          <p className="muted">
            {t('healthAsOf', { date: data.asOf })} · {t('healthThreshold', { n: data.atRiskBelow })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('atRiskCompany')}</th>
                <th scope="col">{t('uscc')}</th>
                <th scope="col">{t('healthScore')}</th>
                <th scope="col">{t('healthTier')}</th>
                <th scope="col">{t('atRiskCounted')}</th>
                <th scope="col">{t('healthDelisted')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sellers.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('atRiskNone')}
                  </td>
                </tr>
              )}
              {data.sellers.map((s) => (
                <tr key={s.applicationId} className={s.atRisk ? 'overdue' : undefined}>
                  <td>
                    <a href={`#/applications/${encodeURIComponent(s.applicationId)}`}>{s.companyName}</a>
                  </td>
                  <td>
                    <code>{s.uscc}</code>
                  </td>
                  <td>{s.healthScore}</td>
                  <td>
                    <span className="badge">{t(`tier.${s.tier}` as WordKey)}</span>
                  </td>
                  <td>{s.violationsCounted}</td>
                  <td>{s.delistedSkus}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
