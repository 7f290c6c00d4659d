import { type FormEvent, useState } from 'react';
import type { FinanceSeller } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { keyed } from '../../components/keyed';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';
import { percent } from '../seller/agreement-panel';

type Row = Record<string, unknown>;

/** "2026-11" for the month before today: statements are read for a closed month. */
function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** A statement list in whatever shape the API gives: an array, or `{ statements: [...] }`. */
function rowsOf(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  const statements = (result as { statements?: unknown } | null)?.statements;
  return Array.isArray(statements) ? (statements as Row[]) : [];
}

const LINK = /url$|href$|^csv$|^pdf$/i;

/** Admitted sellers with their fee schedules; statements of a period with their downloads. */
export function FinancePage() {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const sellers = useLoad(() => api.get<FinanceSeller[]>('/api/finance/sellers'), 'sellers');
  const [period, setPeriod] = useState(lastMonth);
  const [statements, setStatements] = useState<Row[]>();
  const load = useAction(async () => {
    setStatements(
      rowsOf(await api.get<unknown>(`/api/finance/statements?period=${encodeURIComponent(period)}`)),
    );
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void load.run();
  };
  const columns = [...new Set((statements ?? []).flatMap((s) => Object.keys(s)))];
  const dataColumns = columns.filter((c) => !LINK.test(c) && typeof statements?.[0]?.[c] !== 'object');
  const linkColumns = columns.filter((c) => LINK.test(c));
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
      <h2>{t('statements')}</h2>
      <form className="row card" onSubmit={onSubmit}>
        <label>
          {t('period')}
          <input required pattern="\d{4}-\d{2}" value={period} onChange={(e) => setPeriod(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={load.busy}>
          {t('show')}
        </button>
      </form>
      <ErrorMessage error={load.error} />
      {statements && statements.length === 0 && <p className="muted">{t('noStatements')}</p>}
      {statements && statements.length > 0 && (
        <table>
          <thead>
            <tr>
              {dataColumns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              {linkColumns.length > 0 && <th scope="col">{t('download')}</th>}
            </tr>
          </thead>
          <tbody>
            {keyed(statements, (s) => `${String(s.applicationId)}:${String(s.currency)}`).map(([key, s]) => (
              <tr key={key}>
                {dataColumns.map((c) => (
                  <td key={c} className={typeof s[c] === 'number' ? 'num' : undefined}>
                    {String(s[c] ?? '')}
                  </td>
                ))}
                {linkColumns.length > 0 && (
                  <td>
                    {linkColumns
                      .filter((c) => typeof s[c] === 'string')
                      .map((c) => (
                        <a key={c} href={String(s[c])} download className="download">
                          {c.replace(/url$|href$/i, '').toUpperCase() || c}
                        </a>
                      ))}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
