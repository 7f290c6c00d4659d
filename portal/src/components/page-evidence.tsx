import { useEffect, useRef, useState } from 'react';
import type { ShownFile } from '../api/client';
import type { FieldRead } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { usePortal } from '../portal-context';
import { ErrorMessage } from './error-message';
import type { PdfDocument } from './pdf-page';

const ZOOMS = [1, 1.5, 2, 3] as const;

/** "months[2]" → "months": the field a reason names. */
export const baseField = (name: string) => name.replace(/[[.].*$/, '');

interface Props {
  /** The API's file route. */
  path: string;
  title: string;
  fields: Record<string, FieldRead>;
  /** Field names (base names) a flag is about: outlined in the flag's colour. */
  flagged: ReadonlySet<string>;
  /** Labels for a field name, as the table beside shows them. */
  label(name: string): string;
  /** Regions outside the fields to outline (integrity signs), with what they show. */
  marks?: { page: number; box: NonNullable<FieldRead['box']>; label: string }[];
  /** The page to open on (a sign's page). */
  initialPage?: number;
}

/**
 * A document's page as an image with the box of every field read on it outlined (the flagged
 * ones highlighted), page switching and zoom. Images are shown as they are; PDFs are drawn by
 * pdf.js (loaded on first use) so their fields can be outlined too.
 */
export function PageEvidence({ path, title, fields, flagged, label, marks = [], initialPage = 1 }: Props) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [file, setFile] = useState<ShownFile>();
  const [pdf, setPdf] = useState<PdfDocument>();
  const [error, setError] = useState<unknown>();
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1);
  const canvas = useRef<HTMLCanvasElement>(null);
  const stage = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let shown: ShownFile | undefined;
    let opened: PdfDocument | undefined;
    setFile(undefined);
    setPdf(undefined);
    setError(undefined);
    setPage(initialPage);
    (async () => {
      const f = await api.file(path);
      shown = f;
      if (cancelled) return f.release();
      setFile(f);
      if (f.contentType === 'application/pdf') {
        const { openPdf } = await import('./pdf-page');
        opened = await openPdf(await f.bytes());
        if (!cancelled) setPdf(opened);
      }
    })().catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
      shown?.release();
      void opened?.destroy();
    };
  }, [api, path, initialPage]);

  useEffect(() => {
    if (!pdf || !canvas.current || !stage.current) return;
    // The stage is the zoom times the frame's width: the page is drawn that wide, sharp.
    const width = (stage.current.parentElement?.clientWidth || 800) * zoom;
    import('./pdf-page')
      .then(async ({ renderPage }) => {
        const c = canvas.current;
        if (!c) return;
        c.dataset.rendered = '';
        await renderPage(pdf, page, c, width);
        // Marks the page drawn (what the browser tests wait for).
        c.dataset.rendered = String(page);
      })
      .catch((err: unknown) => setError(err));
  }, [pdf, page, zoom]);

  if (error) return <ErrorMessage error={error} />;
  if (!file)
    return (
      <p className="muted file-placeholder" aria-busy="true">
        {t('loading')}
      </p>
    );
  const isPdf = file.contentType === 'application/pdf';
  const pages = pdf?.numPages ?? 1;
  const onPage = Object.entries(fields).filter(([, f]) => f.page === page && f.box);
  const flaggedHere = onPage.filter(([n]) => flagged.has(baseField(n))).length;
  return (
    <figure className="page-evidence">
      <div className="page-tools row" role="toolbar" aria-label={t('pageTools')}>
        <button type="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
          ‹ {t('prevPage')}
        </button>
        <span aria-live="polite">{t('pageOf', { page, pages })}</span>
        <button type="button" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages}>
          {t('nextPage')} ›
        </button>
        <label>
          {t('zoom')}
          <select value={zoom} onChange={(e) => setZoom(Number(e.target.value) as (typeof ZOOMS)[number])}>
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                {z * 100}%
              </option>
            ))}
          </select>
        </label>
        <a href={file.url} target="_blank" rel="noreferrer">
          {t('open')}: {title}
        </a>
      </div>
      {/* Zoomed past the frame it scrolls: focusable, so a keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1) */}
      <section className="page-scroll" tabIndex={0} aria-label={title}>
        <div className="page-stage" ref={stage} style={{ width: `${zoom * 100}%` }}>
          {isPdf ? (
            <canvas ref={canvas} role="img" aria-label={`${title} · ${t('pageOf', { page, pages })}`} />
          ) : (
            <img src={file.url} alt={title} />
          )}
          {(isPdf ? pdf !== undefined : page === 1) &&
            onPage.map(([name, f]) => {
              const b = f.box as NonNullable<FieldRead['box']>;
              const hot = flagged.has(baseField(name));
              return (
                <div
                  key={name}
                  className={`field-box${hot ? ' flagged' : ''}${f.lowConfidence ? ' low' : ''}`}
                  title={`${label(name)}: ${typeof f.value === 'object' ? JSON.stringify(f.value) : String(f.value)}`}
                  aria-hidden="true"
                  style={{
                    left: `${b.x0 * 100}%`,
                    top: `${b.y0 * 100}%`,
                    width: `${(b.x1 - b.x0) * 100}%`,
                    height: `${(b.y1 - b.y0) * 100}%`,
                  }}
                />
              );
            })}
          {(isPdf ? pdf !== undefined : page === 1) &&
            marks
              .filter((m) => m.page === page)
              .map((m) => (
                <div
                  key={`${m.label}:${m.box.x0}:${m.box.y0}`}
                  className="field-box sign"
                  title={m.label}
                  aria-hidden="true"
                  style={{
                    left: `${m.box.x0 * 100}%`,
                    top: `${m.box.y0 * 100}%`,
                    width: `${(m.box.x1 - m.box.x0) * 100}%`,
                    height: `${(m.box.y1 - m.box.y0) * 100}%`,
                  }}
                />
              ))}
        </div>
      </section>
      <figcaption className="muted">
        {t('boxesOnPage', { n: onPage.length, flagged: flaggedHere })}
      </figcaption>
    </figure>
  );
}
