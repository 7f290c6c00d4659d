import { useState } from 'react';
import type { LabView } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { JsonEditor } from '../../components/json-editor';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

const EXAMPLE = JSON.stringify(
  {
    labId: 'lab-new',
    name: '新检测机构 / New lab',
    accreditations: ['CNAS', 'CMA'],
    registeredOn: '2020-01-01',
    registeredCapitalYuan: 5000000,
    ownLaboratories: 12,
  },
  null,
  2,
);

/** A problem as the API gives it: a code, or a bilingual message. */
function Problem({ p }: { p: unknown }) {
  const { msg, code } = useI18n();
  if (typeof p === 'string') return <>{code('labProblem', p)}</>;
  const o = p as { code?: string; message?: { zh: string; en: string } };
  return (
    <>
      {o.code && <code>{o.code}</code>} {o.message ? msg(o.message) : ''}
    </>
  );
}

/** The lab registry with the SPEC eligibility check (CNAS + CMA, 3+ years, ¥3M, 10 labs). */
export function LabsPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const labs = useLoad(() => api.get<LabView[]>('/api/ops/labs'), 'labs');
  const [checked, setChecked] = useState<unknown[]>();
  const add = useAction(async (lab: unknown) => {
    const result = await api.post<{ problems?: unknown[] } | unknown[]>('/api/ops/labs', lab);
    setChecked(Array.isArray(result) ? result : (result.problems ?? []));
    await labs.reload();
  });
  return (
    <section aria-labelledby="labs-title">
      <h1 id="labs-title">{t('labs')}</h1>
      <ErrorMessage error={labs.error} />
      {labs.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{t('labName')}</th>
              <th scope="col">CNAS / CMA</th>
              <th scope="col">{t('eligible')}</th>
            </tr>
          </thead>
          <tbody>
            {labs.data.map(({ lab, problems }) => (
              <tr key={lab.labId}>
                <td>
                  <code>{lab.labId}</code>
                </td>
                <td>{lab.name}</td>
                <td>{lab.accreditations.join(', ')}</td>
                <td>
                  {problems.length === 0 ? (
                    <span className="ok">{t('eligible')}</span>
                  ) : (
                    <>
                      <span className="bad">{t('notEligible')}</span>
                      <ul className="problems">
                        {problems.map((p) => (
                          <li key={JSON.stringify(p)}>
                            <Problem p={p} />
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card">
        <JsonEditor
          label={t('addLab')}
          initial={EXAMPLE}
          submitLabel={t('checkAndAdd')}
          busy={add.busy}
          onSubmit={(v) => void add.run(v)}
          rows={10}
        />
        <ErrorMessage error={add.error} />
        {checked &&
          (checked.length === 0 ? (
            <p role="status" className="ok">
              {t('eligible')}
            </p>
          ) : (
            <ul role="status" className="problems">
              {checked.map((p) => (
                <li key={JSON.stringify(p)}>
                  <Problem p={p} />
                </li>
              ))}
            </ul>
          ))}
      </section>
    </section>
  );
}
