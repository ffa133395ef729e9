import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../../app/i18n.ts';

/** The language choice on the sign-in page, before there is a header to hold it. */
export function LanguageButton() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      value={currentLanguage()}
      options={[
        { value: 'zh-CN', label: t('app.langZh') },
        { value: 'en', label: t('app.langEn') },
      ]}
      onChange={(lang) => void changeLanguage(lang)}
    />
  );
}
