import { type FormEvent, useState } from 'react';
import { enc } from '../../api/client';
import { LAB_FINDINGS, type LabBookingView } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

/** This lab's sample bookings; each pending attempt takes a result with its findings. */
export function BookingsPage() {
  const { t } = useI18n();
  const { api, me } = usePortal();
  const bookings = useLoad(() => api.get<LabBookingView[]>('/api/lab/bookings'), 'bookings');
  // Pending attempts first, the nearest deadline first, then by SKU.
  const rows = [...(bookings.data ?? [])].sort(
    (a, b) =>
      Number(!!a.result) - Number(!!b.result) ||
      a.dueAt.localeCompare(b.dueAt) ||
      a.applicationId.localeCompare(b.applicationId) ||
      a.sku.localeCompare(b.sku) ||
      a.attempt - b.attempt,
  );
  return (
    <section aria-labelledby="bookings-title">
      <div className="page-head">
        <h1 id="bookings-title">
          {t('labBookings')} {me.labId && <span className="muted">· {me.labId}</span>}
        </h1>
        <button type="button" onClick={() => void bookings.reload()}>
          {t('refresh')}
        </button>
      </div>
      <ErrorMessage error={bookings.error} />
      {bookings.data && rows.length === 0 && <p className="muted">{t('noBookings')}</p>}
      <div className="bookings">
        {rows.map((b) => (
          <Booking key={b.bookingId} booking={b} onPosted={bookings.reload} />
        ))}
      </div>
    </section>
  );
}

function Booking({ booking, onPosted }: { booking: LabBookingView; onPosted(): Promise<void> }) {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const [passed, setPassed] = useState<boolean>();
  const [findings, setFindings] = useState<string[]>([]);
  const post = useAction(async () => {
    await api.post(`/api/lab/bookings/${enc(booking.bookingId)}/result`, { passed, findings });
    await onPosted();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void post.run();
  };
  const name = `${t('booking')} ${booking.sku} #${booking.attempt}`;
  const toggle = (f: string, on: boolean) =>
    setFindings((fs) => (on ? [...fs, f] : fs.filter((x) => x !== f)));
  return (
    <article className={`card booking ${booking.result ? 'done' : 'pending'}`} aria-label={name}>
      <h2>
        <code>{booking.sku}</code> · {t('attemptN', { n: booking.attempt })}
      </h2>
      <dl className="facts">
        <dt>{t('applicationId')}</dt>
        <dd>
          <code>{booking.applicationId}</code>
        </dd>
        <dt>{t('bookedAt')}</dt>
        <dd>{dateTime(booking.bookedAt)}</dd>
        <dt>{t('dueAt')}</dt>
        <dd>{dateTime(booking.dueAt)}</dd>
      </dl>
      {booking.result ? (
        <p className={booking.result.passed ? 'ok' : 'bad'}>
          {booking.result.passed ? t('passed') : t('failed')} · {dateTime(booking.result.postedAt)}
          {booking.result.findings.length > 0 &&
            ` · ${booking.result.findings.map((f) => code('finding', f)).join(', ')}`}
        </p>
      ) : (
        <form className="stack" onSubmit={onSubmit}>
          <fieldset className="row">
            <legend>{t('result')}</legend>
            <label className="check">
              <input
                type="radio"
                name={`passed-${booking.bookingId}`}
                checked={passed === true}
                onChange={() => setPassed(true)}
              />
              {t('passed')}
            </label>
            <label className="check">
              <input
                type="radio"
                name={`passed-${booking.bookingId}`}
                checked={passed === false}
                onChange={() => setPassed(false)}
              />
              {t('failed')}
            </label>
          </fieldset>
          <fieldset className="findings">
            <legend>{t('findings')}</legend>
            {LAB_FINDINGS.map((f) => (
              <label key={f} className="check">
                <input
                  type="checkbox"
                  checked={findings.includes(f)}
                  onChange={(e) => toggle(f, e.target.checked)}
                />
                {t(`finding.${f}` as WordKey)} <code className="muted">{f}</code>
              </label>
            ))}
          </fieldset>
          <ErrorMessage error={post.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={passed === undefined || post.busy}>
              {t('postResult')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
