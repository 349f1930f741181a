import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Page, User } from '../../api/types.ts';

/**
 * Names of users by id, read once for every list that names people (approvers, task creators,
 * history authors). An id not (yet) known is shown as it is.
 */
export function useUserNames(): (id: string | null) => string {
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
    staleTime: 60_000,
  });
  const names = new Map((users.data?.data ?? []).map((user) => [user.id, user.name]));
  return (id) => (id === null ? '' : (names.get(id) ?? id));
}
