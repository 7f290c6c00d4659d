import { type FormEvent, useRef, useState } from 'react';
import { enc } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

interface Round {
  roundId: string;
  date: string;
  seed: string;
  sampleSize: number;
  startedAt: string;
  startedBy: string;
  bookings: number;
  status: 'RUNNING' | 'DONE' | 'CANCELLED';
  settingsVersion?: string;
  cancelled?: { at: string; by: string; reason: string };
}

interface RoundEvent {
  type: 'booking_cancelled' | 'round_cancelled';
  bookingNo?: number;
  at: string;
  by: string;
  reason: string;
}

interface RoundDetail {
  round: Round;
  counts: Record<'picked' | 'booked' | 'results' | 'failed' | 'overdue' | 'recorded' | 'cancelled', number>;
  events: RoundEvent[];
  bookings: {
    spotId: string;
    bookingNo: number;
    uscc: string;
    applicationId: string;
    sku: string;
    healthScore: number;
    labId?: string;
    dueAt?: string;
    result?: { passed: boolean; findings: string[]; postedAt: string };
    overdue: boolean;
    cancelled?: { at: string; reason: string };
  }[];
}

/** A key for one submission of the form: 16 random bytes, hex. */
function submissionKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** Ops: start a spot-check round, see the rounds, and one round's bookings and results. */
export function SpotChecksPage() {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const rounds = useLoad(() => api.get<{ rounds: Round[] }>('/api/ops/spot-checks'), 'spot-rounds');
  const [shown, setShown] = useState<string>();
  const [sampleSize, setSampleSize] = useState('50');
  const [seed, setSeed] = useState('');
  // One key per submission: a second press while it is pending does nothing, and a retry after an
  // error sends the same key (the API answers the round the first try made, if it made one). A
  // change to the form, or a round started, makes the next press a new submission.
  const submission = useRef<string | undefined>(undefined);
  const pending = useRef(false);
  const start = useAction(async () => {
    submission.current ??= submissionKey();
    const { roundId } = await api.post<{ roundId: string }>('/api/ops/spot-checks', {
      sampleSize: Number(sampleSize),
      ...(seed.trim() ? { seed: seed.trim() } : {}),
      idempotencyKey: submission.current,
    });
    submission.current = undefined;
    setShown(roundId);
    await rounds.reload();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (pending.current) return;
    pending.current = true;
    void start.run().finally(() => {
      pending.current = false;
    });
  };
  const edited = () => {
    submission.current = undefined;
  };
  return (
    <section aria-labelledby="spot-title">
      <div className="page-head">
        <h1 id="spot-title">{t('spotTitle')}</h1>
        <button type="button" onClick={() => void rounds.reload()}>
          {t('refresh')}
        </button>
      </div>
      <p className="muted">{t('spotIntro')}</p>
      <form className="card stack" onSubmit={onSubmit} aria-label={t('spotStart')}>
        <label>
          {t('spotSampleSize')}
          <input
            type="number"
            min={1}
            max={2000}
            required
            value={sampleSize}
            onChange={(e) => {
              edited();
              setSampleSize(e.target.value);
            }}
          />
        </label>
        <label>
          {t('spotSeed')}
          <input
            type="text"
            maxLength={100}
            value={seed}
            onChange={(e) => {
              edited();
              setSeed(e.target.value);
            }}
          />
        </label>
        <ErrorMessage error={start.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={start.busy} aria-busy={start.busy}>
            {start.busy ? t('spotStarting') : t('spotStart')}
          </button>
        </div>
      </form>
      <h2>{t('spotRounds')}</h2>
      <ErrorMessage error={rounds.error} />
      {rounds.data && rounds.data.rounds.length === 0 && <p className="muted">{t('spotNone')}</p>}
      {rounds.data && rounds.data.rounds.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('spotRound')}</th>
              <th scope="col">{t('spotStartedAt')}</th>
              <th scope="col">{t('spotSampleSize')}</th>
              <th scope="col">{t('spotState')}</th>
              <th scope="col">
                <span className="sr-only">{t('spotShow')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rounds.data.rounds.map((r) => (
              <tr key={r.roundId}>
                <td>
                  <code>{r.roundId}</code>
                </td>
                <td>{dateTime(r.startedAt)}</td>
                <td>{r.bookings || r.sampleSize}</td>
                <td>
                  <span className="badge">{t(`spotStatus.${r.status}` as WordKey)}</span>
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => setShown(r.roundId)}
                    aria-label={`${t('spotShow')} ${r.roundId}`}
                  >
                    {t('spotShow')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && <RoundBookings key={shown} roundId={shown} onChanged={() => rounds.reload()} />}
    </section>
  );
}

function RoundBookings({ roundId, onChanged }: { roundId: string; onChanged(): Promise<unknown> }) {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const detail = useLoad(
    () => api.get<RoundDetail>(`/api/ops/spot-checks/${enc(roundId)}`),
    `spot-${roundId}`,
  );
  const d = detail.data;
  const [reason, setReason] = useState('');
  const cancel = useAction(async (bookingNo?: number) => {
    await api.post(`/api/ops/spot-checks/${enc(roundId)}/cancel`, {
      reason: reason.trim(),
      ...(bookingNo === undefined ? {} : { bookingNo }),
    });
    await Promise.all([detail.reload(), onChanged()]);
  });
  const running = d?.round.status === 'RUNNING';
  const canCancel = running && reason.trim().length > 0 && !cancel.busy;
  return (
    <section className="card" aria-labelledby="spot-round-title">
      <div className="page-head">
        <h2 id="spot-round-title">
          {t('spotRound')} <code>{roundId}</code>
        </h2>
        <button type="button" onClick={() => void detail.reload()}>
          {t('refresh')}
        </button>
      </div>
      <ErrorMessage error={detail.error} />
      {d && (
        <>
          <p role="status">{t('spotCounts', d.counts)}</p>
          <p>
            <span className="badge">{t(`spotStatus.${d.round.status}` as WordKey)}</span>
            {d.round.settingsVersion && (
              <span className="muted">
                {' '}
                · {t('spotSettingsVersion')} <code>{d.round.settingsVersion}</code>
              </span>
            )}
          </p>
          {running && (
            <div className="stack">
              <label>
                {t('spotCancelReason')}
                <input
                  type="text"
                  maxLength={500}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
              <div className="actions">
                <button type="button" disabled={!canCancel} onClick={() => void cancel.run()}>
                  {t('spotCancelRound')}
                </button>
              </div>
            </div>
          )}
          <ErrorMessage error={cancel.error} />
          {d.events.length > 0 && (
            <ul aria-label={t('spotEvents')}>
              {d.events.map((e) => (
                <li key={`${e.type}:${e.bookingNo ?? ''}`}>
                  {dateTime(e.at)} ·{' '}
                  {e.type === 'round_cancelled'
                    ? t('spotRoundCancelled')
                    : `${t('spotBookingCancelled')} #${(e.bookingNo ?? 0) + 1}`}{' '}
                  · {e.by} · {e.reason}
                </li>
              ))}
            </ul>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('spotSeller')}</th>
                <th scope="col">{t('healthSku')}</th>
                <th scope="col">{t('healthScore')}</th>
                <th scope="col">{t('spotLab')}</th>
                <th scope="col">{t('dueAt')}</th>
                <th scope="col">{t('result')}</th>
                <th scope="col">
                  <span className="sr-only">{t('spotCancel')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.bookings.map((b) => (
                <tr key={b.spotId} className={b.overdue ? 'overdue' : undefined}>
                  <td>{b.bookingNo + 1}</td>
                  <td>
                    <code>{b.uscc}</code>
                  </td>
                  <td>
                    <code>{b.sku}</code>
                  </td>
                  <td>{b.healthScore}</td>
                  <td>{b.labId ?? ''}</td>
                  <td>{dateTime(b.dueAt)}</td>
                  <td>
                    {b.result ? (
                      <span className={b.result.passed ? 'ok' : 'bad'}>
                        {b.result.passed ? t('passed') : t('failed')}
                        {b.result.findings.length > 0 &&
                          ` · ${b.result.findings.map((f) => code('finding', f)).join(', ')}`}
                      </span>
                    ) : b.cancelled ? (
                      <span className="muted">{t('spotCancelled')}</span>
                    ) : (
                      <span className={b.overdue ? 'bad' : 'muted'}>
                        {b.overdue ? t('spotOverdue') : t('spotPending')}
                      </span>
                    )}
                  </td>
                  <td>
                    {running && !b.result && !b.cancelled && (
                      <button
                        type="button"
                        disabled={!canCancel}
                        onClick={() => void cancel.run(b.bookingNo)}
                        aria-label={`${t('spotCancel')} #${b.bookingNo + 1} ${b.sku}`}
                      >
                        {t('spotCancel')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
