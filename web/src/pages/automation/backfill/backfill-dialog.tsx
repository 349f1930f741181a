import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import type { BackfillPreview, BackfillResult } from '../automation-types.ts';
import { useTraceWords } from '../try/use-trace-words.ts';
import { chosenIds, countsText, defaultSelection, toggled } from './backfill-logic.ts';
import { BackfillOutcome } from './backfill-outcome.tsx';
import { BackfillTable } from './backfill-table.tsx';
import './backfill.css';

interface Props {
  open: boolean;
  onOpenChange(open: boolean): void;
  kind: 'robot' | 'trigger';
  ruleId: string;
  ruleName: string;
}

/** The preview, read afresh each time the dialog opens, then the confirmation and its outcome. */
function BackfillBody({ kind, ruleId, onOpenChange }: Props) {
  const { t } = useTranslation('tryRule');
  const client = useQueryClient();
  const words = useTraceWords(null);
  const path = `/${kind}s/${ruleId}/backfill`;
  const [selection, setSelection] = useState<Set<string> | null>(null);
  const preview = useQuery({
    queryKey: ['backfill', kind, ruleId],
    queryFn: () => api.post<BackfillPreview>(`${path}/preview`),
    refetchOnMount: 'always',
    refetchOnWindowFocus: false,
    gcTime: 0,
  });
  const apply = useMutation({
    mutationFn: (itemIds: string[]) => api.post<BackfillResult>(path, { itemIds }),
    onSuccess: () =>
      Promise.all(
        [['automation'], ['runs'], ['board']].map((queryKey) => client.invalidateQueries({ queryKey })),
      ),
  });
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <ProblemMessage error={preview.error} />;
  const data = preview.data;
  if (apply.data !== undefined) return <BackfillOutcome preview={data} result={apply.data} words={words} />;
  const chosen = selection ?? defaultSelection(data.candidates);
  const ids = chosenIds(data, chosen);
  return (
    <>
      {kind === 'trigger' && <p className="muted">{t('backfill.triggerNote')}</p>}
      {data.candidates.length === 0 ? (
        <p className="empty">{t(`backfill.empty.${kind}`)}</p>
      ) : (
        <>
          <p className="backfill-counts" role="status">
            {countsText(kind, ids.length, data.candidates.length, t)}
          </p>
          {data.truncated && <p className="pill-warning backfill-truncated">{t('backfill.truncated')}</p>}
          <BackfillTable
            preview={data}
            selection={chosen}
            onToggle={(candidate, checked) => setSelection(toggled(chosen, candidate, checked))}
            words={words}
          />
        </>
      )}
      {apply.isError && <ProblemMessage error={apply.error} />}
      <div className="dialog-actions">
        <button type="button" onClick={() => onOpenChange(false)}>
          {t('backfill.cancel')}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={ids.length === 0 || apply.isPending}
          onClick={() => apply.mutate(ids)}
        >
          {t('backfill.apply')}
        </button>
      </div>
    </>
  );
}

/** "Apply “<rule>” to items already in the stage": preview, choose, confirm. */
export function BackfillDialog(props: Props) {
  const { t } = useTranslation('tryRule');
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog backfill-dialog" aria-describedby={undefined}>
          <Dialog.Title>{t('backfill.title', { rule: props.ruleName })}</Dialog.Title>
          {props.open && <BackfillBody {...props} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
