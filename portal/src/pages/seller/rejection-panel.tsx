import { useState } from 'react';
import { enc } from '../../api/client';
import type { ApplicationDetail, DocumentView } from '../../api/types';
import { DocumentRead } from '../../components/document-read';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { go } from '../../router';
import { UploadInput } from './documents-panel';

/** After a rejection: apply again from a copy, or appeal once with evidence. */
export function RejectionPanel({
  application,
  onChanged,
}: {
  application: ApplicationDetail;
  onChanged(): Promise<void>;
}) {
  const { t, code } = useI18n();
  const { api } = usePortal();
  const base = `/api/applications/${enc(application.applicationId)}`;
  const reapply = useAction(async () => {
    const created = await api.post<{ applicationId: string }>(`${base}/reapply`);
    go('applications', created.applicationId);
  });
  // Evidence uploaded for this appeal: kept from the upload's answer as well, since the pipeline's
  // record lists a file only once the appeal takes it in.
  const [uploaded, setUploaded] = useState<DocumentView[]>([]);
  const listed = application.documents.filter((d) => d.type === 'appeal_evidence' && d.uploaded);
  const evidence = [...listed, ...uploaded.filter((u) => !listed.some((d) => d.documentId === u.documentId))];
  const appeal = useAction(async () => {
    await api.post(`${base}/appeal`, { documentIds: evidence.map((d) => d.documentId) });
    await onChanged();
  });
  return (
    <section className="card rejected" aria-labelledby="rejected-title">
      <h2 id="rejected-title">{t('rejectedTitle')}</h2>
      <div className="two-col">
        <div>
          <h3>{t('reapply')}</h3>
          <p className="hint">{t('reapplyHint')}</p>
          <ErrorMessage error={reapply.error} />
          <button
            type="button"
            className="primary"
            onClick={() => void reapply.run()}
            disabled={reapply.busy}
          >
            {t('reapply')}
          </button>
        </div>
        {application.canAppeal && (
          <div>
            <h3>{t('appeal')}</h3>
            <p className="hint">{t('appealHint')}</p>
            {evidence.map((d) => (
              <article key={d.documentId} className="document" aria-label={d.file}>
                <strong>{d.file}</strong>
                <DocumentRead doc={d} />
              </article>
            ))}
            <UploadInput
              label={`${t('uploadFile')}${code('doc', 'appeal_evidence')}`}
              applicationId={application.applicationId}
              type="appeal_evidence"
              multiple
              onChanged={onChanged}
              onUploaded={(doc) => setUploaded((ds) => [...ds, doc])}
            />
            <ErrorMessage error={appeal.error} />
            <button
              type="button"
              className="primary"
              onClick={() => void appeal.run()}
              disabled={evidence.length === 0 || appeal.busy}
            >
              {t('submitAppeal')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
