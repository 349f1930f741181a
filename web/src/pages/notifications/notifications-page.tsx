import { useTranslation } from 'react-i18next';

export default function NotificationsPage() {
  const { t } = useTranslation();
  return <p className="empty">{t('empty')}</p>;
}
