import { type FormEvent, useId, useState } from 'react';
import { enc } from '../../api/client';
import { type ApplicationForm, CATEGORY_LIST, type Category, type Sku } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { usePortal } from '../../portal-context';
import {
  asksHomeAttributes,
  emptySkuRow,
  type SkuRow,
  SkuRowError,
  skuRowOf,
  skusOf,
  type YesNo,
} from './sku-rows';

interface Props {
  /** Absent: a new application. */
  applicationId?: string;
  initial?: ApplicationForm;
  submitLabel: string;
  onSubmit(form: ApplicationForm): Promise<void>;
  onCancel?(): void;
}

/** Company, category, SKUs with attributes, sample SKUs; CSV import of SKUs once the draft exists. */
export function ApplicationFormEditor({ applicationId, initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const [seller, setSeller] = useState({
    companyName: initial?.seller.companyName ?? '',
    uscc: initial?.seller.uscc ?? '',
    legalRepresentative: initial?.seller.legalRepresentative ?? '',
    contactEmail: initial?.seller.contactEmail ?? '',
  });
  const [category, setCategory] = useState<Category>(initial?.category ?? 'home');
  const [rows, setRows] = useState<SkuRow[]>(() =>
    initial?.skus.length
      ? initial.skus.map((s) => skuRowOf(s, initial.sampleSkus.includes(s.sku)))
      : [emptySkuRow()],
  );
  const save = useAction(async () => {
    const { skus, sampleSkus } = skusOf(rows);
    const trimmed = Object.fromEntries(Object.entries(seller).map(([k, v]) => [k, v.trim()]));
    await onSubmit({
      seller: {
        companyName: seller.companyName.trim(),
        uscc: seller.uscc.trim(),
        ...(trimmed.legalRepresentative ? { legalRepresentative: trimmed.legalRepresentative } : {}),
        ...(trimmed.contactEmail ? { contactEmail: trimmed.contactEmail } : {}),
      },
      category,
      skus,
      sampleSkus,
    });
  });
  const update = (key: number, patch: Partial<SkuRow>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const onFormSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const rowError = save.error instanceof SkuRowError ? save.error : null;

  return (
    <form className="stack application-form" onSubmit={onFormSubmit} aria-label={t('formTitle')}>
      <fieldset className="grid-2">
        <legend>{t('formTitle')}</legend>
        <label>
          {t('companyName')}
          <input
            required
            value={seller.companyName}
            onChange={(e) => setSeller({ ...seller, companyName: e.target.value })}
          />
        </label>
        <label>
          {t('uscc')}
          <input
            required
            value={seller.uscc}
            onChange={(e) => setSeller({ ...seller, uscc: e.target.value })}
            maxLength={40}
            spellCheck={false}
          />
        </label>
        <label>
          {t('legalRepresentative')}
          <input
            value={seller.legalRepresentative}
            onChange={(e) => setSeller({ ...seller, legalRepresentative: e.target.value })}
          />
        </label>
        <label>
          {t('contactEmail')}
          <input
            type="email"
            value={seller.contactEmail}
            onChange={(e) => setSeller({ ...seller, contactEmail: e.target.value })}
          />
        </label>
        <CategorySelect label={t('category')} value={category} onChange={setCategory} />
      </fieldset>

      <fieldset className="skus">
        <legend>{t('skus')}</legend>
        <p className="hint">{t('sampleHint')}</p>
        {rows.map((r, i) => (
          <fieldset key={r.key} className="sku-row" aria-label={`SKU ${i + 1}`}>
            <legend>SKU {i + 1}</legend>
            <div className="grid-4">
              <label>
                {t('sku')}
                <input required value={r.sku} onChange={(e) => update(r.key, { sku: e.target.value })} />
              </label>
              <label>
                {t('skuName')}
                <input value={r.name} onChange={(e) => update(r.key, { name: e.target.value })} />
              </label>
              <label>
                {t('monthlyCapacity')}
                <input
                  required
                  type="number"
                  min={0}
                  step={1}
                  value={r.monthlyCapacity}
                  onChange={(e) => update(r.key, { monthlyCapacity: e.target.value })}
                />
              </label>
              <label>
                {t('brand')}
                <input value={r.brand} onChange={(e) => update(r.key, { brand: e.target.value })} />
              </label>
              <label>
                {t('targetMarkets')}
                <input
                  value={r.targetMarkets}
                  placeholder="FR, ES"
                  onChange={(e) => update(r.key, { targetMarkets: e.target.value })}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.hasBattery}
                  onChange={(e) => update(r.key, { hasBattery: e.target.checked })}
                />
                {t('hasBattery')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.sample}
                  onChange={(e) => update(r.key, { sample: e.target.checked })}
                />
                {t('sample')}
              </label>
              <button
                type="button"
                className="link-button"
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                disabled={rows.length === 1}
              >
                {t('removeSku')}
              </button>
            </div>
            {asksHomeAttributes(category) && (
              <div className="grid-4">
                <label>
                  {t('attribute.materialComposition')}
                  <input
                    value={r.material}
                    placeholder="PP 90, TPR 10"
                    aria-invalid={rowError?.row === i && rowError.problem === 'materialInvalid'}
                    onChange={(e) => update(r.key, { material: e.target.value })}
                  />
                </label>
                <YesNoSelect
                  label={t('attribute.containsFormaldehyde')}
                  value={r.formaldehyde}
                  onChange={(v) => update(r.key, { formaldehyde: v })}
                />
                <YesNoSelect
                  label={t('attribute.en71_3Tested')}
                  value={r.en71}
                  onChange={(v) => update(r.key, { en71: v })}
                />
              </div>
            )}
            <details className="other-attributes" open={r.attributes !== '' || undefined}>
              <summary>{t('otherAttributes')}</summary>
              <label>
                {t('attributes')}
                <textarea
                  rows={2}
                  spellCheck={false}
                  value={r.attributes}
                  placeholder='{"color": "blue"}'
                  aria-invalid={rowError?.row === i && rowError.problem === 'attributesInvalid'}
                  onChange={(e) => update(r.key, { attributes: e.target.value })}
                />
              </label>
            </details>
            {rowError?.row === i && (
              <p role="alert" className="error">
                {t(rowError.problem)}
              </p>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => setRows((rs) => [...rs, emptySkuRow()])}>
          {t('addSku')}
        </button>
        {applicationId && (
          <CsvImport
            applicationId={applicationId}
            onImported={(skus) =>
              setRows((rs) =>
                skus.map((s) =>
                  skuRowOf(
                    s,
                    rs.some((r) => r.sample && r.sku.trim() === s.sku),
                  ),
                ),
              )
            }
          />
        )}
      </fieldset>

      {!rowError && <ErrorMessage error={save.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

export function CategorySelect({
  label,
  value,
  onChange,
  withAll,
}: {
  label: string;
  value: string;
  onChange(c: Category): void;
  withAll?: boolean;
}) {
  const { t, code } = useI18n();
  // Labelled by id, not by nesting: a label around a select takes the chosen option into its name.
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Category)}>
        {withAll && <option value="">{t('all')}</option>}
        {CATEGORY_LIST.map((c) => (
          <option key={c} value={c}>
            {code('category', c)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface ImportResult {
  /** Every SKU of the draft after the import (the server saves it at once). */
  skus: Sku[];
  errors: { line: number; field: string; message: string }[];
}

/** The server parses the CSV (at most 200 SKUs), saves the valid rows and names each bad line. */
function CsvImport({ applicationId, onImported }: { applicationId: string; onImported(skus: Sku[]): void }) {
  const { t } = useI18n();
  const { api } = usePortal();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult>();
  const importCsv = useAction(async () => {
    if (!file) return;
    const csv = await file.text();
    const r = await api.post<ImportResult>(`/api/applications/${enc(applicationId)}/skus/import`, { csv });
    setResult(r);
    if (r.skus.length) onImported(r.skus);
  });
  return (
    <div className="csv-import">
      <h3>{t('importCsv')}</h3>
      <p className="hint">{t('importCsvHint')}</p>
      <div className="row">
        <label>
          {t('csvFile')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="button" onClick={() => void importCsv.run()} disabled={!file || importCsv.busy}>
          {t('import')}
        </button>
      </div>
      <ErrorMessage error={importCsv.error} />
      {result && (
        <p role="status">
          {t('csvImported')}
          {result.skus.length}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <ul className="problems" aria-label={t('csvErrors')}>
          {result.errors.map((e) => (
            <li key={`${e.line}:${e.field}:${e.message}`}>
              {t('csvLine', { line: e.line })} <code>{e.field}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function YesNoSelect({ label, value, onChange }: { label: string; value: YesNo; onChange(v: YesNo): void }) {
  const { t } = useI18n();
  // Labelled by id, not by nesting: a nested select's chosen option would join its name.
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as YesNo)}>
        <option value="">—</option>
        <option value="yes">{t('yes')}</option>
        <option value="no">{t('no')}</option>
      </select>
    </div>
  );
}
