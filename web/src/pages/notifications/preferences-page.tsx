import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import './notifications.css';

const KINDS = ['robot', 'task', 'approval', 'system', 'other'] as const;
const DELIVERIES = ['immediately', 'hourly', 'off'] as const;
type Kind = (typeof KINDS)[number];
type Delivery = (typeof DELIVERIES)[number];

interface Preferences {
  readonly language: 'en' | 'ru';
  readonly email: Record<Kind, Delivery>;
}

const PATH = '/me/notification-preferences';

/**
 * The signed-in user's notification preferences: the language of the emails, and per kind of
 * notification whether an email goes at once, in an hourly digest, or not at all.
 */
export default function NotificationPreferencesPage() {
  const { t } = useTranslation('notifications');
  const userId = useSession().user?.id;
  const client = useQueryClient();
  const stored = useQuery({
    queryKey: ['notification-preferences', userId],
    queryFn: () => api.get<Preferences>(PATH),
    enabled: userId !== undefined,
  });
  const [draft, setDraft] = useState<Preferences | undefined>(undefined);
  useEffect(() => {
    if (stored.data !== undefined) setDraft(stored.data);
  }, [stored.data]);
  const save = useMutation({
    mutationFn: (preferences: Preferences) => api.put<Preferences>(PATH, preferences),
    onSuccess: (saved) => client.setQueryData(['notification-preferences', userId], saved),
  });
  if (userId === undefined) return <p className="empty">{t('needsUser')}</p>;
  if (stored.isError) return <ProblemMessage error={stored.error} />;
  if (draft === undefined) return <Loading />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  return (
    <section aria-labelledby="preferences-title">
      <div className="page-head">
        <h1 id="preferences-title">{t('preferences.title')}</h1>
        <Link to="/notifications">{t('preferences.back')}</Link>
      </div>
      <form className="panel preferences-form" onSubmit={submit}>
        <p className="muted">{t('preferences.intro')}</p>
        <label className="preferences-row">
          <span>{t('preferences.language')}</span>
          <select
            value={draft.language}
            onChange={(event) => {
              setDraft({ ...draft, language: event.target.value === 'ru' ? 'ru' : 'en' });
              save.reset();
            }}
          >
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
        <fieldset className="preferences-kinds">
          <legend>{t('preferences.emailLegend')}</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="preferences-row">
              <span>
                {t(`preferences.kind.${kind}`)}
                <small> — {t(`preferences.kindHint.${kind}`)}</small>
              </span>
              <select
                value={draft.email[kind]}
                onChange={(event) => {
                  setDraft({ ...draft, email: { ...draft.email, [kind]: event.target.value as Delivery } });
                  save.reset();
                }}
              >
                {DELIVERIES.map((delivery) => (
                  <option key={delivery} value={delivery}>
                    {t(`preferences.delivery.${delivery}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
        {save.isError && <ProblemMessage error={save.error} />}
        <div className="preferences-actions">
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {t('preferences.save')}
          </button>
          {save.isSuccess && (
            <span role="status" className="muted">
              {t('preferences.saved')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
