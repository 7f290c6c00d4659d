import { type FormEvent, useState } from 'react';
import type { FinanceStatements } from '../../../../lambdas/api/contract';
import { postToPresigned } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { formatMinor } from './money';

/** "2026-11" for the month before today: statements are issued for a closed month. */
function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

const ORDER_TYPES: Record<string, 'text/csv' | 'application/x-ndjson'> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
};

/** A period's statements: upload order files, issue once, read totals and download the files. */
export function StatementsPanel() {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const [period, setPeriod] = useState(lastMonth);
  const [result, setResult] = useState<FinanceStatements | { period: string; started: true }>();
  const [uploaded, setUploaded] = useState<string[]>([]);
  const show = useAction(async () => {
    setResult(
      await api.get<FinanceStatements>(`/api/finance/statements?period=${encodeURIComponent(period)}`),
    );
  });
  const issue = useAction(async () => {
    setResult(
      await api.post<FinanceStatements | { period: string; started: true }>('/api/finance/statements', {
        period,
      }),
    );
  });
  const upload = useAction(async (files: File[]) => {
    for (const file of files) {
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      const contentType = ORDER_TYPES[ext] ?? 'text/csv';
      const ticket = await api.post<{ url: string; fields: Record<string, string> }>('/api/finance/orders', {
        fileName: file.name,
        contentType,
        size: file.size,
      });
      await postToPresigned(ticket.url, ticket.fields, file);
      setUploaded((u) => [...u, file.name]);
    }
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void show.run();
  };
  const statements = result && 'statements' in result ? result : undefined;
  return (
    <>
      <h2>{t('statements')}</h2>
      <p className="muted">{t('immutableNote')}</p>
      <form className="row card" onSubmit={onSubmit}>
        <label>
          {t('period')}
          <input required pattern="\d{4}-\d{2}" value={period} onChange={(e) => setPeriod(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={show.busy}>
          {t('show')}
        </button>
      </form>
      <ErrorMessage error={show.error ?? issue.error ?? upload.error} />
      {result && 'started' in result && <p>{t('issueStarted')}</p>}
      {statements && !statements.issued && (
        <div className="card">
          <p>{t('notIssued')}</p>
          <label>
            {t('orderFiles')}
            <input
              type="file"
              multiple
              accept=".csv,.jsonl,.ndjson"
              onChange={(e) => void upload.run([...(e.target.files ?? [])])}
            />
          </label>
          {uploaded.length > 0 && (
            <p className="muted">
              {t('ordersUploaded')}: {uploaded.join(', ')}
            </p>
          )}
          <button
            type="button"
            className="primary"
            disabled={issue.busy || upload.busy}
            onClick={() => void issue.run()}
          >
            {t('issueStatements')}
          </button>
        </div>
      )}
      {statements?.issued && (
        <>
          <p className="muted">
            {t('statementsIssuedAt')}: {statements.issuedAt ? dateTime(statements.issuedAt) : ''} ·{' '}
            {t('issuedBy')}: {statements.issuedBy}
          </p>
          {statements.statements.length === 0 ? (
            <p className="muted">{t('noStatements')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('applicationId')}</th>
                  <th scope="col">{t('currency')}</th>
                  <th scope="col">{t('lines')}</th>
                  <th scope="col">{t('gross')}</th>
                  <th scope="col">{t('commission')}</th>
                  <th scope="col">{t('fulfilment')}</th>
                  <th scope="col">{t('vas')}</th>
                  <th scope="col">{t('net')}</th>
                  <th scope="col">{t('download')}</th>
                </tr>
              </thead>
              <tbody>
                {statements.statements.map((s) => (
                  <tr key={`${s.applicationId}:${s.currency}`}>
                    <td>
                      <code>{s.applicationId}</code>
                    </td>
                    <td>{s.currency}</td>
                    <td className="num">{s.lines}</td>
                    <td className="num">{formatMinor(s.grossMinor)}</td>
                    <td className="num">{formatMinor(s.commissionMinor)}</td>
                    <td className="num">{formatMinor(s.fulfilmentMinor)}</td>
                    <td className="num">{formatMinor(s.vasMinor)}</td>
                    <td className="num">{formatMinor(s.netMinor)}</td>
                    <td>
                      {s.csvUrl && (
                        <a href={s.csvUrl} download className="download">
                          CSV
                        </a>
                      )}{' '}
                      {s.pdfUrl && (
                        <a href={s.pdfUrl} download className="download">
                          PDF
                        </a>
                      )}{' '}
                      {s.jsonUrl && (
                        <a href={s.jsonUrl} download className="download">
                          JSON
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {statements.rejects.length > 0 && (
            <>
              <h3>{t('rejects')}</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('file')}</th>
                    <th scope="col">{t('line')}</th>
                    <th scope="col">{t('reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {statements.rejects.map((r) => (
                    <tr key={`${r.file}:${r.line}`}>
                      <td>{r.file}</td>
                      <td className="num">{r.line}</td>
                      <td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </>
  );
}
