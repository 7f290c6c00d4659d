import { type FormEvent, useState } from 'react';
import { enc, postToPresigned } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import type { WordKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { ACCEPTED_FILES, contentTypeOf, UploadRefusedError } from './upload';

export const EVIDENCE_KINDS = ['production_licence', 'purchase_invoices', 'drop_shipping_contract'] as const;

/** One violation as the Health page has it, with what the seller appealed. */
export interface ViolationView {
  violationId: string;
  skus: string[];
  fixedOn: string | null;
  voided: boolean;
  counted: boolean;
  appealBy: string | null;
  appealFiled: {
    date: string;
    evidence: { kind: string; file: string }[];
    decision: { outcome: 'uphold' | 'dismiss'; note: string; decidedOn: string } | null;
  } | null;
}

/**
 * What the seller can do about one violation: confirm the fix (once) and appeal it (once, until
 * its appeal-by day) with evidence uploaded to the bucket; the appeal's state once filed.
 */
export function ViolationActions({
  applicationId,
  v,
  onChange,
}: {
  applicationId: string;
  v: ViolationView;
  onChange: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [open, setOpen] = useState(false);
  const base = `/api/health/${enc(applicationId)}`;
  const fix = useAction(async () => {
    await api.post(`${base}/fix`, { violationId: v.violationId });
    await onChange();
  });
  const appeal = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const kind = String(data.get('kind'));
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) throw new UploadRefusedError('fileTypeNotAccepted');
    const contentType = contentTypeOf(file);
    if (!contentType) throw new UploadRefusedError('fileTypeNotAccepted');
    const ticket = await api.post<{ key: string; url: string; fields: Record<string, string> }>(
      `${base}/evidence`,
      { violationId: v.violationId, kind, fileName: file.name, contentType, size: file.size },
    );
    await postToPresigned(ticket.url, ticket.fields, file);
    await api.post(`${base}/appeal`, {
      violationId: v.violationId,
      statement: String(data.get('statement') ?? ''),
      evidence: [{ kind, key: ticket.key, file: file.name }],
    });
    setOpen(false);
    await onChange();
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void appeal.run(e.currentTarget);
  };
  const id = `appeal-${v.violationId.replace(/[^\w-]/g, '_')}`;
  const f = v.appealFiled;
  return (
    <div className="violation-actions">
      {f && (
        <div className="muted">
          {f.decision
            ? t(f.decision.outcome === 'uphold' ? 'appealUpheld' : 'appealDismissed', {
                date: f.decision.decidedOn,
              })
            : t('appealFiledOn', { date: f.date })}
          {f.decision && <div>{f.decision.note}</div>}
        </div>
      )}
      {v.counted && !v.fixedOn && !v.voided && v.skus.length > 0 && (
        <button type="button" onClick={() => void fix.run()} disabled={fix.busy}>
          {t('confirmFix')}
        </button>
      )}
      {v.appealBy && !open && (
        <button type="button" onClick={() => setOpen(true)} aria-expanded={false}>
          {t('appealViolation')}
        </button>
      )}
      {v.appealBy && open && (
        <form id={id} onSubmit={submit} className="appeal-form">
          <label>
            {t('evidenceKind')}
            <select name="kind" defaultValue="purchase_invoices">
              {EVIDENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`evidence.${k}` as WordKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('evidenceFile')}
            <input type="file" name="file" accept={ACCEPTED_FILES} required />
          </label>
          <label>
            {t('appealStatement')}
            <textarea name="statement" required maxLength={2000} rows={3} />
          </label>
          <p className="muted">{t('healthAppealBy', { date: v.appealBy })}</p>
          <button type="submit" disabled={appeal.busy}>
            {t('appealSubmit')}
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            {t('cancel')}
          </button>
        </form>
      )}
      <ErrorMessage error={fix.error ?? appeal.error} />
    </div>
  );
}
