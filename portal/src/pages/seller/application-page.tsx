import { useState } from 'react';
import { enc } from '../../api/client';
import type { ApplicationDetail, ApplicationForm } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { StatusBadge } from '../../components/status-badge';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { href } from '../../router';
import { useLoad, usePolling } from '../../use-load';
import { AgreementPanel } from './agreement-panel';
import { ApplicationFormEditor } from './application-form';
import { DocumentsPanel, missingDocuments } from './documents-panel';
import { FlowProgress } from './flow-progress';
import { NextActionCard } from './next-action';
import { ReasonsTable, RequirementsPanel, TimelinePanel } from './progress-panels';
import { RejectionPanel } from './rejection-panel';

const MOVING = ['SUBMITTED', 'IN_PROGRESS'];
const WAITING_ON_OTHERS = ['AWAITING_REVIEW', 'AWAITING_LAB_RESULTS'];

/** One application: a draft to complete and submit, or the status of one on its way. */
export function ApplicationPage({ applicationId }: { applicationId: string }) {
  const { t, code } = useI18n();
  const { api } = usePortal();
  const path = `/api/applications/${enc(applicationId)}`;
  const detail = useLoad(() => api.get<ApplicationDetail>(path), path);
  const app = detail.data;
  const submit = useAction(async () => {
    await api.post(`${path}/submit`);
    await detail.reload();
  });
  // While the automation runs, follow it closely; while others decide, now and then.
  usePolling(!!app && MOVING.includes(app.status), detail.reload, 1000);
  usePolling(!!app && WAITING_ON_OTHERS.includes(app.status), detail.reload, 5000);

  if (!app) {
    return (
      <>
        <ErrorMessage error={detail.error} />
        {!detail.error && <p className="muted">{t('loading')}</p>}
      </>
    );
  }
  const draft = app.status === 'DRAFT';
  return (
    <div className="application">
      <p>
        <a href={href('applications')}>← {t('applications')}</a>
      </p>
      <div className="page-head">
        <h1>
          {app.form.seller.companyName} <span className="muted">· {code('category', app.form.category)}</span>
        </h1>
        <StatusBadge status={app.status} />
      </div>
      <p className="muted">
        {t('applicationId')}: <code>{app.applicationId}</code>
      </p>
      <ErrorMessage error={detail.error} />
      <NextActionCard
        application={app}
        missingDocuments={draft ? missingDocuments(app) : []}
        submit={{ run: () => void submit.run(), busy: submit.busy }}
      />
      <FlowProgress application={app} />
      {draft ? (
        <Draft application={app} onChanged={detail.reload} submit={submit} />
      ) : (
        <>
          {app.status === 'REJECTED' && <RejectionPanel application={app} onChanged={detail.reload} />}
          <AgreementPanel application={app} onChanged={detail.reload} />
          <RequirementsPanel application={app} />
          {app.reasons.length > 0 && (
            <section className="card">
              <ReasonsTable reasons={app.reasons} />
            </section>
          )}
          <TimelinePanel application={app} />
          <DocumentsPanel application={app} editable={false} onChanged={detail.reload} />
        </>
      )}
    </div>
  );
}

type Action = ReturnType<typeof useAction<[]>>;

function Draft({
  application,
  onChanged,
  submit,
}: {
  application: ApplicationDetail;
  onChanged(): Promise<void>;
  submit: Action;
}) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [editing, setEditing] = useState(false);
  const base = `/api/applications/${enc(application.applicationId)}`;
  const saveForm = async (form: ApplicationForm) => {
    await api.put(base, form);
    setEditing(false);
    await onChanged();
  };
  const form = application.form;
  return (
    <>
      {editing ? (
        <section className="card">
          <ApplicationFormEditor
            applicationId={application.applicationId}
            initial={form}
            submitLabel={t('saveApplication')}
            onSubmit={saveForm}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : (
        <FormSummary form={form} onEdit={() => setEditing(true)} />
      )}
      <DocumentsPanel application={application} editable onChanged={onChanged} />
      <RequirementsPanel application={application} />
      <section className="card" aria-labelledby="submit-title">
        <h2 id="submit-title">{t('submit')}</h2>
        <p className="hint">{t('submitHint')}</p>
        <ErrorMessage error={submit.error} />
        <button type="button" className="primary" onClick={() => void submit.run()} disabled={submit.busy}>
          {t('submit')}
        </button>
      </section>
    </>
  );
}

function FormSummary({ form, onEdit }: { form: ApplicationForm; onEdit(): void }) {
  const { t, code } = useI18n();
  return (
    <section className="card" aria-labelledby="form-title">
      <div className="page-head">
        <h2 id="form-title">{t('formTitle')}</h2>
        <button type="button" onClick={onEdit}>
          {t('editApplication')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('uscc')}</dt>
        <dd>
          <code>{form.seller.uscc}</code>
        </dd>
        <dt>{t('legalRepresentative')}</dt>
        <dd>{form.seller.legalRepresentative ?? '—'}</dd>
        <dt>{t('contactEmail')}</dt>
        <dd>{form.seller.contactEmail ?? '—'}</dd>
        <dt>{t('category')}</dt>
        <dd>{code('category', form.category)}</dd>
      </dl>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('sku')}</th>
            <th scope="col">{t('skuName')}</th>
            <th scope="col">{t('monthlyCapacity')}</th>
            <th scope="col">{t('hasBattery')}</th>
            <th scope="col">{t('sample')}</th>
            <th scope="col">{t('attributesShort')}</th>
          </tr>
        </thead>
        <tbody>
          {form.skus.map((s) => (
            <tr key={s.sku}>
              <td>
                <code>{s.sku}</code>
              </td>
              <td>{s.name}</td>
              <td className="num">{s.monthlyCapacity.toLocaleString()}</td>
              <td>{s.hasBattery ? t('yes') : t('no')}</td>
              <td>{form.sampleSkus.includes(s.sku) ? t('yes') : ''}</td>
              <td>
                <Attributes attributes={s.attributes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A SKU's attributes as words: "materialComposition: PP 90%, TPR 10%", yes/no in the reader's language. */
function Attributes({ attributes }: { attributes: Record<string, unknown> | undefined }) {
  const { t, code } = useI18n();
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return null;
  const show = (v: unknown): string => {
    if (v === 'yes' || v === true) return t('yes');
    if (v === 'no' || v === false) return t('no');
    if (v && typeof v === 'object')
      return Object.entries(v as Record<string, unknown>)
        .map(([k, n]) => `${k} ${String(n)}${typeof n === 'number' ? '%' : ''}`)
        .join(', ');
    return String(v);
  };
  return (
    <dl className="attrs">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{code('attribute', k)}</dt>
          <dd>{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
