import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** An error as the user should read it: what kind of refusal, the server's words, each field's issue. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError) {
    const known = [400, 401, 403, 404, 409, 422].includes(error.status);
    const title = known ? t(`error.${error.status}` as 'error.400') : t('error.other');
    return (
      <div role="alert" className="error">
        <strong>{title}</strong>
        {error.error && <span> — {error.error}</span>}
        {error.issues.length > 0 && (
          <ul>
            {error.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path && <code>{i.path}</code>} {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="error">
      <strong>{error instanceof TypeError ? t('error.network') : t('error.other')}</strong> — {text}
    </div>
  );
}
