import type { FinanceSeller } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';
import { percent } from '../seller/agreement-panel';
import { StatementsPanel } from './statements-panel';

/** Admitted sellers with their fee schedules; statements of a period with their downloads. */
export function FinancePage() {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const sellers = useLoad(() => api.get<FinanceSeller[]>('/api/finance/sellers'), 'sellers');
  return (
    <section aria-labelledby="finance-title">
      <h1 id="finance-title">{t('sellers')}</h1>
      <ErrorMessage error={sellers.error} />
      {sellers.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('commissionRate')}</th>
              <th scope="col">{t('fulfilmentRate')}</th>
              <th scope="col">{t('settlementTerm')}</th>
              <th scope="col">{t('admittedAt')}</th>
              <th scope="col">{t('applicationId')}</th>
            </tr>
          </thead>
          <tbody>
            {sellers.data.map((s) => (
              <tr key={s.applicationId}>
                <td>{s.companyName}</td>
                <td>{code('category', s.category)}</td>
                <td className="num">{percent(s.feeSchedule.commissionRate)}</td>
                <td className="num">{percent(s.feeSchedule.fulfilmentRate)}</td>
                <td className="num">T+{s.feeSchedule.settlementTermDays}</td>
                <td>{dateTime(s.admittedAt)}</td>
                <td>
                  <code>{s.applicationId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <StatementsPanel />
    </section>
  );
}
