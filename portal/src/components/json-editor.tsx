import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** A JSON textarea that says when its text does not parse; `onSubmit` gets the parsed value. */
export function JsonEditor({
  label,
  initial,
  submitLabel,
  busy,
  onSubmit,
  rows = 12,
}: {
  label: string;
  initial: string;
  submitLabel: string;
  busy: boolean;
  onSubmit(value: unknown): void;
  rows?: number;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          setInvalid(true);
          return;
        }
        setInvalid(false);
        onSubmit(value);
      }}
    >
      <label>
        {label}
        <textarea
          className="code"
          rows={rows}
          spellCheck={false}
          value={text}
          aria-invalid={invalid}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {invalid && (
        <p role="alert" className="error">
          {t('invalidJson')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
