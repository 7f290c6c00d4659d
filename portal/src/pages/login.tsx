import { type FormEvent, useEffect, useState } from 'react';
import type { IdpUser, PortalConfig } from '../api/types';
import { localLogin, localUsers, startCognitoLogin } from '../auth/session';
import { ErrorMessage } from '../components/error-message';
import { LanguageSwitch } from '../components/language-switch';
import { useAction } from '../components/use-action';
import type { WordKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';

/** Every local sample user has this password (local identity provider only). */
const LOCAL_PASSWORD = 'admission-local';

export function LoginPage({ config, onLoggedIn }: { config: PortalConfig; onLoggedIn(): void }) {
  const { t } = useI18n();
  return (
    <main className="login">
      <div className="login-box">
        <div className="login-head">
          <h1>{t('logInTitle')}</h1>
          <LanguageSwitch />
        </div>
        {config.auth.kind === 'local' ? (
          <LocalLogin auth={config.auth} onLoggedIn={onLoggedIn} />
        ) : (
          <CognitoLogin auth={config.auth} />
        )}
      </div>
    </main>
  );
}

function LocalLogin({
  auth,
  onLoggedIn,
}: {
  auth: Extract<PortalConfig['auth'], { kind: 'local' }>;
  onLoggedIn(): void;
}) {
  const { t } = useI18n();
  const [users, setUsers] = useState<IdpUser[]>([]);
  const [usersError, setUsersError] = useState<unknown>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState(LOCAL_PASSWORD);
  useEffect(() => {
    localUsers(auth).then(setUsers, setUsersError);
  }, [auth]);
  const login = useAction(async () => {
    await localLogin(auth, username, password);
    onLoggedIn();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void login.run();
  };
  return (
    <>
      <section aria-labelledby="sample-users">
        <h2 id="sample-users">{t('sampleUsers')}</h2>
        <p className="hint">{t('sampleUsersHint')}</p>
        <ErrorMessage error={usersError} />
        <ul className="user-list">
          {users.map((u) => (
            <li key={u.username}>
              <button
                type="button"
                aria-pressed={username === u.username}
                aria-label={`${t('logInAs')} ${u.username}`}
                onClick={() => setUsername(u.username)}
              >
                <strong>{u.username}</strong>
                <span>{u.displayName}</span>
                <span className="muted">{t(`role.${u.role}` as WordKey)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <form onSubmit={onSubmit} className="stack">
        <label>
          {t('username')}
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label>
          {t('password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <ErrorMessage error={login.error} />
        <button type="submit" className="primary" disabled={login.busy}>
          {login.busy ? t('signingIn') : t('logIn')}
        </button>
      </form>
    </>
  );
}

function CognitoLogin({ auth }: { auth: Extract<PortalConfig['auth'], { kind: 'cognito' }> }) {
  const { t } = useI18n();
  const login = useAction(() => startCognitoLogin(auth));
  return (
    <div className="stack">
      <ErrorMessage error={login.error} />
      <button type="button" className="primary" onClick={() => void login.run()} disabled={login.busy}>
        {t('logInWithCognito')}
      </button>
    </div>
  );
}
