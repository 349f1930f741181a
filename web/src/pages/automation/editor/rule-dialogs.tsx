import { useState } from 'react';
import type { Pipeline } from '../../../api/types.ts';
import { BackfillDialog } from '../backfill/backfill-dialog.tsx';
import { GuardDialog } from '../rule-form/guard-dialog.tsx';
import { RobotDialog } from '../rule-form/robot-dialog.tsx';
import { TriggerDialog } from '../rule-form/trigger-dialog.tsx';
import { type BackfillOffer, backfillOffer } from './backfill-offer.ts';
import { CopyDialog } from './copy-dialog.tsx';
import { DeleteDialog } from './delete-dialog.tsx';
import type { Editing, RuleAction } from './editor-context.tsx';
import { HistoryDialog } from './history-dialog.tsx';
import { JournalDialog } from './journal-dialog.tsx';
import type { RuleRef } from './rule-copy.ts';
import { type Rules, useRefreshAutomation } from './use-automation.ts';

export interface OpenAction {
  readonly action: RuleAction;
  readonly ref: RuleRef;
}

interface Props {
  readonly pipeline: Pipeline;
  readonly rules: Rules;
  readonly canEdit: boolean;
  readonly stageCounts: ReadonlyMap<string, number>;
  readonly editing: Editing | undefined;
  readonly onEditingChange: (editing: Editing | undefined) => void;
  readonly action: OpenAction | undefined;
  readonly onActionClose: () => void;
}

/**
 * The dialogs the editor opens: a rule's form, and after a robot or trigger is saved on a stage
 * that holds items, the offer to apply it to them; a rule's copy, delete, history and record.
 */
export function RuleDialogs(props: Props) {
  const { pipeline, editing, onEditingChange, action } = props;
  const refresh = useRefreshAutomation(pipeline.id);
  const [backfill, setBackfill] = useState<BackfillOffer | undefined>(undefined);
  const close = (open: boolean) => !open && onEditingChange(undefined);
  const saved = (
    kind: 'robot' | 'trigger' | 'guard',
    rule: { id: string; name: string; stageId: string; enabled: boolean },
  ) => {
    onEditingChange(undefined);
    void refresh();
    setBackfill(backfillOffer(kind, rule, props.stageCounts));
  };
  const common = { open: true, onOpenChange: close, pipeline };
  return (
    <>
      {editing?.kind === 'robot' && (
        <RobotDialog
          {...common}
          stageId={editing.stageId}
          {...(editing.robot !== undefined && { robot: editing.robot })}
          onSaved={(robot) => saved('robot', robot)}
        />
      )}
      {editing?.kind === 'trigger' && (
        <TriggerDialog
          {...common}
          stageId={editing.stageId}
          {...(editing.trigger !== undefined && { trigger: editing.trigger })}
          onSaved={(trigger) => saved('trigger', trigger)}
        />
      )}
      {editing?.kind === 'guard' && (
        <GuardDialog
          {...common}
          stageId={editing.stageId}
          {...(editing.guard !== undefined && { guard: editing.guard })}
          onSaved={(guard) => saved('guard', guard)}
        />
      )}
      {backfill !== undefined && (
        <BackfillDialog open onOpenChange={(open) => !open && setBackfill(undefined)} {...backfill} />
      )}
      {action?.action === 'copy' && (
        <CopyDialog
          ruleRef={action.ref}
          pipeline={pipeline}
          rules={props.rules}
          onClose={props.onActionClose}
        />
      )}
      {action?.action === 'delete' && <DeleteDialog ruleRef={action.ref} onClose={props.onActionClose} />}
      {action?.action === 'history' && (
        <HistoryDialog ruleRef={action.ref} canEdit={props.canEdit} onClose={props.onActionClose} />
      )}
      {action?.action === 'record' && action.ref.kind !== 'guard' && (
        <JournalDialog
          kind={action.ref.kind}
          ruleId={action.ref.rule.id}
          name={action.ref.rule.name}
          stages={pipeline.stages}
          onClose={props.onActionClose}
        />
      )}
    </>
  );
}
