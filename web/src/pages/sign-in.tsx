import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorMessage, setCsrfToken } from '../api/client.ts';
import { SESSION_KEY } from '../api/session.tsx';
import type { Session, SessionUser } from '../api/types.ts';
import { LanguageSelect } from '../components/language-select.tsx';

interface SignedIn {
  readonly user: SessionUser;
  readonly csrfToken: string;
}

export function SignInPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => api.post<SignedIn>('/session', { email, password }),
    onSuccess: (answer) => {
      setCsrfToken(answer.csrfToken);
      const session: Session = {
        via: 'session',
        role: answer.user.role,
        user: answer.user,
        csrfToken: answer.csrfToken,
      };
      client.setQueryData(SESSION_KEY, session);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  const problem = signIn.error;
  const message =
    problem instanceof ApiError && problem.status === 429
      ? t('signIn.rateLimited')
      : problem instanceof ApiError && problem.status === 401
        ? t('signIn.failed')
        : problem !== null
          ? errorMessage(problem)
          : undefined;
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Stageflow</span>
        </div>
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {message !== undefined && (
          <p className="problem" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={signIn.isPending}>
          {t('signIn.submit')}
        </button>
        <LanguageSelect showLabel />
      </form>
    </main>
  );
}
