import { type FormEvent, useState } from 'react';
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
  status: 'RUNNING' | 'DONE';
}

interface RoundDetail {
  round: Round;
  counts: Record<'picked' | 'booked' | 'results' | 'failed' | 'overdue' | 'recorded', number>;
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
  }[];
}

/** Ops: start a spot-check round, see the rounds, and one round's bookings and results. */
export function SpotChecksPage() {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const rounds = useLoad(() => api.get<{ rounds: Round[] }>('/api/ops/spot-checks'), 'spot-rounds');
  const [shown, setShown] = useState<string>();
  const [sampleSize, setSampleSize] = useState('50');
  const [seed, setSeed] = useState('');
  const start = useAction(async () => {
    const { roundId } = await api.post<{ roundId: string }>('/api/ops/spot-checks', {
      sampleSize: Number(sampleSize),
      ...(seed.trim() ? { seed: seed.trim() } : {}),
    });
    setShown(roundId);
    await rounds.reload();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
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
            onChange={(e) => setSampleSize(e.target.value)}
          />
        </label>
        <label>
          {t('spotSeed')}
          <input type="text" maxLength={100} value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <ErrorMessage error={start.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={start.busy}>
            {t('spotStart')}
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
      {shown && <RoundBookings key={shown} roundId={shown} />}
    </section>
  );
}

function RoundBookings({ roundId }: { roundId: string }) {
  const { t, code, dateTime } = useI18n();
  const { api } = usePortal();
  const detail = useLoad(
    () => api.get<RoundDetail>(`/api/ops/spot-checks/${enc(roundId)}`),
    `spot-${roundId}`,
  );
  const d = detail.data;
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
                    ) : (
                      <span className={b.overdue ? 'bad' : 'muted'}>
                        {b.overdue ? t('spotOverdue') : t('spotPending')}
                      </span>
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
