import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { ConditionJson } from '../automation-types.ts';
import type { ConditionEnv } from './condition-env.ts';
import { fieldsForScope } from './condition-facts.ts';
import { groupOf, newComparison } from './condition-model.ts';
import { ConditionNode } from './condition-node.tsx';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldErrors } from './field-frame.tsx';
import { useCatalogue, usePipelineFields, useRuleFormContext } from './rule-data.ts';
import './condition-builder.css';
import './rule-form.css';

/**
 * The condition builder: all / any / not groups of comparisons over the facts of its scope
 * (`item`: the item and what it links to; `event`: the triggering event and its data), with the
 * operators that fit each field and values typed accordingly. "Show JSON" shows what it builds.
 */
export function ConditionBuilder(props: {
  value: ConditionJson | null;
  onChange(value: ConditionJson | null): void;
  scope: 'item' | 'event';
  eventType?: string;
  pipelineId: string;
  idPrefix: string;
  errors?: readonly ProblemField[];
  pointer?: string;
}) {
  const { t, i18n } = useTranslation('ruleForm');
  const [showJson, setShowJson] = useState(false);
  const jsonId = useId();
  const catalogue = useCatalogue();
  const pipelineFields = usePipelineFields(props.pipelineId);
  const context = useRuleFormContext();
  const pointer = props.pointer ?? '';
  if (catalogue.isPending) return <p className="muted">{t('loading')}</p>;
  const dataSchema = catalogue.data?.eventTypes.find((type) => type.type === props.eventType)?.dataSchema;
  const env: ConditionEnv = {
    fields: fieldsForScope(props.scope, catalogue.data?.facts ?? [], pipelineFields.data ?? [], dataSchema),
    operators: catalogue.data?.operators ?? [],
    stages: context?.pipeline.id === props.pipelineId ? context.pipeline.stages : [],
    errors: props.errors,
    idPrefix: props.idPrefix,
    language: i18n.resolvedLanguage ?? 'en',
  };
  const start = () => {
    const first = env.fields[0];
    props.onChange(
      groupOf('all', first === undefined ? [] : [newComparison(first.path, first.kind, env.operators)]),
    );
  };
  return (
    <div className="condition-builder">
      <FieldErrors id={fieldId(props.idPrefix, pointer)} errors={errorsAt(props.errors, pointer)} />
      {props.value === null ? (
        <p className="condition-none">
          <span className="muted">
            {t(props.scope === 'event' ? 'condition.noFilter' : 'condition.none')}
          </span>{' '}
          <button type="button" onClick={start}>
            {t('condition.add')}
          </button>
        </p>
      ) : (
        <ConditionNode
          node={props.value}
          onChange={props.onChange}
          onRemove={() => props.onChange(null)}
          pointer={pointer}
          depth={0}
          env={env}
        />
      )}
      {props.value !== null && (
        <div className="condition-json">
          <button
            type="button"
            className="button-quiet"
            aria-expanded={showJson}
            aria-controls={jsonId}
            onClick={() => setShowJson(!showJson)}
          >
            {t(showJson ? 'condition.hideJson' : 'condition.showJson')}
          </button>
          {showJson && (
            <pre id={jsonId} className="condition-json-text">
              {JSON.stringify(props.value, null, 2)}
            </pre>
          )}
        </div>
      )}
    </div>
  );
}
