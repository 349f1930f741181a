import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pipeline } from '../../../api/types.ts';
import type { Trigger, TriggerDraft } from '../automation-types.ts';
import { ItemPicker } from '../try/item-picker.tsx';
import { TryPanel } from '../try/try-panel.tsx';
import { ConditionBuilder } from './condition-builder.tsx';
import { triggerDraft } from './drafts.ts';
import { EventTypeSelect } from './event-type-select.tsx';
import { ActAsField, NameField, RuleCheckbox } from './rule-basics.tsx';
import { RuleFormContext, useCatalogue } from './rule-data.ts';
import { RuleDialog, RuleSection } from './rule-dialog.tsx';
import { SchemaForm } from './schema-form.tsx';
import { initialValue, isRecord } from './schema-nodes.ts';
import { useRuleEditor } from './use-rule-editor.ts';

const PLACED = ['/name', '/eventType', '/filter', '/condition', '/allowBackward', '/actAs', '/enabled'];

interface TriggerDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  trigger?: Trigger;
  onSaved(trigger: Trigger, created: boolean): void;
}

/** The trigger form: on which event (matching which filter), for which items, and a try with a sample event. */
export function TriggerDialog(props: TriggerDialogProps) {
  const { t } = useTranslation('ruleForm');
  const title =
    props.trigger === undefined ? t('trigger.new') : t('trigger.edit', { name: props.trigger.name });
  return props.open ? <TriggerForm {...props} title={title} /> : null;
}

function TriggerForm(props: TriggerDialogProps & { title: string }) {
  const { t } = useTranslation('ruleForm');
  const idPrefix = `trigger${useId().replaceAll(':', '')}`;
  const catalogue = useCatalogue();
  const [itemId, setItemId] = useState<string | null>(null);
  const editor = useRuleEditor<Trigger, TriggerDraft>({
    resource: 'triggers',
    pipeline: props.pipeline,
    rule: props.trigger,
    draftOf: (trigger) => triggerDraft(trigger, props.stageId),
    onSaved: props.onSaved,
    onOpenChange: props.onOpenChange,
  });
  const { draft, errors } = editor;
  const set = (changes: Partial<TriggerDraft>) => editor.setDraft({ ...draft, ...changes });
  const eventType = catalogue.data?.eventTypes.find((type) => type.type === draft.eventType);
  // The sample event's data, started from the schema's examples and defaults for each event type.
  const [samples, setSamples] = useState<Readonly<Record<string, unknown>>>({});
  const sample = (
    Object.hasOwn(samples, draft.eventType)
      ? samples[draft.eventType]
      : eventType === undefined
        ? {}
        : initialValue(eventType.dataSchema, { examples: true })
  ) as Readonly<Record<string, unknown>>;
  const event = { type: draft.eventType, data: isRecord(sample) ? sample : {} };
  const trySection = (
    <RuleSection id={`${idPrefix}-try`} title={t('section.try')}>
      <ItemPicker
        pipelineId={props.pipeline.id}
        value={itemId}
        onChange={setItemId}
        label={t('try.item')}
        id={`${idPrefix}-item`}
      />
      {eventType !== undefined && (
        <fieldset className="schema-fieldset sample-event">
          <legend>{t('trigger.sample')}</legend>
          <p className="field-help">{t('trigger.sampleHelp')}</p>
          <SchemaForm
            key={eventType.type}
            schema={eventType.dataSchema}
            value={sample}
            onChange={(data) => setSamples({ ...samples, [draft.eventType]: data })}
            idPrefix={`${idPrefix}-sample`}
          />
        </fieldset>
      )}
      <TryPanel
        itemId={itemId}
        request={() =>
          itemId === null || draft.eventType === '' ? undefined : { itemId, trigger: draft, event }
        }
      />
    </RuleSection>
  );
  return (
    <RuleFormContext.Provider value={{ pipeline: props.pipeline, event }}>
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
          <EventTypeSelect
            idPrefix={idPrefix}
            eventTypes={catalogue.data?.eventTypes ?? []}
            value={draft.eventType}
            onChange={(type) => set({ eventType: type, filter: null })}
            errors={errors}
          />
        </RuleSection>
        <RuleSection id={`${idPrefix}-when`} title={t('section.filter')}>
          <p className="field-help">{t('trigger.filterHelp')}</p>
          <ConditionBuilder
            value={draft.filter}
            onChange={(filter) => set({ filter })}
            scope="event"
            eventType={draft.eventType}
            pipelineId={props.pipeline.id}
            idPrefix={`${idPrefix}-filter`}
            errors={errors ?? []}
            pointer="/filter"
          />
        </RuleSection>
        <RuleSection id={`${idPrefix}-if`} title={t('section.if')}>
          <p className="field-help">{t('trigger.conditionHelp')}</p>
          <ConditionBuilder
            value={draft.condition}
            onChange={(condition) => set({ condition })}
            scope="item"
            pipelineId={props.pipeline.id}
            idPrefix={`${idPrefix}-condition`}
            errors={errors ?? []}
            pointer="/condition"
          />
          <RuleCheckbox
            idPrefix={idPrefix}
            pointer="/allowBackward"
            label={t('trigger.allowBackward')}
            help={t('trigger.allowBackwardHelp')}
            checked={draft.allowBackward}
            onChange={(allowBackward) => set({ allowBackward })}
            errors={errors}
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
