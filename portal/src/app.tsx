import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, createApi } from './api/client';
import type { Me, PortalConfig } from './api/types';
import { currentToken, finishCognitoLogin, forgetToken } from './auth/session';
import { ErrorMessage } from './components/error-message';
import { Layout } from './components/layout';
import { useI18n } from './i18n/i18n';
import { LoginPage } from './pages/login';
import { Routes } from './pages/routes';
import { type Portal, PortalContext } from './portal-context';
import { useRoute } from './router';

async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`/config.json: ${res.status}`);
  return (await res.json()) as PortalConfig;
}

/** Config, then sign-in, then who the user is; then the pages of the user's roles. */
export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const [config, setConfig] = useState<PortalConfig>();
  const [token, setToken] = useState<string | null>(currentToken);
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    loadConfig()
      .then(async (cfg) => {
        if (cfg.auth.kind === 'cognito' && (await finishCognitoLogin(cfg.auth))) setToken(currentToken());
        setConfig(cfg);
      })
      .catch(setError);
  }, []);

  const logOut = useCallback(() => {
    forgetToken();
    setMe(undefined);
    setToken(null);
  }, []);

  const api = useMemo(
    () => (config ? createApi({ base: config.apiBase, token: currentToken, onUnauthorized: logOut }) : null),
    [config, logOut],
  );

  useEffect(() => {
    if (!api || !token) return;
    api.get<Me>('/api/me').then(setMe, (err: unknown) => {
      // A refused token already sent the user back to the login page.
      if (!(err instanceof ApiError && err.status === 401)) setError(err);
    });
  }, [api, token]);

  if (error) return <ErrorMessage error={error} />;
  if (!config || !api) return <p className="loading">{t('loading')}</p>;
  if (!token) return <LoginPage config={config} onLoggedIn={() => setToken(currentToken())} />;
  if (!me) return <p className="loading">{t('loading')}</p>;

  const portal: Portal = { config, api, me, logOut };
  return (
    <PortalContext.Provider value={portal}>
      <Layout current={`#/${route.join('/')}`}>
        <Routes route={route} />
      </Layout>
    </PortalContext.Provider>
  );
}
