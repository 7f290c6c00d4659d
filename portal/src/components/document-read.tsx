import type { DocumentView, FieldRead } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatYuan } from '../pages/seller/summaries';

/** A value read from a document, in words: dates and codes as they are, rows as "key value". */
export function showValue(value: unknown, lang: 'zh' | 'en'): string {
  if (value === null) return lang === 'zh' ? '长期' : 'no end';
  if (value === undefined) return '—';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    // The row values the readers produce, as a person reads them.
    if (typeof v.date === 'string' && typeof v.amountMinor === 'number')
      return `${v.date} · ${v.amountMinor < 0 ? '−' : '+'}¥${formatYuan(Math.abs(v.amountMinor))}`;
    if (typeof v.month === 'string' && typeof v.kwh === 'number')
      return `${v.month} · ${v.kwh.toLocaleString()} kWh`;
    if (typeof v.sku === 'string' && typeof v.monthlyCapacity === 'number')
      return `${v.sku} · ${v.monthlyCapacity.toLocaleString()} ${lang === 'zh' ? '件/月' : 'a month'}`;
    return Object.entries(v)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  }
  return String(value);
}

/** A field's name in words: "months[2]" reads as "Billed month #3". */
export function fieldLabel(code: (prefix: string, c: string) => string, name: string): string {
  const m = /^([A-Za-z_]+)(?:[[.](\d+)]?)?(.*)$/.exec(name);
  return m?.[1] ? `${code('fieldName', m[1])}${m[2] ? ` #${Number(m[2]) + 1}` : ''}${m[3] ?? ''}` : name;
}

function FieldRow({ name, field }: { name: string; field: FieldRead }) {
  const { t, code, lang } = useI18n();
  const low = field.lowConfidence;
  const label = fieldLabel(code, name);
  return (
    <tr className={low ? 'low-confidence' : undefined}>
      <th scope="row">{label}</th>
      <td>{showValue(field.value, lang)}</td>
      <td>
        <span className="confidence" title={low ? t('lowConfidence') : undefined}>
          {field.confidence.toFixed(2)}
        </span>
        {low && <span className="tag warn">{t('lowConfidence')}</span>}
      </td>
      <td className="muted">
        {t('pageLine', { page: field.page, line: field.line })} ·{' '}
        {field.method === 'ocr' ? t('viaOcr') : t('viaText')}
      </td>
    </tr>
  );
}

/** What was read from one file: every field with its confidence (low ones marked) and the problems. */
export function DocumentRead({ doc, fieldsOpen = false }: { doc: DocumentView; fieldsOpen?: boolean }) {
  const { t, msg } = useI18n();
  const read = doc.read;
  // Drafts are read at upload; a submitted file without a reading was stopped before extraction.
  if (!read) return <p className="muted">{doc.uploaded ? t('notRead') : t('notUploaded')}</p>;
  const fields = Object.entries(read.fields);
  return (
    <div className="read">
      <p className={read.ok ? 'ok' : 'bad'}>{read.ok ? t('readOk') : t('readFailed')}</p>
      {fields.length > 0 && (
        // The raw reading is for checking a doubt: folded, unless a field is below the floor.
        <details
          className="raw-fields"
          open={fieldsOpen || fields.some(([, f]) => f.lowConfidence) || undefined}
        >
          <summary>{t('rawFields', { n: fields.length })}</summary>
          <table className="fields">
            <caption className="sr-only">{`${t('fieldsRead')}: ${doc.file}`}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('value')}</th>
                <th scope="col">{t('confidence')}</th>
                <th scope="col">{t('whereRead')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map(([name, field]) => (
                <FieldRow key={name} name={name} field={field} />
              ))}
            </tbody>
          </table>
        </details>
      )}
      {read.problems.length > 0 ? (
        <ul className="problems" aria-label={t('problems')}>
          {read.problems.map((p) => (
            <li key={`${p.code}:${p.message.en}`}>
              <code>{p.code}</code> {msg(p.message)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('noProblems')}</p>
      )}
    </div>
  );
}
