import { useEffect, useState } from 'react';
import { enc } from '../../api/client';
import type { ApplicationDetail, DocumentType, DocumentView } from '../../api/types';
import { DocumentRead } from '../../components/document-read';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import { type DocumentSlot, documentSlots } from './document-slots';
import { SummaryView } from './document-summary';
import { slotAnchor } from './next-action';
import { chinaToday, summarise } from './summaries';
import { ACCEPTED_FILES, UploadRefusedError, uploadDocument } from './upload';

interface Props {
  application: ApplicationDetail;
  /** Drafts take uploads and removals; a submitted application shows what was read. */
  editable: boolean;
  onChanged(): Promise<void>;
}

/** The key of a slot in the next action's list: its type, and its SKU for a SKU's own document. */
const slotKey = (slot: Pick<DocumentSlot, 'type' | 'sku'>) => `${slot.type}${slot.sku ? `:${slot.sku}` : ''}`;

/** Slots with nothing uploaded yet, as the next action lists them. */
export function missingDocuments(application: ApplicationDetail): string[] {
  return documentSlots(application.form, application.documents)
    .filter((s) => !s.documents.some((d) => d.uploaded))
    .map(slotKey);
}

export function DocumentsPanel({ application, editable, onChanged }: Props) {
  const { t } = useI18n();
  const slots = documentSlots(application.form, application.documents);
  // The 6-month window counts back from the application date; a draft will be dated today.
  const asOf = application.form.applicationDate ?? chinaToday(new Date());
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents')}</h2>
      {editable && <p className="hint">{t('documentsHint')}</p>}
      <div className="slots">
        {slots.map((slot) => (
          <Slot
            key={`${slot.type}:${slot.sku ?? ''}`}
            slot={slot}
            application={application}
            asOf={asOf}
            editable={editable}
            onChanged={onChanged}
          />
        ))}
      </div>
    </section>
  );
}

export function slotName(code: (p: string, c: string) => string, type: DocumentType, sku?: string): string {
  return `${code('doc', type)}${sku ? ` (${sku})` : ''}`;
}

function Slot({
  slot,
  application,
  asOf,
  editable,
  onChanged,
}: {
  slot: DocumentSlot;
  application: ApplicationDetail;
  asOf: string;
  editable: boolean;
  onChanged(): Promise<void>;
}) {
  const { t, code } = useI18n();
  const applicationId = application.applicationId;
  const name = slotName(code, slot.type, slot.sku);
  const done = slot.documents.some((d) => d.uploaded);
  const summary = summarise(slot.type, slot.documents, asOf, application.form.skus);
  return (
    <section id={slotAnchor(slotKey(slot))} className={`slot ${done ? 'done' : 'todo'}`} aria-label={name}>
      <h3>
        {name} {!done && <span className="tag">{t('notUploaded')}</span>}
      </h3>
      {summary && <SummaryView summary={summary} capacity={application.capacity} />}
      {slot.documents.map((d) => (
        <UploadedDocument
          key={d.documentId}
          doc={d}
          applicationId={applicationId}
          editable={editable}
          onChanged={onChanged}
        />
      ))}
      {editable && (slot.multiple || !done) && (
        <UploadInput
          label={`${t('uploadFile')}${name}`}
          applicationId={applicationId}
          type={slot.type}
          sku={slot.sku}
          multiple={slot.multiple}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}

function UploadedDocument({
  doc,
  applicationId,
  editable,
  onChanged,
}: {
  doc: DocumentView;
  applicationId: string;
  editable: boolean;
  onChanged(): Promise<void>;
}) {
  const { t } = useI18n();
  const { api } = usePortal();
  const remove = useAction(async () => {
    await api.del(`/api/applications/${enc(applicationId)}/documents/${enc(doc.documentId)}`);
    await onChanged();
  });
  return (
    <article className="document" aria-label={doc.file}>
      <header className="row">
        <strong>{doc.file}</strong>
        {doc.size !== undefined && <span className="muted">{(doc.size / 1024).toFixed(0)} KB</span>}
        {editable && (
          <button
            type="button"
            className="link-button"
            onClick={() => void remove.run()}
            disabled={remove.busy}
            aria-label={`${t('replaceFile')}: ${doc.file}`}
          >
            {t('replaceFile')}
          </button>
        )}
      </header>
      <ErrorMessage error={remove.error} />
      <DocumentRead doc={doc} />
    </article>
  );
}

/** A file input that uploads what is chosen at once, one file after another, and shows progress. */
export function UploadInput({
  label,
  applicationId,
  type,
  sku,
  multiple,
  onChanged,
  onUploaded,
}: {
  label: string;
  applicationId: string;
  type: DocumentType;
  sku?: string | undefined;
  multiple: boolean;
  onChanged(): Promise<void>;
  onUploaded?(doc: DocumentView): void;
}) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [progress, setProgress] = useState<string>();
  const upload = useAction(async (files: File[]) => {
    try {
      for (const file of files) {
        setProgress(`${t('uploading')} ${file.name}`);
        const doc = await uploadDocument(api, applicationId, type, file, sku);
        onUploaded?.(doc);
      }
    } finally {
      setProgress(undefined);
      await onChanged();
    }
  });
  const refused = upload.error instanceof UploadRefusedError ? upload.error : null;
  // What was just picked, shown at once (a photo taken on a phone, before it is read).
  const [preview, setPreview] = useState<{ url: string; name: string }>();
  useEffect(() => () => preview && URL.revokeObjectURL(preview.url), [preview]);
  const picked = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    const image = files.find((f) => f.type.startsWith('image/'));
    setPreview(image ? { url: URL.createObjectURL(image), name: image.name } : undefined);
    if (files.length) void upload.run(files);
  };
  return (
    <div className="upload">
      <label className="upload-choose">
        {label}
        <input
          type="file"
          accept={ACCEPTED_FILES}
          multiple={multiple}
          disabled={upload.busy}
          onChange={(e) => picked(e.target)}
        />
      </label>
      {/* On a phone this opens the camera (a PDF still comes through the input above). */}
      <label className="button upload-camera">
        {t('takePhoto')}
        <span className="sr-only">: {label}</span>
        <input
          type="file"
          accept="image/jpeg,image/png"
          capture="environment"
          disabled={upload.busy}
          onChange={(e) => picked(e.target)}
        />
      </label>
      {preview && (
        <img className="upload-preview" src={preview.url} alt={`${t('preview')}: ${preview.name}`} />
      )}
      {progress && (
        <p role="status" className="muted">
          {progress}
        </p>
      )}
      {refused ? (
        <p role="alert" className="error">
          {t(refused.reason)}
        </p>
      ) : (
        <ErrorMessage error={upload.error} />
      )}
    </div>
  );
}
