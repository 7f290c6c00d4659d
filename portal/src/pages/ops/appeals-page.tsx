import { type FormEvent, useState } from 'react';
import { enc } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

interface OpenAppeal {
  applicationId: string;
  companyName: string;
  uscc: string;
  violationId: string;
  violation: { date: string; severity: string; type: string | null; skus: string[] } | null;
  filedOn: string;
  statement: string;
  evidence: { evidenceId: string; kind: string; file: string; size: number }[];
}

function AppealCard({ a, onDecided }: { a: OpenAppeal; onDecided: () => Promise<void> }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [note, setNote] = useState('');
  const base = `/api/health/${enc(a.applicationId)}/evidence?violationId=${enc(a.violationId)}`;
  const open = useAction(async (evidenceId: string) => {
    const file = await api.file(`${base}&evidenceId=${enc(evidenceId)}`);
    window.open(file.url, '_blank', 'noopener');
  });
  const decide = useAction(async (outcome: 'uphold' | 'dismiss') => {
    await api.post(`/api/ops/appeals/${enc(a.applicationId)}/decision`, {
      violationId: a.violationId,
      outcome,
      note,
    });
    await onDecided();
  });
  const submit = (e: FormEvent<HTMLFormElement>, outcome: 'uphold' | 'dismiss') => {
    e.preventDefault();
    void decide.run(outcome);
  };
  const titleId = `appeal-${a.violationId.replace(/[^\w-]/g, '_')}`;
  const v = a.violation;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {a.companyName} · <code>{a.applicationId}</code>
      </h2>
      <p>
        {v
          ? `${v.date} · ${v.severity}${v.type ? ` · ${v.type}` : ''}${v.skus.length ? ` · ${v.skus.join(', ')}` : ''}`
          : a.violationId}
      </p>
      <p className="muted">
        {t('appealFiled')}: {a.filedOn}
      </p>
      <blockquote>{a.statement}</blockquote>
      <ul>
        {a.evidence.map((e) => (
          <li key={e.evidenceId}>
            {t(`evidence.${e.kind}` as WordKey)}:{' '}
            <button type="button" className="link-button" onClick={() => void open.run(e.evidenceId)}>
              {e.file}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => submit(e, 'uphold')}>
        <label>
          {t('appealNote')}
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required
            maxLength={2000}
            rows={2}
          />
        </label>
        <p>
          <button type="submit" disabled={decide.busy || !note.trim()}>
            {t('appealUphold')}
          </button>{' '}
          <button
            type="button"
            disabled={decide.busy || !note.trim()}
            onClick={() => void decide.run('dismiss')}
          >
            {t('appealDismiss')}
          </button>
        </p>
      </form>
      <ErrorMessage error={decide.error ?? open.error} />
    </section>
  );
}

/** Ops: sellers' appeals of violations waiting for a decision, with their evidence. */
export function AppealsPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const list = useLoad(() => api.get<{ appeals: OpenAppeal[] }>('/api/ops/appeals'), 'appeals');
  return (
    <section aria-labelledby="appeals-title">
      <h1 id="appeals-title">{t('appealsTitle')}</h1>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data && <p className="muted">{t('loading')}</p>}
      {list.data?.appeals.length === 0 && <p className="muted">{t('appealsNone')}</p>}
      {list.data?.appeals.map((a) => (
        <AppealCard key={`${a.applicationId}:${a.violationId}`} a={a} onDecided={list.reload} />
      ))}
    </section>
  );
}
