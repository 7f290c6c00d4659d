import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Message } from '../api/types';
import { LANGS, type Lang, type WordKey, word, wordOr } from './dictionary';

const STORAGE_KEY = 'portal.lang';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: WordKey, vars?: Record<string, string | number>): string;
  /** A server code (status, document type...) in words, or the code itself. */
  code(prefix: string, code: string): string;
  /** A bilingual message from the server, in the current language. */
  msg(message: Message | undefined): string;
  dateTime(iso: string | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LANGS.includes(stored as Lang) ? (stored as Lang) : 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    // Times are shown in China time: deadlines are China working days whoever looks at them.
    const format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Shanghai',
    });
    return {
      lang,
      setLang,
      t: (key, vars) => word(key, lang, vars),
      code: (prefix, c) => wordOr(prefix, c, lang),
      msg: (m) => (m ? m[lang] || m.zh || m.en : ''),
      dateTime: (iso) => (iso ? format.format(new Date(iso)) : ''),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
