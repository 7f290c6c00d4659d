import { type FormEvent, useEffect, useRef, useState } from 'react';
import { enc } from '../../api/client';
import type { ApplicationDetail, DocumentView, Reason, ReviewTask } from '../../api/types';
import { DocumentRead, fieldLabel } from '../../components/document-read';
import { ErrorMessage } from '../../components/error-message';
import { PageEvidence } from '../../components/page-evidence';
import { StatusBadge } from '../../components/status-badge';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { go, href } from '../../router';
import { useLoad } from '../../use-load';
import { ReasonsTable } from '../seller/progress-panels';

interface TaskView {
  task: ReviewTask;
  application: ApplicationDetail;
}

/** The document a reason is about: by type or by file name. */
function documentOf(reason: Reason, documents: DocumentView[]): DocumentView | undefined {
  if (!reason.document) return undefined;
  return (
    documents.find((d) => d.file === reason.document) ?? documents.find((d) => d.type === reason.document)
  );
}

/** A flagged step: what flagged it, the document image beside what was read, and the decision. */
export function TaskPage({ taskId }: { taskId: string }) {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const path = `/api/review/tasks/${enc(taskId)}`;
  const view = useLoad(() => api.get<TaskView>(path), path);
  const [chosen, setChosen] = useState<string>();
  const claim = useAction(async () => {
    await api.post(`/api/review/tasks/${enc(taskId)}/claim`);
    await view.reload();
  });
  if (!view.data) {
    return (
      <>
        <ErrorMessage error={view.error} />
        {!view.error && <p className="muted">{t('loading')}</p>}
      </>
    );
  }
  const { task, application } = view.data;
  // The open reasons are what this task decides (flags for a review, the rejection for an appeal).
  const open = application.reasons.filter((r) => !r.resolution);
  const flagged = open.filter((r) => r.outcome === 'flag');
  const focus = task.kind === 'appeal' ? open : flagged.length ? flagged : open;
  const uploaded = application.documents.filter((d) => d.uploaded);
  const firstFlagged = focus.map((r) => documentOf(r, uploaded)).find(Boolean);
  const doc = uploaded.find((d) => d.documentId === chosen) ?? firstFlagged ?? uploaded[0];

  return (
    <div className="task">
      <p>
        <a href={href('review')}>← {t('reviewQueue')}</a>
      </p>
      <div className="page-head">
        <h1>
          {t('task')}: {application.form.seller.companyName}
        </h1>
        <StatusBadge status={application.status} />
      </div>
      <dl className="facts">
        <dt>{t('filterStep')}</dt>
        <dd>{code('kind', task.kind)}</dd>
        <dt>{t('category')}</dt>
        <dd>{code('category', task.category)}</dd>
        <dt>{t('uscc')}</dt>
        <dd>
          <code>{application.form.seller.uscc}</code>
        </dd>
        <dt>{t('dueAt')}</dt>
        <dd>{dateTime(task.dueAt)}</dd>
        <dt>{t('claimedBy')}</dt>
        <dd>
          {task.claimedBy ?? (
            <button type="button" onClick={() => void claim.run()} disabled={claim.busy}>
              {t('claim')}
            </button>
          )}
        </dd>
      </dl>
      <ErrorMessage error={claim.error} />
      <section className="card">
        <ReasonsTable reasons={focus} caption={t('flaggedBy')} />
      </section>
      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t('documentImage')}</h2>
        <label>
          {t('chooseDocument')}
          <select value={doc?.documentId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {uploaded.map((d) => (
              <option key={d.documentId} value={d.documentId}>
                {code('doc', d.type)}
                {d.sku ? ` (${d.sku})` : ''} — {d.file}
              </option>
            ))}
          </select>
        </label>
        {doc && (
          <div className="side-by-side">
            <PageEvidence
              path={`/api/applications/${enc(application.applicationId)}/documents/${enc(doc.documentId)}/file`}
              title={`${code('doc', doc.type)}: ${doc.file}`}
              fields={doc.read?.fields ?? {}}
              flagged={
                new Set(
                  focus
                    .filter((r) => r.field && (r.document === doc.file || r.document === doc.type))
                    .map((r) => r.field as string),
                )
              }
              label={(name) => fieldLabel(code, name)}
            />
            <div>
              <h3>{t('fieldsRead')}</h3>
              <DocumentRead doc={doc} fieldsOpen />
            </div>
          </div>
        )}
      </section>
      <Decision task={task} onDecided={view.reload} />
    </div>
  );
}

/** The next task of the queue after this one, nearest deadline first (N). */
async function nextTask(
  api: ReturnType<typeof usePortal>['api'],
  current: string,
): Promise<string | undefined> {
  const tasks = await api.get<ReviewTask[]>('/api/review/tasks');
  return [...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).find((x) => x.taskId !== current)?.taskId;
}

function Decision({ task, onDecided }: { task: ReviewTask; onDecided(): Promise<void> }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const outcomes =
    task.kind === 'appeal' ? (['uphold', 'dismiss'] as const) : (['approve', 'reject'] as const);
  const [outcome, setOutcome] = useState<string>('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const decide = useAction(async () => {
    await api.post(`/api/review/tasks/${enc(task.taskId)}/decision`, { outcome, note: note.trim() });
    setDone(true);
    await onDecided();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void decide.run();
  };
  const noteRef = useRef<HTMLTextAreaElement>(null);
  // A: approve (uphold), R: reject (dismiss), N: next task; not while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, textarea, select, [contenteditable]'))
        return;
      const key = e.key.toLowerCase();
      if (key === 'a' || key === 'r') {
        e.preventDefault();
        setOutcome(outcomes[key === 'a' ? 0 : 1]);
        noteRef.current?.focus();
      } else if (key === 'n') {
        e.preventDefault();
        void nextTask(api, task.taskId).then((id) => (id ? go('review', id) : go('review')));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, task.taskId, outcomes]);
  if (done) {
    return (
      <p role="status" className="ok card">
        {t('decided')} · <a href={href('review')}>{t('reviewQueue')}</a>
      </p>
    );
  }
  return (
    <form className="card stack" onSubmit={onSubmit} aria-labelledby="decision-title">
      <h2 id="decision-title">{t('decision')}</h2>
      <p className="muted" id="shortcuts">
        {t('shortcuts', {
          a: t(`decision.${outcomes[0]}` as WordKey),
          r: t(`decision.${outcomes[1]}` as WordKey),
        })}
      </p>
      <fieldset className="row">
        <legend>{t('outcome')}</legend>
        {outcomes.map((o) => (
          <label key={o} className="check">
            <input
              type="radio"
              name="outcome"
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
              required
            />
            {t(`decision.${o}` as WordKey)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('note')}
        <textarea
          ref={noteRef}
          required
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
        />
      </label>
      <ErrorMessage error={decide.error} />
      {!task.claimedBy && <p className="muted">{t('claimFirst')}</p>}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={!task.claimedBy || !outcome || !note.trim() || decide.busy}
        >
          {t('submitDecision')}
        </button>
      </div>
    </form>
  );
}
