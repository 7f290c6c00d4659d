import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { JsonEditor } from '../../components/json-editor';
import { keyed } from '../../components/keyed';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';

interface Violation {
  uscc: string;
  date: string;
  severity: 'minor' | 'serious';
  type: string;
  note?: string;
}

const EXAMPLE = JSON.stringify(
  [{ uscc: '91330782MA2XXXXXXX', date: '2026-03-01', severity: 'minor', type: 'late_shipment', note: '' }],
  null,
  2,
);

export function ViolationsPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const [uscc, setUscc] = useState('');
  const [found, setFound] = useState<Violation[]>();
  const [imported, setImported] = useState<string>();
  const search = useAction(async () => {
    setFound(await api.get<Violation[]>(`/api/ops/violations?uscc=${encodeURIComponent(uscc.trim())}`));
  });
  const importRecords = useAction(async (records: unknown) => {
    const result = await api.post<{ loaded?: number }>('/api/ops/violations', records);
    setImported(`${t('imported')}: ${result.loaded ?? (Array.isArray(records) ? records.length : 0)}`);
  });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    void search.run();
  };
  return (
    <section aria-labelledby="violations-title">
      <h1 id="violations-title">{t('violations')}</h1>
      <form className="row card" onSubmit={onSearch}>
        <label>
          {t('searchByUscc')}
          <input required value={uscc} onChange={(e) => setUscc(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={search.busy}>
          {t('search')}
        </button>
      </form>
      <ErrorMessage error={search.error} />
      {found && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('uscc')}</th>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('severity')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {found.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t('none')}
                </td>
              </tr>
            )}
            {keyed(found, (v) => `${v.date}:${v.type}`).map(([key, v]) => (
              <tr key={key} className={v.severity === 'serious' ? 'overdue' : undefined}>
                <td>
                  <code>{v.uscc}</code>
                </td>
                <td>{v.date}</td>
                <td>{v.severity}</td>
                <td>{v.type}</td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card">
        <JsonEditor
          label={t('importViolations')}
          initial={EXAMPLE}
          submitLabel={t('import')}
          busy={importRecords.busy}
          onSubmit={(v) => void importRecords.run(v)}
          rows={8}
        />
        <ErrorMessage error={importRecords.error} />
        {imported && <p role="status">{imported}</p>}
      </section>
    </section>
  );
}
