import { useTranslation } from 'react-i18next';

export default function ItemPage() {
  const { t } = useTranslation();
  return <p className="empty">{t('empty')}</p>;
}
