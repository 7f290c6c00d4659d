import type { ApplicationForm, ApplicationSummary } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { StatusBadge } from '../../components/status-badge';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { go, href } from '../../router';
import { useLoad } from '../../use-load';
import { ApplicationFormEditor } from './application-form';

export function ApplicationsPage() {
  const { t, code, dateTime } = useI18n();
  const { api, me } = usePortal();
  const list = useLoad(() => api.get<ApplicationSummary[]>('/api/applications'), 'applications');
  const rows = [...(list.data ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <section aria-labelledby="applications-title">
      <div className="page-head">
        <h1 id="applications-title">{t('applications')}</h1>
        {me.groups.includes('seller') && (
          <a className="button primary" href={href('applications', 'new')}>
            {t('newApplication')}
          </a>
        )}
      </div>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data && <p className="muted">{t('loading')}</p>}
      {list.data && rows.length === 0 && <p className="muted">{t('noApplications')}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('updatedAt')}</th>
              <th scope="col">{t('applicationId')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.applicationId}>
                <td>
                  <a href={href('applications', a.applicationId)}>{a.companyName}</a>
                </td>
                <td>{code('category', a.category)}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>{dateTime(a.updatedAt)}</td>
                <td>
                  <code>{a.applicationId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function NewApplicationPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const create = async (form: ApplicationForm) => {
    const created = await api.post<{ applicationId: string }>('/api/applications', form);
    go('applications', created.applicationId);
  };
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t('newApplication')}</h1>
      <ApplicationFormEditor
        submitLabel={t('createApplication')}
        onSubmit={create}
        onCancel={() => go('applications')}
      />
    </section>
  );
}
