import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from './client.ts';
import type { Role, Session } from './types.ts';

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

const SessionContext = createContext<Session | undefined>(undefined);

export const SESSION_KEY = ['session'] as const;

/** Reads the current session; `null` when nobody is signed in (the server answered 401). */
export function useSessionQuery() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await api.get<Session>('/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Any 401 from the API means the session ended: forget it, which shows the sign-in page. */
export function useSignOutOnUnauthorized(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        client.setQueryData(SESSION_KEY, null);
      }),
    [client],
  );
}

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the signed-in role may do what needs `role`; the server enforces the same rule. */
export function useCan(role: Role): boolean {
  return RANK[useSession().role] >= RANK[role];
}

/** The time zone to show times in: the user's, else the browser's. */
export function useTimeZone(): string {
  const session = useContext(SessionContext);
  return session?.user?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
