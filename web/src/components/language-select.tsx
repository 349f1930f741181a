import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.ts';

/** Switches the UI language; the choice is remembered in this browser. */
export function LanguageSelect({ showLabel = false }: { showLabel?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className={showLabel ? undefined : 'visually-hidden'}>{t('language.label')}</span>
      <select
        value={i18n.resolvedLanguage ?? 'en'}
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
