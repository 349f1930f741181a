import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import type { Contact } from './item-types.ts';

/** The customer: name, company, and the emails and phones to reach them with one click. */
export function ItemContact({ contactId }: { contactId: string | null }) {
  const { t } = useTranslation('item');
  const contact = useQuery({
    queryKey: ['contacts', contactId],
    queryFn: () => api.get<Contact>(`/contacts/${contactId}`),
    enabled: contactId !== null,
  });
  if (contactId === null) return <p className="empty">{t('contact.none')}</p>;
  if (contact.isPending) return <Loading />;
  if (contact.isError) return <ProblemMessage error={contact.error} />;
  const { name, company, emails, phones } = contact.data;
  return (
    <div className="item-contact">
      <p className="contact-name">
        <strong>{name}</strong>
        {company !== null && <span className="muted"> · {company}</span>}
      </p>
      <dl className="contact-ways">
        <dt>{t('contact.emails')}</dt>
        <dd>
          {emails.length === 0 ? (
            <span className="muted">{t('contact.noneKnown')}</span>
          ) : (
            <ul>
              {emails.map((email) => (
                <li key={email}>
                  <a href={`mailto:${email}`}>{email}</a>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('contact.phones')}</dt>
        <dd>
          {phones.length === 0 ? (
            <span className="muted">{t('contact.noneKnown')}</span>
          ) : (
            <ul>
              {phones.map((phone) => (
                <li key={phone}>
                  <a href={`tel:${phone}`}>{phone}</a>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </div>
  );
}
