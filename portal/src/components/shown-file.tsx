import { useEffect, useState } from 'react';
import type { ShownFile } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { usePortal } from '../portal-context';
import { ErrorMessage } from './error-message';

/** A file route of the API (document image, agreement PDF) shown inline: an image or a PDF frame. */
export function ShownFileView({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [file, setFile] = useState<ShownFile>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let shown: ShownFile | undefined;
    let cancelled = false;
    setFile(undefined);
    setError(undefined);
    api.file(path).then(
      (f) => {
        if (cancelled) f.release();
        else {
          shown = f;
          setFile(f);
        }
      },
      (err: unknown) => !cancelled && setError(err),
    );
    return () => {
      cancelled = true;
      shown?.release();
    };
  }, [api, path]);
  if (error) return <ErrorMessage error={error} />;
  // The placeholder holds the frame's height, so what is below does not jump when the file arrives.
  if (!file)
    return (
      <p className="muted file-placeholder" aria-busy="true">
        {t('loading')}
      </p>
    );
  return (
    <div className="shown-file">
      {file.contentType.startsWith('image/') ? (
        <img src={file.url} alt={title} />
      ) : (
        <iframe src={file.url} title={title} />
      )}
      <a href={file.url} target="_blank" rel="noreferrer">
        {t('open')}: {title}
      </a>
    </div>
  );
}
