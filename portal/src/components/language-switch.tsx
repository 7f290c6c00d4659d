import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="link-button"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      aria-label={`${t('language')}: ${t('switchLanguage')}`}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('switchLanguage')}
    </button>
  );
}
