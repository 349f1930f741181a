import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Page, User } from '../../api/types.ts';
import type { BoardFilters } from './board-types.ts';

/** The filters live in the URL (?responsible=…&q=…&overdue=1), so a filtered board can be shared. */
export function useBoardFilters(): [BoardFilters, (next: BoardFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: BoardFilters = {
    ...(params.get('responsible') && { responsibleId: params.get('responsible') ?? undefined }),
    ...(params.get('q') && { q: params.get('q') ?? undefined }),
    ...(params.get('overdue') === '1' && { overdue: true }),
  };
  const set = (next: BoardFilters) => {
    const query = new URLSearchParams();
    if (next.responsibleId) query.set('responsible', next.responsibleId);
    if (next.q) query.set('q', next.q);
    if (next.overdue) query.set('overdue', '1');
    setParams(query, { replace: true });
  };
  return [filters, set];
}

export function BoardFilterBar({
  filters,
  onChange,
}: {
  filters: BoardFilters;
  onChange: (next: BoardFilters) => void;
}) {
  const { t } = useTranslation('board');
  const users = useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
  });
  const [text, setText] = useState(filters.q ?? '');
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };
  // Typing waits for a pause before the board is asked again.
  useEffect(() => {
    const trimmed = text.trim();
    const { filters: current, onChange: change } = latest.current;
    if (trimmed === (current.q ?? '')) return;
    const timer = setTimeout(() => change({ ...current, q: trimmed === '' ? undefined : trimmed }), 350);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <search className="board-filters" aria-label={t('filters.label')}>
      <label>
        {t('filters.text')}
        <input
          type="search"
          value={text}
          placeholder={t('filters.textPlaceholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <label>
        {t('filters.responsible')}
        <select
          value={filters.responsibleId ?? ''}
          onChange={(event) => onChange({ ...filters, responsibleId: event.target.value || undefined })}
        >
          <option value="">{t('filters.anyone')}</option>
          {users.data?.data
            .filter((user) => user.active)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </select>
      </label>
      <label className="board-filter-check">
        <input
          type="checkbox"
          checked={filters.overdue === true}
          onChange={(event) => onChange({ ...filters, overdue: event.target.checked || undefined })}
        />
        {t('filters.overdue')}
      </label>
    </search>
  );
}
