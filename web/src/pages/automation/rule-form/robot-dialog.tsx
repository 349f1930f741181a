import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pipeline } from '../../../api/types.ts';
import { type Robot, type RobotDraft, workScopeOf } from '../automation-types.ts';
import { ItemPicker } from '../try/item-picker.tsx';
import { TryPanel } from '../try/try-panel.tsx';
import { ConditionBuilder } from './condition-builder.tsx';
import { robotDraft } from './drafts.ts';
import { ActionEditor, RetryEditor } from './robot-parts.tsx';
import { ActAsField, NameField, RuleCheckbox } from './rule-basics.tsx';
import { RuleFormContext, useCatalogue } from './rule-data.ts';
import { RuleDialog, RuleSection } from './rule-dialog.tsx';
import { TimingEditor } from './timing-editor.tsx';
import { useRuleEditor } from './use-rule-editor.ts';

const PLACED = [
  '/name',
  '/action',
  '/timing',
  '/afterPrevious',
  '/condition',
  '/repeat',
  '/retry',
  '/actAs',
  '/enabled',
];

interface RobotDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  robot?: Robot;
  onSaved(robot: Robot, created: boolean): void;
}

/** The robot form: what it does, when, if what holds, and a try on a real item before saving. */
export function RobotDialog(props: RobotDialogProps) {
  const { t } = useTranslation('ruleForm');
  const title = props.robot === undefined ? t('robot.new') : t('robot.edit', { name: props.robot.name });
  // The form mounts with the dialog's content, so each opening starts from the robot as saved.
  return props.open ? <RobotForm {...props} title={title} /> : null;
}

function RobotForm(props: RobotDialogProps & { title: string }) {
  const { t } = useTranslation('ruleForm');
  const idPrefix = `robot${useId().replaceAll(':', '')}`;
  const catalogue = useCatalogue();
  const [itemId, setItemId] = useState<string | null>(null);
  const editor = useRuleEditor<Robot, RobotDraft>({
    resource: 'robots',
    pipeline: props.pipeline,
    rule: props.robot,
    draftOf: (robot) => robotDraft(robot, props.stageId),
    onSaved: props.onSaved,
    onOpenChange: props.onOpenChange,
  });
  const { draft, errors } = editor;
  const set = (changes: Partial<RobotDraft>) => editor.setDraft({ ...draft, ...changes });
  const stageName = props.pipeline.stages.find((stage) => stage.id === draft.stageId)?.name ?? '';
  const trySection = (
    <RuleSection id={`${idPrefix}-try`} title={t('section.try')}>
      <ItemPicker
        pipelineId={props.pipeline.id}
        value={itemId}
        onChange={setItemId}
        label={t('try.item')}
        id={`${idPrefix}-item`}
      />
      <p className="field-help">{t('try.help')}</p>
      <TryPanel itemId={itemId} request={() => (itemId === null ? undefined : { itemId, robot: draft })} />
    </RuleSection>
  );
  return (
    <RuleFormContext.Provider
      value={{ pipeline: props.pipeline, work: workScopeOf(draft.timing), timing: draft.timing }}
    >
      <RuleDialog
        onOpenChange={props.onOpenChange}
        title={props.title}
        editor={editor}
        placed={PLACED}
        after={trySection}
      >
        <RuleSection id={`${idPrefix}-what`} title={t('section.what')}>
          <NameField
            idPrefix={idPrefix}
            value={draft.name}
            onChange={(name) => set({ name })}
            errors={errors}
          />
          <ActionEditor
            catalogue={catalogue.data}
            action={draft.action}
            onChange={(action) => set({ action })}
            idPrefix={idPrefix}
            errors={errors}
            previewItemId={itemId}
          />
        </RuleSection>
        <RuleSection id={`${idPrefix}-when`} title={t('section.when')}>
          <TimingEditor
            timing={draft.timing}
            afterPrevious={draft.afterPrevious}
            onChange={(timing, afterPrevious) => set({ timing, afterPrevious })}
            stageName={stageName}
            pipelineId={props.pipeline.id}
            idPrefix={idPrefix}
            errors={errors}
            pointer="/timing"
          />
          <RetryEditor
            repeat={draft.repeat}
            retry={draft.retry}
            onChange={(repeat, retry) => set({ repeat, retry })}
            idPrefix={idPrefix}
            errors={errors}
          />
        </RuleSection>
        <RuleSection id={`${idPrefix}-if`} title={t('section.if')}>
          <p className="field-help">{t('robot.conditionHelp')}</p>
          <ConditionBuilder
            value={draft.condition}
            onChange={(condition) => set({ condition })}
            scope="item"
            pipelineId={props.pipeline.id}
            idPrefix={`${idPrefix}-condition`}
            errors={errors ?? []}
            pointer="/condition"
          />
          <ActAsField
            idPrefix={idPrefix}
            value={draft.actAs}
            onChange={(actAs) => set({ actAs })}
            errors={errors}
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
