import { createContext, useContext, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { href } from '../../router';
import { useLoad } from '../../use-load';
import { StatusByDay, type StatusDay } from './status-by-day';

/** The shapes GET /api/ops/funnel and /api/ops/stuck answer (lambdas/domain/funnel). */
interface Count {
  n: number;
  /** The figure: its applications are listed by GET /api/ops/funnel/applications. */
  figure: string;
}
interface FigurePage {
  ids: string[];
  cursor?: string;
}
interface Durations {
  unit: string;
  p50: number | null;
  p95: number | null;
}
interface StageFigures {
  stage: string;
  entered: Count;
  passed: Count;
  flagged: Count;
  rejected: Count;
  expired: Count;
  open: Count;
  passRate: number | null;
  duration: Durations;
}
interface Funnel {
  submitted: Count;
  statusByDay: StatusDay[];
  byStatus: Record<string, Count>;
  overall: { decided: Count; admitted: Count; rejected: Count; passRate: number | null };
  stages: StageFigures[];
  reasons: { code: string; outcome: string; raised: Count; byResolution: Record<string, Count> }[];
  reviewerSla: { decided: Count; onTime: Count; late: Count; openPastSla: Count; compliance: number | null };
  lab: { results: Count; turnaround: Durations; late: Count; overdueOpen: Count };
  agreementsExpired: Count;
  appeals: { filed: Count; upheld: Count; dismissed: Count; pending: Count };
}
interface StuckItem {
  applicationId: string;
  category: string;
  status: string;
  stage: string;
  since: string;
  stuckAt: string;
  waitsFor: string;
}

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);
const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

/** The funnel's filter as a query string: the figure lists are of the same period and category. */
const FilterQuery = createContext('');

/**
 * A number that opens the list of the applications behind it (native disclosure: keyboard and
 * screen readers); the list is asked for when opened, a page at a time.
 */
