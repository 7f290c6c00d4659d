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
      <SpotChecks />
    </section>
  );
}

/**
 * A spot check also reports the governance settings' safety findings (SPEC "After admission"):
 * any of them makes the failure a serious violation.
 */
const SPOT_FINDINGS = [...LAB_FINDINGS, 'UN38_3', 'FORMALDEHYDE', 'EN71_3', 'ELECTRICAL_SAFETY'] as const;

interface SpotCheckView {
  spotId: string;
  roundId: string;
  sku: string;
  uscc: string;
  bookedAt: string;
  dueAt: string;
  overdue: boolean;
  result?: { passed: boolean; findings: string[]; postedAt: string };
  /** Ops cancelled it: no result is taken. */
  cancelled?: { at: string };
}

/** Spot checks (神买抽检) booked at this lab: a mystery purchase of the SKU, tested, result posted once. */
function SpotChecks() {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const spots = useLoad(() => api.get<SpotCheckView[]>('/api/lab/spot-checks'), 'spot-checks');
  const closed = (s: SpotCheckView) => Number(!!(s.result || s.cancelled));
  const rows = [...(spots.data ?? [])].sort(
    (a, b) => closed(a) - closed(b) || a.dueAt.localeCompare(b.dueAt),
  );
  return (
    <section aria-labelledby="spot-bookings-title">
      <h2 id="spot-bookings-title">{t('spotBookingsTitle')}</h2>
      <ErrorMessage error={spots.error} />
      {spots.data && rows.length === 0 && <p className="muted">{t('spotNoBookings')}</p>}
      <div className="bookings">
        {rows.map((s) => (
          <article
            key={s.spotId}
            className={`card booking ${s.result || s.cancelled ? 'done' : 'pending'}`}
            aria-label={`${t('spotBooking')} ${s.sku}`}
          >
            <h3>
              <code>{s.sku}</code> · {t('spotBooking')}
            </h3>
            <dl className="facts">
              <dt>{t('spotSeller')}</dt>
              <dd>
                <code>{s.uscc}</code>
              </dd>
              <dt>{t('bookedAt')}</dt>
              <dd>{dateTime(s.bookedAt)}</dd>
              <dt>{t('dueAt')}</dt>
              <dd className={s.overdue && !s.result ? 'bad' : undefined}>
                {dateTime(s.dueAt)} {s.overdue && !s.result && `· ${t('spotOverdue')}`}
              </dd>
            </dl>
            {s.cancelled ? (
              <p className="muted">
                {t('spotCancelled')} · {dateTime(s.cancelled.at)}
              </p>
            ) : s.result ? (
              <p className={s.result.passed ? 'ok' : 'bad'}>
                {s.result.passed ? t('passed') : t('failed')} · {dateTime(s.result.postedAt)}
                {s.result.findings.length > 0 &&
                  ` · ${s.result.findings.map((f) => code('finding', f)).join(', ')}`}
              </p>
            ) : (
              <ResultForm
                name={`spot-${s.spotId}`}
                findingCodes={SPOT_FINDINGS}
                onPost={async (result) => {
                  await api.post(`/api/lab/spot-checks/${enc(s.spotId)}/result`, result);
                  await spots.reload();
                }}
              />
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

function Booking({ booking, onPosted }: { booking: LabBookingView; onPosted(): Promise<void> }) {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const name = `${t('booking')} ${booking.sku} #${booking.attempt}`;
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
        <ResultForm
          name={booking.bookingId}
          findingCodes={LAB_FINDINGS}
          onPost={async (result) => {
            await api.post(`/api/lab/bookings/${enc(booking.bookingId)}/result`, result);
            await onPosted();
          }}
        />
      )}
    </article>
  );
}

/** Passed or failed, with findings: one result, posted once. */
function ResultForm({
  name,
  findingCodes,
  onPost,
}: {
  name: string;
  findingCodes: readonly string[];
  onPost(result: { passed: boolean | undefined; findings: string[] }): Promise<void>;
}) {
  const { t } = useI18n();
  const [passed, setPassed] = useState<boolean>();
  const [findings, setFindings] = useState<string[]>([]);
  const post = useAction(async () => onPost({ passed, findings }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void post.run();
  };
  const toggle = (f: string, on: boolean) =>
    setFindings((fs) => (on ? [...fs, f] : fs.filter((x) => x !== f)));
  return (
    <form className="stack" onSubmit={onSubmit}>
      <fieldset className="row">
        <legend>{t('result')}</legend>
        <label className="check">
          <input
            type="radio"
            name={`passed-${name}`}
            checked={passed === true}
            onChange={() => setPassed(true)}
          />
          {t('passed')}
        </label>
        <label className="check">
          <input
            type="radio"
            name={`passed-${name}`}
            checked={passed === false}
            onChange={() => setPassed(false)}
          />
          {t('failed')}
        </label>
      </fieldset>
      <fieldset className="findings">
        <legend>{t('findings')}</legend>
        {findingCodes.map((f) => (
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
  );
}
