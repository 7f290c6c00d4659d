import type { ReactNode } from 'react';
import type { Role } from '../api/types';
import type { WordKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { usePortal } from '../portal-context';
import { LanguageSwitch } from './language-switch';

const NAV: Record<Role, { href: string; label: WordKey }[]> = {
  seller: [
    { href: '#/applications', label: 'navApplications' },
    { href: '#/health', label: 'navHealth' },
    { href: '#/webhooks', label: 'navWebhooks' },
  ],
  reviewer: [{ href: '#/review', label: 'navReview' }],
  lab: [{ href: '#/lab', label: 'navLab' }],
  ops: [
    { href: '#/ops/violations', label: 'navViolations' },
    { href: '#/ops/rules', label: 'navRules' },
    { href: '#/ops/labs', label: 'navLabs' },
    { href: '#/ops/funnel', label: 'navFunnel' },
    { href: '#/ops/at-risk', label: 'navAtRisk' },
    { href: '#/ops/appeals', label: 'navAppeals' },
    { href: '#/ops/spot-checks', label: 'navSpotChecks' },
  ],
  finance: [{ href: '#/finance', label: 'navFinance' }],
};

export function navFor(groups: readonly Role[]) {
  return groups.flatMap((g) => NAV[g] ?? []);
}

export function Layout({ children, current }: { children: ReactNode; current: string }) {
  const { t } = useI18n();
  const { me, logOut } = usePortal();
  return (
    <>
      <header className="topbar">
        <a className="brand" href="#/">
          {t('appTitle')}
        </a>
        <nav aria-label={t('appTitle')}>
          {navFor(me.groups).map((n) => (
            <a key={n.href} href={n.href} aria-current={current.startsWith(n.href) ? 'page' : undefined}>
              {t(n.label)}
            </a>
          ))}
        </nav>
        <div className="who">
          <span>
            {me.username} · {me.groups.map((g) => t(`role.${g}` as WordKey)).join(', ')}
          </span>
          <LanguageSwitch />
          <button type="button" className="link-button" onClick={logOut}>
            {t('logOut')}
          </button>
        </div>
      </header>
      <main>{children}</main>
    </>
  );
}
