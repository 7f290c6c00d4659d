import { useEffect, useState } from 'react';
import type { ApplicationDetail } from '../../api/types';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { flowSteps, timeLeft } from './flow';

/** The time now, moving on once a minute (for countdowns). */
export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "2 d 3 h left" / "overdue by 1 d 2 h", in the reader's language. */
export function Countdown({ dueAt }: { dueAt: string }) {
  const { t, dateTime } = useI18n();
  const { overdue, ...left } = timeLeft(dueAt, useNow());
  const text = overdue
    ? t('overdueBy', left)
    : left.days > 0
      ? t('timeLeftDays', left)
      : t('timeLeftHours', left);
  return (
    <span className={`countdown${overdue ? ' overdue' : ''}`}>
      {t('dueBy', { when: dateTime(dueAt) })} · <strong>{text}</strong>
    </span>
  );
}

/** submitted → checks → review → samples → agreement → admitted, with dates and the deadline. */
export function FlowProgress({ application }: { application: ApplicationDetail }) {
  const { t, dateTime } = useI18n();
  const steps = flowSteps(application);
  return (
    <nav className="card flow" aria-label={t('progress')}>
      <ol className="flow-steps">
        {steps.map((s) => (
          <li
            key={s.step}
            className={`flow-step ${s.state}`}
            aria-current={s.state === 'current' ? 'step' : undefined}
          >
            <span className="flow-dot" aria-hidden="true" />
            <span className="flow-name">{t(`flow.${s.step}` as WordKey)}</span>
            <span className="flow-state">{t(`stepState.${s.state}` as WordKey)}</span>
            {s.at && (
              <time className="muted" dateTime={s.at}>
                {dateTime(s.at)}
              </time>
            )}
            {s.state === 'current' && s.dueAt && <Countdown dueAt={s.dueAt} />}
          </li>
        ))}
      </ol>
    </nav>
  );
}
