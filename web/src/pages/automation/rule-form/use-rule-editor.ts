import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { Pipeline } from '../../../api/types.ts';
import { saveBody } from './drafts.ts';
import { type RuleResource, saveFailure, useSaveRule } from './save-rule.ts';

interface SavedRule {
  readonly id: string;
  readonly version: number;
  readonly stageId: string;
}

/**
 * A rule dialog's state: the draft, the version it was read at, saving (POST or PATCH with the
 * version), the field errors of the last save, and reloading the rule after a version conflict.
 */
export function useRuleEditor<R extends SavedRule, D extends { readonly stageId: string }>(options: {
  resource: RuleResource;
  pipeline: Pipeline;
  rule: R | undefined;
  draftOf(rule: R | undefined): D;
  onSaved(rule: R, created: boolean): void;
  onOpenChange(open: boolean): void;
}) {
  const [draft, setDraft] = useState<D>(() => options.draftOf(options.rule));
  const [version, setVersion] = useState(options.rule?.version);
  const [reloading, setReloading] = useState(false);
  const save = useSaveRule<R>(options.resource, options.pipeline.id, options.rule?.id);
  const failure = save.error === null ? undefined : saveFailure(save.error);
  const errors = failure?.kind === 'fields' ? failure.errors : undefined;
  const submit = () =>
    save.mutate(saveBody(draft, options.pipeline.id, version), {
      onSuccess: (saved) => {
        options.onSaved(saved, options.rule === undefined);
        options.onOpenChange(false);
      },
    });
  const reload =
    options.rule === undefined
      ? undefined
      : async () => {
          setReloading(true);
          try {
            const fresh = await api.get<R>(`/${options.resource}/${options.rule?.id}`);
            setDraft(options.draftOf(fresh));
            setVersion(fresh.version);
            save.reset();
          } finally {
            setReloading(false);
          }
        };
  return { draft, setDraft, errors, submit, save, reload, reloading };
}
