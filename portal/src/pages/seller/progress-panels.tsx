import type { ApplicationDetail, Reason } from '../../api/types';
import { keyed } from '../../components/keyed';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';

/** A due item is a document type or a field of the form. */
function dueLabel(code: (prefix: string, c: string) => string, item: string): string {
  const asDocument = code('doc', item);
  return asDocument !== item ? asDocument : code('due', item);
}

export function RequirementsPanel({ application }: { application: ApplicationDetail }) {
  const { t, code, msg } = useI18n();
  const { currentlyDue, errors } = application.requirements;
  return (
    <section className="card" aria-labelledby="requirements-title">
      <h2 id="requirements-title">{t('requirements')}</h2>
      {currentlyDue.length === 0 && errors.length === 0 ? (
        <p className="muted">{t('nothingDue')}</p>
      ) : (
        <>
          {currentlyDue.length > 0 && (
            <p>
              {t('currentlyDue')}:{' '}
              {currentlyDue.map((d) => (
                <span key={d} className="tag warn">
                  {dueLabel(code, d)}
                </span>
              ))}
            </p>
          )}
          <ul className="problems">
            {errors.map((e) => (
              <li key={`${e.document}:${e.code}`}>
                <strong>{dueLabel(code, e.document)}</strong> <code>{e.code}</code> {msg(e.message)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ReasonsTable({ reasons, caption }: { reasons: Reason[]; caption?: string }) {
  const { t, code, msg } = useI18n();
  if (reasons.length === 0) return null;
  return (
    <table className="reasons">
      <caption>{caption ?? t('reasons')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reasonCode')}</th>
          <th scope="col">{t('step')}</th>
          <th scope="col">{t('outcome')}</th>
          <th scope="col">{t('message')}</th>
          <th scope="col">{t('resolution')}</th>
        </tr>
      </thead>
      <tbody>
        {keyed(reasons, (r) => `${r.code}:${r.document ?? ''}`).map(([key, r]) => (
          <tr key={key} className={r.resolution ? 'settled' : `open-${r.outcome}`}>
            <td>
              <code>{r.code}</code>
            </td>
            <td>{r.step}</td>
            <td>{t(`outcome.${r.outcome}` as WordKey)}</td>
            <td>{msg(r.message)}</td>
            <td>{r.resolution ? code('resolution', r.resolution) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The parts of an event's detail a person reads: an outcome, a SKU's result, findings, a note. */
function describeDetail(
  detail: Record<string, unknown>,
  code: (prefix: string, c: string) => string,
): string {
  const parts: string[] = [];
  if (typeof detail.sku === 'string') parts.push(detail.sku);
  if (typeof detail.outcome === 'string') parts.push(code('decision', detail.outcome));
  if (typeof detail.passed === 'boolean') parts.push(code('labResult', String(detail.passed)));
  if (Array.isArray(detail.findings) && detail.findings.length)
    parts.push(detail.findings.map((f) => code('finding', String(f))).join(', '));
  if (typeof detail.note === 'string' && detail.note) parts.push(`“${detail.note}”`);
  return parts.join(' · ');
}

/** Every step as it happened, newest last, and the human steps still open with their deadlines. */
export function TimelinePanel({ application }: { application: ApplicationDetail }) {
  const { t, code, dateTime } = useI18n();
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline')}</h2>
      <ol className="timeline">
        {keyed(application.timeline, (e) => `${e.at}:${e.action}`).map(([key, e]) => (
          <li key={key}>
            <time dateTime={e.at}>{dateTime(e.at)}</time>
            <span className="action">
              {code('action', e.action)}
              {e.detail && <span className="muted"> {describeDetail(e.detail, code)}</span>}
            </span>
            <span className="muted">{e.actor}</span>
          </li>
        ))}
      </ol>
      {application.openTasks.length > 0 && (
        <>
          <h3>{t('openTasks')}</h3>
          <ul>
            {application.openTasks.map((o) => (
              <li key={`${o.kind}:${o.round}`}>
                {code('kind', o.kind)} · {t('openedAt')} {dateTime(o.openedAt)}
                {o.dueAt && (
                  <>
                    {' '}
                    · {t('dueAt')} {dateTime(o.dueAt)}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
