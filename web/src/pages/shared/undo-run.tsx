import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertDialog } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';

/** One change of a run, as GET /runs/{id}/undo reports it. */
interface UndoEffect {
  readonly kind: string;
  readonly verdict: 'undo' | 'refused' | 'not_undoable';
  readonly description: string;
  readonly reason?: string;
}

interface UndoReport {
  readonly undoable: boolean;
  readonly blockedBy: string | null;
  readonly effects: readonly UndoEffect[];
}

/** The fields of a run the button needs. */
export interface UndoableRun {
  readonly id: string;
  readonly itemId: string;
  readonly status: string;
  readonly undoneAt?: string | null;
  readonly robotName?: string | null;
}

/**
 * "Undo" on a succeeded run: opens a confirmation listing what would be put back, what stops the
 * undo (a later change it would overwrite) and what cannot be undone (mail sent); confirming undoes
 * the run. An undone run says so instead. Shown to managers and admins only (the caller checks).
 */
export function UndoRunButton({ run }: { run: UndoableRun }) {
  const { t } = useTranslation('runs');
  const [open, setOpen] = useState(false);
  const robot = run.robotName ?? t('table.unnamedRobot');
  if (run.status !== 'succeeded') return null;
  if (run.undoneAt != null) return <span className="pill undone-pill">{t('undo.undone')}</span>;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-label={t('undo.named', { robot })}>
        {t('undo.button')}
      </button>
      {open && <UndoDialog run={run} robot={robot} onClose={() => setOpen(false)} />}
    </>
  );
}

function UndoDialog({ run, robot, onClose }: { run: UndoableRun; robot: string; onClose: () => void }) {
  const { t } = useTranslation('runs');
  const client = useQueryClient();
  const preview = useQuery({
    queryKey: ['run', run.id, 'undo'],
    queryFn: () => api.get<UndoReport>(`/runs/${run.id}/undo`),
    staleTime: 0,
  });
  const undo = useMutation({
    mutationFn: () => api.post<UndoReport>(`/runs/${run.id}/undo`),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['item', run.itemId] }),
        client.invalidateQueries({ queryKey: ['runs'] }),
      ]);
      onClose();
    },
  });
  const report = preview.data;
  return (
    <AlertDialog.Root open onOpenChange={(next) => !next && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog undo-dialog">
          <AlertDialog.Title>{t('undo.title', { robot })}</AlertDialog.Title>
          <AlertDialog.Description>{t('undo.description')}</AlertDialog.Description>
          {preview.isPending && <Loading />}
          {preview.isError && <ProblemMessage error={preview.error} />}
          {report !== undefined && (
            <>
              <ul className="undo-effects">
                {report.effects.map((effect, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the report's order is fixed
                  <li key={index} className={`undo-effect undo-${effect.verdict}`}>
                    <strong>{t(`undo.verdict.${effect.verdict}`)}</strong> {effect.description}
                    {effect.reason !== undefined && <span className="muted"> — {effect.reason}</span>}
                  </li>
                ))}
              </ul>
              {!report.undoable && (
                <p className="problem" role="alert">
                  {t('undo.blocked')}
                </p>
              )}
            </>
          )}
          {undo.isError && <ProblemMessage error={undo.error} />}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button">{t('common:actions.cancel')}</button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className="button-danger"
              disabled={report?.undoable !== true || undo.isPending}
              onClick={() => undo.mutate()}
            >
              {t('undo.confirm')}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
