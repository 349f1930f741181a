import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pipeline } from '../../../api/types.ts';
import type { Guard, GuardDraft } from '../automation-types.ts';
import { ConditionBuilder } from './condition-builder.tsx';
import { guardDraft } from './drafts.ts';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';
import { NameField, RuleCheckbox } from './rule-basics.tsx';
import { RuleFormContext } from './rule-data.ts';
import { RuleDialog, RuleSection } from './rule-dialog.tsx';
import { useRuleEditor } from './use-rule-editor.ts';

const PLACED = ['/name', '/condition', '/message', '/enabled'];

interface GuardDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  guard?: Guard;
  onSaved(guard: Guard, created: boolean): void;
}

/** The guard form: which condition an item must meet to enter the stage, and what a refusal says. */
export function GuardDialog(props: GuardDialogProps) {
  const { t } = useTranslation('ruleForm');
  const title = props.guard === undefined ? t('guard.new') : t('guard.edit', { name: props.guard.name });
  return props.open ? <GuardForm {...props} title={title} /> : null;
}

function GuardForm(props: GuardDialogProps & { title: string }) {
  const { t } = useTranslation('ruleForm');
  const idPrefix = `guard${useId().replaceAll(':', '')}`;
  const editor = useRuleEditor<Guard, GuardDraft>({
    resource: 'guards',
    pipeline: props.pipeline,
    rule: props.guard,
    draftOf: (guard) => guardDraft(guard, props.stageId),
    onSaved: props.onSaved,
    onOpenChange: props.onOpenChange,
  });
  const { draft, errors } = editor;
  const set = (changes: Partial<GuardDraft>) => editor.setDraft({ ...draft, ...changes });
  const stageName = props.pipeline.stages.find((stage) => stage.id === draft.stageId)?.name ?? '';
  return (
    <RuleFormContext.Provider value={{ pipeline: props.pipeline }}>
      <RuleDialog onOpenChange={props.onOpenChange} title={props.title} editor={editor} placed={PLACED}>
        <RuleSection id={`${idPrefix}-what`} title={t('section.what')}>
          <NameField
            idPrefix={idPrefix}
            value={draft.name}
            onChange={(name) => set({ name })}
            errors={errors}
          />
          <FieldFrame
            id={fieldId(idPrefix, '/message')}
            label={t('guard.message')}
            required
            help={t('guard.messageHelp', { stage: stageName })}
            errors={errorsAt(errors, '/message')}
          >
            {(control) => (
              <textarea
                {...control}
                rows={2}
                value={draft.message}
                onChange={(event) => set({ message: event.target.value })}
              />
            )}
          </FieldFrame>
        </RuleSection>
        <RuleSection id={`${idPrefix}-if`} title={t('section.if')}>
          <p className="field-help">{t('guard.conditionHelp', { stage: stageName })}</p>
          <ConditionBuilder
            value={draft.condition}
            onChange={(condition) => set({ condition: condition ?? { all: [] } })}
            scope="item"
            pipelineId={props.pipeline.id}
            idPrefix={`${idPrefix}-condition`}
            errors={errors ?? []}
            pointer="/condition"
          />
          <RuleCheckbox
            idPrefix={idPrefix}
            pointer="/enabled"
            label={t('enabled')}
            checked={draft.enabled}
            onChange={(enabled) => set({ enabled })}
            errors={errors}
          />
        </RuleSection>
      </RuleDialog>
    </RuleFormContext.Provider>
  );
}
