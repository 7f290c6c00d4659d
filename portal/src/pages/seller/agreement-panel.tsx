import { type FormEvent, useState } from 'react';
import { enc } from '../../api/client';
import type { AgreementView, ApplicationDetail } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { ShownFileView } from '../../components/shown-file';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';

/** "0.045" → "4.5%": rates are exact decimal strings; shown without floating-point noise. */
export function percent(rate: string): string {
  const [int = '0', frac = ''] = rate.split('.');
  const padded = frac.padEnd(2, '0');
  const whole = String(Number(`${int}${padded.slice(0, 2)}`));
  const rest = padded.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

export function FeeTable({ fees }: { fees: AgreementView['feeSchedule'] }) {
  const { t } = useI18n();
  return (
    <table className="fees">
      <caption>{t('feeAppendix')}</caption>
      <tbody>
        <tr>
          <th scope="row">{t('commissionRate')}</th>
          <td>{percent(fees.commissionRate)}</td>
        </tr>
        <tr>
          <th scope="row">{t('fulfilmentRate')}</th>
          <td>{percent(fees.fulfilmentRate)}</td>
        </tr>
        <tr>
          <th scope="row">{t('settlementTerm')}</th>
          <td>
            T+{fees.settlementTermDays} ({t('days', { n: fees.settlementTermDays })})
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The agreement PDF, its fee appendix, and signing or declining it (bound to the file's sha256). */
export function AgreementPanel({
  application,
  onChanged,
}: {
  application: ApplicationDetail;
  onChanged(): Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const { api } = usePortal();
  const agreement = application.agreement;
  const [signerName, setSignerName] = useState(application.form.seller.legalRepresentative ?? '');
  const [read, setRead] = useState(false);
  const answer = useAction(async (accept: boolean) => {
    if (!agreement) return;
    await api.post(`/api/applications/${enc(application.applicationId)}/signature`, {
      accept,
      signerName: signerName.trim(),
      sha256: agreement.sha256,
    });
    await onChanged();
  });
  if (!agreement) return null;
  const open = application.status === 'AWAITING_SIGNATURE' && !agreement.signed;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void answer.run(true);
  };
  return (
    <section className="card" aria-labelledby="agreement-title">
      <h2 id="agreement-title">
        {t('agreement')} · {t('agreementRound', { round: agreement.round })}
      </h2>
      {/* The file beside what the seller acts on: the appendix and the signature stay in view. */}
      <div className="side-by-side">
        <ShownFileView
          path={`/api/applications/${enc(application.applicationId)}/agreement/file`}
          title={t('agreementFile')}
        />
        <div>
          <dl className="facts">
            <dt>{t('issuedAt')}</dt>
            <dd>{dateTime(agreement.issuedAt)}</dd>
            <dt>{t('signBy')}</dt>
            <dd>{dateTime(agreement.deadline)}</dd>
            <dt>{t('fileSha256')}</dt>
            <dd>
              <code className="hash">{agreement.sha256}</code>
            </dd>
          </dl>
          <FeeTable fees={agreement.feeSchedule} />
          {agreement.signed && (
            <p className="ok" role="status">
              {t('signedBy', { name: agreement.signed.signerName, at: dateTime(agreement.signed.at) })}
            </p>
          )}
          {open && (
            <form className="stack sign" onSubmit={onSubmit}>
              <label>
                {t('signerName')}
                <input required value={signerName} onChange={(e) => setSignerName(e.target.value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} />
                {t('readAgreement')}
              </label>
              <ErrorMessage error={answer.error} />
              <div className="actions">
                <button
                  type="submit"
                  className="primary"
                  disabled={!read || !signerName.trim() || answer.busy}
                >
                  {t('sign')}
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={!signerName.trim() || answer.busy}
                  onClick={() => void answer.run(false)}
                >
                  {t('decline')}
                </button>
              </div>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}
