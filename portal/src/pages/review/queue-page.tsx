import { useState } from 'react';
import { enc } from '../../api/client';
import type { ReviewTask } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { go, href } from '../../router';
import { useLoad } from '../../use-load';
import { CategorySelect } from '../seller/application-form';
import { queueCounts, type SlaBucket, slaBucket } from './buckets';

const BUCKETS: SlaBucket[] = ['overdue', 'today', 'later'];

const KINDS = ['review_checks', 'review_lab', 'appeal'] as const;

/** Flagged steps, the nearest deadline first (3 China working days from opening). */
export function QueuePage() {
  const { t, code, dateTime } = useI18n();
  const { api, me } = usePortal();
  const [step, setStep] = useState('');
  const [category, setCategory] = useState('');
  const [bucket, setBucket] = useState<SlaBucket | ''>('');
  const query = new URLSearchParams({
    ...(step ? { step } : {}),
    ...(category ? { category } : {}),
  }).toString();
  const path = `/api/review/tasks${query ? `?${query}` : ''}`;
  const tasks = useLoad(() => api.get<ReviewTask[]>(path), path);
  const claim = useAction(async (taskId: string) => {
    await api.post(`/api/review/tasks/${enc(taskId)}/claim`);
    go('review', taskId);
  });
  const all = [...(tasks.data ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const clock = new Date();
  const now = clock.toISOString();
  const counts = queueCounts(all, clock);
  const rows = bucket ? all.filter((x) => slaBucket(x.dueAt, clock) === bucket) : all;
  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('reviewQueue')}</h1>
        <button type="button" onClick={() => void tasks.reload()}>
          {t('refresh')}
        </button>
      </div>
      <div className="filters row">
        <label>
          {t('filterStep')}
          <select value={step} onChange={(e) => setStep(e.target.value)}>
            <option value="">{t('all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {code('kind', k)}
              </option>
            ))}
          </select>
        </label>
        <CategorySelect label={t('filterCategory')} value={category} onChange={setCategory} withAll />
      </div>
      {tasks.data && (
        <fieldset className="queue-summary">
          <legend className="sr-only">{t('slaBuckets')}</legend>
          {BUCKETS.map((b) => (
            <button
              key={b}
              type="button"
              className={b}
              aria-pressed={bucket === b}
              onClick={() => setBucket(bucket === b ? '' : b)}
            >
              {t(`bucket.${b}`)} <strong>{counts.byBucket[b]}</strong>
            </button>
          ))}
          <span className="muted">
            {KINDS.map((k) => `${code('kind', k)} ${counts.byKind[k] ?? 0}`).join(' · ')}
          </span>
        </fieldset>
      )}
      <ErrorMessage error={tasks.error ?? claim.error} />
      {tasks.data && rows.length === 0 && <p className="muted">{t('noTasks')}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dueAt')}</th>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('filterStep')}</th>
              <th scope="col">{t('openedAt')}</th>
              <th scope="col">{t('claimedBy')}</th>
              <th scope="col">
                <span className="sr-only">{t('action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((task) => (
              <tr key={task.taskId} className={task.dueAt < now ? 'overdue' : undefined}>
                <td>{dateTime(task.dueAt)}</td>
                <td>
                  <a href={href('review', task.taskId)}>{task.companyName}</a>
                </td>
                <td>{code('category', task.category)}</td>
                <td>{code('kind', task.kind)}</td>
                <td>{dateTime(task.openedAt)}</td>
                <td>{task.claimedBy ?? <span className="muted">{t('unclaimed')}</span>}</td>
                <td className="actions">
                  {!task.claimedBy && (
                    <button
                      type="button"
                      onClick={() => void claim.run(task.taskId)}
                      disabled={claim.busy}
                      aria-label={`${t('claim')}: ${task.companyName}`}
                    >
                      {t('claim')}
                    </button>
                  )}
                  {task.claimedBy?.endsWith(me.username) && (
                    <a href={href('review', task.taskId)}>{t('open')}</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
