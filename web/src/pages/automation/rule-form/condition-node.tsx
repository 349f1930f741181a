import { useTranslation } from 'react-i18next';
import type { ConditionJson } from '../automation-types.ts';
import type { ConditionNodeProps } from './condition-env.ts';
import {
  addChild,
  childrenOf,
  groupOf,
  negate,
  newComparison,
  notChild,
  removeChild,
  replaceChild,
  setMode,
  shapeOf,
} from './condition-model.ts';
import { ComparisonRow } from './condition-row.tsx';
import { childPointer, errorsAt, fieldId } from './field-errors.ts';
import { FieldErrors } from './field-frame.tsx';

/** Groups deeper than this offer no further group (the server allows 8 levels, comparisons included). */
const MAX_GROUP_DEPTH = 6;

/** One node of the condition: a `not` shows its inner node marked "not"; groups and comparisons as they are. */
export function ConditionNode(props: ConditionNodeProps) {
  if (shapeOf(props.node) === 'not') {
    const inner = notChild(props.node);
    return (
      <NodeBody
        {...props}
        node={inner}
        pointer={childPointer(props.pointer, 'not')}
        onChange={(next) => props.onChange(negate(next))}
        negated
        onNegate={(on) => !on && props.onChange(inner)}
      />
    );
  }
  return <NodeBody {...props} negated={false} onNegate={(on) => on && props.onChange(negate(props.node))} />;
}

export interface NegationProps {
  readonly negated: boolean;
  readonly onNegate: (negated: boolean) => void;
}

function NodeBody(props: ConditionNodeProps & NegationProps) {
  const shape = shapeOf(props.node);
  if (shape === 'all' || shape === 'any') return <ConditionGroup {...props} mode={shape} />;
  return <ComparisonRow {...props} />;
}

/** "Not" before a group or a comparison: the part must not hold. */
export function NegateToggle(props: NegationProps & { id: string; label: string }) {
  return (
    <label htmlFor={props.id} className="checkbox-label condition-negate">
      <input
        id={props.id}
        type="checkbox"
        checked={props.negated}
        onChange={(e) => props.onNegate(e.target.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

function ConditionGroup(props: ConditionNodeProps & NegationProps & { mode: 'all' | 'any' }) {
  const { t } = useTranslation('ruleForm');
  const id = fieldId(props.env.idPrefix, props.pointer);
  const children = childrenOf(props.node);
  const listPointer = childPointer(props.pointer, props.mode);
  const addComparison = () => {
    const first = props.env.fields[0];
    if (first !== undefined)
      props.onChange(addChild(props.node, newComparison(first.path, first.kind, props.env.operators)));
  };
  const addGroup = () =>
    props.onChange(addChild(props.node, groupOf(props.mode === 'all' ? 'any' : 'all', [])));
  return (
    <fieldset
      className={`condition-group${props.negated ? ' condition-negated' : ''}`}
      data-depth={props.depth}
    >
      <legend className="visually-hidden">{t('condition.group')}</legend>
      <div className="condition-group-head">
        <NegateToggle
          id={`${id}-not`}
          label={t('condition.not')}
          negated={props.negated}
          onNegate={props.onNegate}
        />
        <label htmlFor={`${id}-mode`} className="visually-hidden">
          {t('condition.mode')}
        </label>
        <select
          id={`${id}-mode`}
          value={props.mode}
          onChange={(event) => props.onChange(setMode(props.node, event.target.value as 'all' | 'any'))}
        >
          <option value="all">{t('condition.all')}</option>
          <option value="any">{t('condition.any')}</option>
        </select>
        <button
          type="button"
          className="button-quiet"
          onClick={props.onRemove}
          aria-label={t('condition.removeGroup')}
        >
          {t('condition.remove')}
        </button>
      </div>
      <FieldErrors
        id={id}
        errors={[...errorsAt(props.env.errors, props.pointer), ...errorsAt(props.env.errors, listPointer)]}
      />
      {children.length === 0 && <p className="muted">{t('condition.emptyGroup')}</p>}
      <ol className="condition-children">
        {children.map((child, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a condition's parts are known by their place
          <li key={index}>
            <ConditionNode
              node={child}
              onChange={(next: ConditionJson) => props.onChange(replaceChild(props.node, index, next))}
              onRemove={() => props.onChange(removeChild(props.node, index))}
              pointer={childPointer(listPointer, index)}
              depth={props.depth + 1}
              env={props.env}
            />
          </li>
        ))}
      </ol>
      <div className="condition-add">
        <button type="button" onClick={addComparison} disabled={props.env.fields.length === 0}>
          {t('condition.addComparison')}
        </button>
        {props.depth < MAX_GROUP_DEPTH && (
          <button type="button" onClick={addGroup}>
            {t('condition.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
