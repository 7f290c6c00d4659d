import { ErrorMessage } from '../../components/error-message';
import { JsonEditor } from '../../components/json-editor';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

interface RulesVersion {
  version: string;
  publishedAt?: string;
  publishedBy?: string;
  settings?: unknown;
  [key: string]: unknown;
}

interface RulesView {
  current: RulesVersion;
  versions: RulesVersion[];
}

/** The rules configuration: the current version to read and edit; saving publishes a new one. */
export function RulesPage() {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const rules = useLoad(() => api.get<RulesView>('/api/ops/rules'), 'rules');
  const publish = useAction(async (settings: unknown) => {
    await api.post('/api/ops/rules', settings);
    await rules.reload();
  });
  const current = rules.data?.current;
  const editable = current ? (current.settings ?? current) : undefined;
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rules')}</h1>
      <ErrorMessage error={rules.error} />
      {current && (
        <>
          <p>
            {t('currentVersion')}: <strong>{current.version}</strong>
            {current.publishedAt && <span className="muted"> · {dateTime(current.publishedAt)}</span>}
          </p>
          <section className="card">
            <p className="hint">{t('editRulesHint')}</p>
            <JsonEditor
              key={current.version}
              label={t('editRules')}
              initial={JSON.stringify(editable, null, 2)}
              submitLabel={t('publish')}
              busy={publish.busy}
              onSubmit={(v) => void publish.run(v)}
              rows={24}
            />
            <ErrorMessage error={publish.error} />
          </section>
          <section className="card">
            <h2>{t('versions')}</h2>
            <ul>
              {[...(rules.data?.versions ?? [])]
                .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
                .map((v) => (
                  <li key={v.version}>
                    <strong>{v.version}</strong> {v.publishedAt && dateTime(v.publishedAt)}{' '}
                    <span className="muted">{v.publishedBy}</span>
                  </li>
                ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
