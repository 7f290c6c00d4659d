import { type FormEvent, useEffect, useRef, useState } from 'react';
import { enc } from '../../api/client';
import type { ApplicationDetail, DocumentView, IntegrityEvidence, Reason, ReviewTask } from '../../api/types';
import { DocumentRead, fieldLabel } from '../../components/document-read';
import { ErrorMessage } from '../../components/error-message';
import { keyed } from '../../components/keyed';
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
  /** Signs of a forged, edited or borrowed document, with where they were seen (reviewer only). */
  integrity?: { version: string; evidence: IntegrityEvidence[] };
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
  const [chosenSign, setChosenSign] = useState(0);
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
  const evidence = view.data.integrity?.evidence ?? [];
  const sign = evidence[chosenSign];
  const signDoc = sign ? uploaded.find((d) => d.file === sign.document) : undefined;
  const doc = uploaded.find((d) => d.documentId === chosen) ?? signDoc ?? firstFlagged ?? uploaded[0];
  const reuse = sign?.otherApplicationId && signDoc === doc ? sign.otherApplicationId : undefined;
  const marks = evidence
    .filter((e) => e.document === doc?.file && e.box)
    .map((e) => ({
      page: e.page,
      box: e.box as NonNullable<IntegrityEvidence['box']>,
      label: code('sign', e.sign),
    }));

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
      {evidence.length > 0 && (
        <IntegritySigns
          evidence={evidence}
          chosen={chosenSign}
          onChoose={(i) => {
            setChosenSign(i);
            setChosen(undefined);
          }}
        />
      )}
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
              marks={marks}
              initialPage={sign && signDoc === doc ? sign.page : 1}
            />
            {/* A borrowed document: the other application's beside it, the fields below. */}
            {reuse ? (
              <OtherApplicationDocument
                applicationId={reuse}
                type={(sign as IntegrityEvidence).documentType}
              />
            ) : (
              <div>
                <h3>{t('fieldsRead')}</h3>
                <DocumentRead doc={doc} fieldsOpen />
              </div>
            )}
          </div>
        )}
        {doc && reuse && (
          <div>
            <h3>{t('fieldsRead')}</h3>
            <DocumentRead doc={doc} fieldsOpen />
          </div>
        )}
      </section>
      <Decision task={task} onDecided={view.reload} />
    </div>
  );
}

/** The signs the integrity check saw: which, on what page, and the other application for reuse. */
function IntegritySigns({
  evidence,
  chosen,
  onChoose,
}: {
  evidence: IntegrityEvidence[];
  chosen: number;
  onChoose(i: number): void;
}) {
  const { t, code } = useI18n();
  return (
    <section className="card" aria-labelledby="signs-title">
      <h2 id="signs-title">{t('integritySigns')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('reasonCode')}</th>
            <th scope="col">{t('integritySign')}</th>
            <th scope="col">{t('file')}</th>
            <th scope="col">{t('pageShort')}</th>
            <th scope="col">{t('seen')}</th>
            <th scope="col">{t('otherApplication')}</th>
            <th scope="col">
              <span className="sr-only">{t('action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keyed(evidence, (e) => `${e.code}:${e.sign}:${e.document}:${e.page}`).map(([key, e], i) => (
            <tr key={key} className={i === chosen ? 'chosen' : undefined}>
              <td>
                <code>{e.code}</code>
              </td>
              <td>{code('sign', e.sign)}</td>
              <td>{e.document}</td>
              <td className="num">{e.page}</td>
              <td>{e.detail}</td>
              <td>{e.otherApplicationId ? <code>{e.otherApplicationId}</code> : ''}</td>
              <td>
                <button type="button" onClick={() => onChoose(i)} aria-pressed={i === chosen}>
                  {t('showOnPage')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** For a reused document: the other application's document of the same type, beside this one. */
function OtherApplicationDocument({ applicationId, type }: { applicationId: string; type: string }) {
  const { t, code } = useI18n();
  const { api } = usePortal();
  const path = `/api/applications/${enc(applicationId)}`;
  const other = useLoad(() => api.get<ApplicationDetail>(path), path);
  const doc = other.data?.documents.find((d) => d.type === type && d.uploaded);
  return (
    <section aria-labelledby="other-title">
      <h3 id="other-title">
        {t('otherApplication')}: <code>{applicationId}</code>
        {other.data && <> · {other.data.form.seller.companyName}</>}
      </h3>
      <ErrorMessage error={other.error} />
      {doc ? (
        <PageEvidence
          path={`/api/applications/${enc(applicationId)}/documents/${enc(doc.documentId)}/file`}
          title={`${code('doc', doc.type)}: ${doc.file} (${applicationId})`}
          fields={doc.read?.fields ?? {}}
          flagged={new Set()}
          label={(name) => fieldLabel(code, name)}
        />
      ) : (
        other.data && <p className="muted">{t('none')}</p>
      )}
    </section>
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
