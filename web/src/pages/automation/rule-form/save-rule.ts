import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type ProblemField } from '../../../api/client.ts';

/**
 * What a failed save means for the form: field errors to show next to their fields (400/422), a
 * version conflict to resolve by reloading (409 with a version mismatch), or another problem.
 */
export type SaveFailure =
  | { readonly kind: 'fields'; readonly errors: readonly ProblemField[] }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'other' };

export function saveFailure(error: unknown): SaveFailure {
  if (!(error instanceof ApiError)) return { kind: 'other' };
  if (error.status === 409 && error.problem.code === 'stale_version') return { kind: 'conflict' };
  const errors = (error.problem.errors ?? []).map(relativeToBody);
  if ((error.status === 400 || error.status === 422) && errors.length > 0) return { kind: 'fields', errors };
  return { kind: 'other' };
}

/** The server names request parts (`/body/action/params/title`); the form's pointers start at the body. */
export function relativeToBody(error: ProblemField): ProblemField {
  if (error.field === '/body') return { ...error, field: '' };
  return error.field.startsWith('/body/') ? { ...error, field: error.field.slice('/body'.length) } : error;
}

export type RuleResource = 'robots' | 'triggers' | 'guards';

/** Saves a rule (POST a new one, PATCH an existing one) and refreshes the pipeline's automation. */
export function useSaveRule<T>(resource: RuleResource, pipelineId: string, ruleId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Readonly<Record<string, unknown>>) =>
      ruleId === undefined ? api.post<T>(`/${resource}`, body) : api.patch<T>(`/${resource}/${ruleId}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['automation', pipelineId] }),
  });
}
