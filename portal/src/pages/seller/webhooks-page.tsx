import { type FormEvent, useState } from 'react';
import { SELLER_EVENT_TYPES } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { useLoad } from '../../use-load';

/**
 * The seller's webhooks (SPEC "Telling people"): register an endpoint (URL and events; the
 * signing secret shown once), turn one off or on, every delivery with its attempts, re-send one.
 * The API: /api/webhooks/endpoints and /api/webhooks/deliveries (owner-only).
 */

interface Endpoint {
  endpointId: string;
  url: string;
  events: string[];
  createdAt: string;
  disabled?: { at: string; by: 'seller' | 'failures' };
  failingSince?: string;
}

interface Delivery {
  deliveryId: string;
  endpointId: string;
  url: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: {
    n: number;
    at: string;
    durationMs: number;
    outcome: 'succeeded' | 'failed';
    httpStatus?: number;
    error?: string;
  }[];
  createdAt: string;
  nextAttemptAt?: string;
}

const STATUS_CLASS = { succeeded: 'status-ADMITTED', failed: 'status-REJECTED', pending: '' } as const;

function RegisterForm({ onCreated }: { onCreated: (secret: string, url: string) => Promise<void> }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['application.action_required']);
  const register = useAction(async () => {
    const created = await api.post<{ secret: string; url: string }>('/api/webhooks/endpoints', {
      url,
      events,
    });
    setUrl('');
    await onCreated(created.secret, created.url);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void register.run();
  };
  const toggle = (type: string, on: boolean) =>
    setEvents((list) => (on ? [...list, type] : list.filter((x) => x !== type)));
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="webhook-new">
      <h2 id="webhook-new">{t('webhookNew')}</h2>
      <label>
        {t('webhookUrl')}
        <input
          type="url"
          required
          value={url}
          placeholder="https://erp.example.com/hooks"
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('webhookEvents')}</legend>
        {SELLER_EVENT_TYPES.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />
            <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={register.error} />
      <p>
        <button type="submit" disabled={register.busy || events.length === 0}>
          {t('webhookAdd')}
        </button>
      </p>
    </form>
  );
}

function EndpointRow({ ep, onChanged }: { ep: Endpoint; onChanged: () => Promise<void> }) {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const toggle = useAction(async () => {
    await api.post(`/api/webhooks/endpoints/${encodeURIComponent(ep.endpointId)}/enabled`, {
      enabled: Boolean(ep.disabled),
    });
    await onChanged();
  });
  const state = !ep.disabled
    ? t('webhookOn')
    : ep.disabled.by === 'failures'
      ? t('webhookOffFailures', { at: dateTime(ep.disabled.at) })
      : t('webhookOffSeller', { at: dateTime(ep.disabled.at) });
  return (
    <li className="card">
      <p>
        <code className="hash">{ep.url}</code>
      </p>
      <p>
        <span className={`badge ${ep.disabled ? STATUS_CLASS.failed : STATUS_CLASS.succeeded}`}>{state}</span>
        {ep.failingSince && !ep.disabled && (
          <span className="muted"> {t('webhookFailingSince', { at: dateTime(ep.failingSince) })}</span>
        )}
      </p>
      <p className="muted">{ep.events.join(', ')}</p>
      <p>
        <button type="button" onClick={() => void toggle.run()} disabled={toggle.busy}>
          {ep.disabled ? t('webhookTurnOn') : t('webhookTurnOff')}
        </button>
      </p>
      <ErrorMessage error={toggle.error} />
    </li>
  );
}

function DeliveryItem({ d, onChanged }: { d: Delivery; onChanged: () => Promise<void> }) {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const resend = useAction(async () => {
    await api.post(`/api/webhooks/deliveries/${encodeURIComponent(d.deliveryId)}/resend`);
    await onChanged();
  });
  const attempts = [...d.attempts].sort((a, b) => a.n - b.n);
  return (
    <li className="card" aria-label={`${d.eventType} ${d.eventId}`}>
      <p>
        <code>{d.eventType}</code>{' '}
        <span className={`badge ${STATUS_CLASS[d.status]}`}>{t(`webhookStatus.${d.status}` as WordKey)}</span>
      </p>
      <p className="muted">
        <code className="hash">{d.eventId}</code> → <code className="hash">{d.url}</code>
      </p>
      <p className="muted">
        {t('webhookCreated', { at: dateTime(d.createdAt) })}
        {d.status === 'pending' &&
          d.nextAttemptAt &&
          ` · ${t('webhookNext', { at: dateTime(d.nextAttemptAt) })}`}
      </p>
      <h4>{t('webhookAttempts', { n: attempts.length })}</h4>
      {attempts.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ol>
          {attempts.map((a) => (
            <li key={a.n}>
              {dateTime(a.at)} · {t(`webhookStatus.${a.outcome}` as WordKey)}
              {a.httpStatus !== undefined && ` · HTTP ${a.httpStatus}`}
              {a.error && ` · ${a.error}`} · {a.durationMs} ms
            </li>
          ))}
        </ol>
      )}
      <p>
        <button type="button" onClick={() => void resend.run()} disabled={resend.busy}>
          {t('webhookResend')}
        </button>
      </p>
      <ErrorMessage error={resend.error} />
    </li>
  );
}

/** The seller's webhooks page. */
export function WebhooksPage() {
  const { t } = useI18n();
  const { api } = usePortal();
  const endpoints = useLoad(() => api.get<Endpoint[]>('/api/webhooks/endpoints'), 'webhook-endpoints');
  const deliveries = useLoad(() => api.get<Delivery[]>('/api/webhooks/deliveries'), 'webhook-deliveries');
  const [secret, setSecret] = useState<{ secret: string; url: string }>();
  const reload = async () => {
    await Promise.all([endpoints.reload(), deliveries.reload()]);
  };
  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-head">
        <h1 id="webhooks-title">{t('webhooksTitle')}</h1>
        <button type="button" onClick={() => void reload()}>
          {t('refresh')}
        </button>
      </div>
      <p className="muted">{t('webhooksIntro')}</p>
      {secret && (
        <div className="card next-action good" role="status">
          <p className="next-headline">{t('webhookSecretOnce', { url: secret.url })}</p>
          <p>
            {t('webhookSecret')}: <code className="hash">{secret.secret}</code>
          </p>
        </div>
      )}
      <RegisterForm
        onCreated={async (s, url) => {
          setSecret({ secret: s, url });
          await endpoints.reload();
        }}
      />

      <h2>{t('webhookEndpoints')}</h2>
      <ErrorMessage error={endpoints.error} />
      {endpoints.data?.length === 0 && <p className="muted">{t('none')}</p>}
      <ul className="plain-list">
        {endpoints.data?.map((ep) => (
          <EndpointRow key={ep.endpointId} ep={ep} onChanged={endpoints.reload} />
        ))}
      </ul>

      <h2>{t('webhookDeliveries')}</h2>
      <ErrorMessage error={deliveries.error} />
      {deliveries.data?.length === 0 && <p className="muted">{t('webhookNoDeliveries')}</p>}
      <ul className="plain-list">
        {deliveries.data?.map((d) => (
          <DeliveryItem key={d.deliveryId} d={d} onChanged={deliveries.reload} />
        ))}
      </ul>
    </section>
  );
}