function Ids({ count }: { count: Count }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const query = useContext(FilterQuery);
  const [ids, setIds] = useState<string[]>();
  const [cursor, setCursor] = useState<string>();
  const more = useAction(async (from?: string) => {
    const q = `${query}&figure=${encodeURIComponent(count.figure)}${from ? `&cursor=${encodeURIComponent(from)}` : ''}`;
    const page = await api.get<FigurePage>(`/api/ops/funnel/applications?${q}`);
    setIds((seen) => [...(seen ?? []), ...page.ids]);
    setCursor(page.cursor);
  });
  if (count.n === 0) return <>0</>;
  return (
    <details
      className="funnel-ids"
      onToggle={(e) => {
        if (e.currentTarget.open && ids === undefined && !more.busy) void more.run();
      }}
    >
      <summary aria-label={t('funnelShowApplications', { n: count.n })}>{count.n}</summary>
      {more.busy && ids === undefined && <p className="muted">{t('loading')}</p>}
      <ErrorMessage error={more.error} />
      <ul>
        {(ids ?? []).map((id) => (
          <li key={id}>
            <a href={href('applications', id)}>{id}</a>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" disabled={more.busy} onClick={() => void more.run(cursor)}>
          {t('funnelMore')}
        </button>
      )}
    </details>
  );
}

/**
 * A bar drawn as SVG with its figure as the accessible name; the table cell beside it carries the
 * same number, so nothing depends on seeing the bar.
 */
function Bar({ value, label }: { value: number | null; label: string }) {
  const width = Math.round((value ?? 0) * 120);
  return (
    <svg className="funnel-bar" width="120" height="12" role="img" aria-label={`${label}: ${pct(value)}`}>
      <rect width="120" height="12" className="funnel-bar-track" />
      <rect width={width} height="12" className="funnel-bar-fill" />
    </svg>
  );
}

/** Ops' funnel: the figures of a period (by category), each number linked to its applications; stuck work with re-drive. */
export function FunnelPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const [filter, setFilter] = useState({ from: monthStart(), to: today(), category: '' });
  const [draft, setDraft] = useState(filter);
  const query = `from=${filter.from}&to=${filter.to}${filter.category ? `&category=${encodeURIComponent(filter.category)}` : ''}`;
  const funnel = useLoad(() => api.get<Funnel>(`/api/ops/funnel?${query}`), `funnel-${query}`);
  const stuck = useLoad(() => api.get<StuckItem[]>('/api/ops/stuck'), 'stuck');
  const [redriven, setRedriven] = useState<string>();
  const redrive = useAction(async (id: string) => {
    await api.post(`/api/ops/applications/${encodeURIComponent(id)}/redrive`);
    setRedriven(id);
    await stuck.reload();
  });
  const csv = useAction(async () => {
    const file = await api.file(`/api/ops/funnel?${query}&format=csv`);
    const a = document.createElement('a');
    a.href = file.url;
    a.download = `funnel-${filter.from}-${filter.to}.csv`;
    a.click();
    setTimeout(() => file.release(), 1000);
  });
  const f = funnel.data;
  return (
    <section aria-labelledby="funnel-title">
      <h1 id="funnel-title">{t('funnelTitle')}</h1>
      <form
        className="funnel-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <label>
          {t('funnelFrom')}
          <input
            type="date"
            required
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t('funnelTo')}
          <input
            type="date"
            required
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <label>
          {t('funnelCategory')}
          <input
            value={draft.category}
            placeholder={t('funnelAllCategories')}
            onChange={(e) => setDraft({ ...draft, category: e.target.value })}
          />
        </label>
        <button type="submit">{t('funnelApply')}</button>
        <button type="button" onClick={() => csv.run()} disabled={csv.busy}>
          {t('funnelCsv')}
        </button>
      </form>
      <ErrorMessage error={funnel.error ?? csv.error} />
      {f && (
        <FilterQuery.Provider value={query}>
          <h2>{t('funnelOverall')}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t('funnelSubmitted')}</th>
                <td>
                  <Ids count={f.submitted} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelAdmitted')}</th>
                <td>
                  <Ids count={f.overall.admitted} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelRejected')}</th>
                <td>
                  <Ids count={f.overall.rejected} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelPassRate')}</th>
                <td>
                  {pct(f.overall.passRate)} <Bar value={f.overall.passRate} label={t('funnelPassRate')} />
                </td>
              </tr>
              {Object.entries(f.byStatus).map(([status, c]) => (
                <tr key={status}>
                  <th scope="row">
                    <code>{status}</code>
                  </th>
                  <td>
                    <Ids count={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('funnelStatusByDay')}</h2>
          <StatusByDay days={f.statusByDay} />

          <h2>{t('funnelStages')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('funnelStage')}</th>
                <th scope="col">{t('funnelEntered')}</th>
                <th scope="col">{t('funnelPassed')}</th>
                <th scope="col">{t('funnelFlagged')}</th>
                <th scope="col">{t('funnelRejected')}</th>
                <th scope="col">{t('funnelExpired')}</th>
                <th scope="col">{t('funnelOpen')}</th>
                <th scope="col">{t('funnelPassRate')}</th>
                <th scope="col">p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {f.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{t(`stage.${s.stage}` as WordKey)}</th>
                  <td>
                    <Ids count={s.entered} />
                  </td>
                  <td>
                    <Ids count={s.passed} />
                  </td>
                  <td>
                    <Ids count={s.flagged} />
                  </td>
                  <td>
                    <Ids count={s.rejected} />
                  </td>
                  <td>
                    <Ids count={s.expired} />
                  </td>
                  <td>
                    <Ids count={s.open} />
                  </td>
                  <td>
                    {pct(s.passRate)} <Bar value={s.passRate} label={t(`stage.${s.stage}` as WordKey)} />
                  </td>
                  <td>
                    {s.duration.p50 ?? '–'} / {s.duration.p95 ?? '–'}{' '}
                    {t(`unit.${s.duration.unit}` as WordKey)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('funnelReasons')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('funnelReason')}</th>
                <th scope="col">{t('funnelRaised')}</th>
                <th scope="col">{t('funnelResolution')}</th>
              </tr>
            </thead>
            <tbody>
              {f.reasons.map((r) => (
                <tr key={`${r.code}|${r.outcome}`}>
                  <th scope="row">
                    <code>{r.code}</code> ({r.outcome})
                  </th>
                  <td>
                    <Ids count={r.raised} />
                  </td>
                  <td>
                    {Object.entries(r.byResolution).map(([res, c]) => (
                      <span key={res} className="funnel-resolution">
                        {res}: <Ids count={c} />
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('funnelSlaAndLab')}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t('funnelSlaCompliance')}</th>
                <td>
                  {pct(f.reviewerSla.compliance)} ({t('funnelOnTime')} <Ids count={f.reviewerSla.onTime} />,{' '}
                  {t('funnelLate')} <Ids count={f.reviewerSla.late} />)
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelOpenPastSla')}</th>
                <td>
                  <Ids count={f.reviewerSla.openPastSla} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelLabTurnaround')}</th>
                <td>
                  {f.lab.turnaround.p50 ?? '–'} / {f.lab.turnaround.p95 ?? '–'} {t('unit.working_days')}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelLabOverdue')}</th>
                <td>
                  <Ids count={f.lab.overdueOpen} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelAgreementsExpired')}</th>
                <td>
                  <Ids count={f.agreementsExpired} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('funnelAppeals')}</th>
                <td>
                  <Ids count={f.appeals.filed} /> ({t('funnelUpheld')} <Ids count={f.appeals.upheld} />,{' '}
                  {t('funnelDismissed')} <Ids count={f.appeals.dismissed} />)
                </td>
              </tr>
            </tbody>
          </table>
        </FilterQuery.Provider>
      )}

      <h2>{t('funnelStuck')}</h2>
      <ErrorMessage error={stuck.error ?? redrive.error} />
      {redriven && <p role="status">{t('funnelRedriven', { id: redriven })}</p>}
      {stuck.data && stuck.data.length === 0 && <p className="muted">{t('none')}</p>}
      {stuck.data && stuck.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{t('funnelStage')}</th>
              <th scope="col">{t('funnelSince')}</th>
              <th scope="col">{t('funnelWaitsFor')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {stuck.data.map((s) => (
              <tr key={s.applicationId}>
                <td>
                  <a href={href('applications', s.applicationId)}>{s.applicationId}</a>
                </td>
                <td>{s.stage === 'workflow' ? s.status : t(`stage.${s.stage}` as WordKey)}</td>
                <td>{s.since.slice(0, 16).replace('T', ' ')}</td>
                <td title={s.waitsFor}>{t(`waitsFor.${s.stage}` as WordKey)}</td>
                <td>
                  <button type="button" disabled={redrive.busy} onClick={() => redrive.run(s.applicationId)}>
                    {t('funnelRedrive')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
