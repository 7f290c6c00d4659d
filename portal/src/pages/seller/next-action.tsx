import type { ApplicationDetail } from '../../api/types';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { nextAction } from './flow';
import { Countdown } from './flow-progress';

/** Where on the page a document slot is (the next action's button jumps there). */
export const slotAnchor = (item: string) => `slot-${item.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function jump(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.querySelector<HTMLElement>('input, button, a')?.focus({ preventScroll: true });
}

/**
 * The one thing to do now, first on the page: in the seller's words, with the button that does
 * it (or takes them to where it is done) and the deadline when there is one.
 */
export function NextActionCard({
  application,
  missingDocuments,
  submit,
}: {
  application: ApplicationDetail;
  /** Slots with nothing uploaded (type, or type:sku). */
  missingDocuments: string[];
  /** Submits the draft (the same action as the submit card's button). */
  submit: { run(): void; busy: boolean };
}) {
  const { t, code } = useI18n();
  const action = nextAction(application, missingDocuments);
  const label = (item: string) => {
    const [type, sku] = item.split(':') as [string, string | undefined];
    const asDoc = code('doc', type);
    return `${asDoc !== type ? asDoc : code('due', type)}${sku ? ` (${sku})` : ''}`;
  };
  const headline =
    action.kind === 'wait' ? t(`next.wait.${action.on}` as WordKey) : t(`next.${action.kind}` as WordKey);
  const items = action.kind === 'complete' ? action.missing : action.kind === 'fix' ? action.items : [];
  const tone =
    action.kind === 'admitted'
      ? 'good'
      : action.kind === 'wait'
        ? 'calm'
        : action.kind === 'rejected'
          ? 'bad'
          : 'act';
  return (
    <section className={`card next-action ${tone}`} aria-labelledby="next-title">
      <h2 id="next-title">{t('nextStep')}</h2>
      <p className="next-headline">{headline}</p>
      {action.kind === 'complete' && action.errors > 0 && (
        <p className="bad">{t('next.completeErrors', { n: action.errors })}</p>
      )}
      {items.length > 0 && (
        <ul className="next-items">
          {items.map((item) => (
            <li key={item}>
              <button type="button" className="button" onClick={() => jump(slotAnchor(item))}>
                {t('goUpload')}: {label(item)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {action.kind === 'submit' && (
        <button type="button" className="button primary" onClick={submit.run} disabled={submit.busy}>
          {t('submit')}
        </button>
      )}
      {action.kind === 'sign' && (
        <p>
          <button type="button" className="button primary" onClick={() => jump('agreement-title')}>
            {t('goSign')}
          </button>{' '}
          {action.dueAt && <Countdown dueAt={action.dueAt} />}
        </p>
      )}
      {action.kind === 'appeal' && (
        <button type="button" className="button primary" onClick={() => jump('rejected-title')}>
          {t('goAppeal')}
        </button>
      )}
      {action.kind === 'wait' && action.dueAt && (
        <p>
          <Countdown dueAt={action.dueAt} />
        </p>
      )}
    </section>
  );
}
