import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import type { Role } from '../api/types';
import { navFor } from '../components/layout';
import { useI18n } from '../i18n/i18n';
import { usePortal } from '../portal-context';
import { ApplicationPage } from './seller/application-page';
import { ApplicationsPage, NewApplicationPage } from './seller/applications-page';
import { HealthPage } from './seller/health-page';

/**
 * Staff pages load as chunks of their own when first opened: a seller's phone fetches only the
 * seller's pages (the budget in README "Portal").
 */
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
const FinancePage = page(async () => (await import('./finance/finance-page')).FinancePage);
const BookingsPage = page(async () => (await import('./lab/bookings-page')).BookingsPage);
const AppealsPage = page(async () => (await import('./ops/appeals-page')).AppealsPage);
const AtRiskPage = page(async () => (await import('./ops/at-risk-page')).AtRiskPage);
const FunnelPage = page(async () => (await import('./ops/funnel-page')).FunnelPage);
const LabsPage = page(async () => (await import('./ops/labs-page')).LabsPage);
const RulesPage = page(async () => (await import('./ops/rules-page')).RulesPage);
const SpotChecksPage = page(async () => (await import('./ops/spot-checks-page')).SpotChecksPage);
const ViolationsPage = page(async () => (await import('./ops/violations-page')).ViolationsPage);
const QueuePage = page(async () => (await import('./review/queue-page')).QueuePage);
const TaskPage = page(async () => (await import('./review/task-page')).TaskPage);
const WebhooksPage = page(async () => (await import('./seller/webhooks-page')).WebhooksPage);

/** Which page a hash route shows; the API decides what each role may see, the portal only hides what it cannot use. */
export function Routes({ route }: { route: string[] }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p className="muted">{t('loading')}</p>}>
      <Route route={route} />
    </Suspense>
  );
}

function Route({ route }: { route: string[] }) {
  const { t } = useI18n();
  const { me } = usePortal();
  const [area, id, ...rest] = route;
  const has = (...roles: Role[]) => roles.some((r) => me.groups.includes(r));
  const home = navFor(me.groups)[0]?.href;

  useEffect(() => {
    if (!area && home) window.location.replace(home);
  }, [area, home]);

  if (rest.length === 0) {
    if (area === 'applications' && id === 'new' && has('seller')) return <NewApplicationPage />;
    if (area === 'applications' && id) return <ApplicationPage applicationId={id} />;
    if (area === 'applications') return <ApplicationsPage />;
    if (area === 'health' && !id && has('seller')) return <HealthPage />;
    if (area === 'webhooks' && !id && has('seller')) return <WebhooksPage />;
    if (area === 'review' && id && has('reviewer')) return <TaskPage taskId={id} />;
    if (area === 'review' && has('reviewer')) return <QueuePage />;
    if (area === 'lab' && !id && has('lab')) return <BookingsPage />;
    if (area === 'ops' && has('ops')) {
      if (id === 'violations') return <ViolationsPage />;
      if (id === 'rules') return <RulesPage />;
      if (id === 'labs') return <LabsPage />;
      if (id === 'funnel') return <FunnelPage />;
      if (id === 'at-risk') return <AtRiskPage />;
      if (id === 'appeals') return <AppealsPage />;
      if (id === 'spot-checks') return <SpotChecksPage />;
    }
    if (area === 'finance' && !id && has('finance')) return <FinancePage />;
  }
  if (!area) return <p className="muted">{t('loading')}</p>;
  return <p className="muted">{t('notFound')}</p>;
}
