import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n/index.ts';
import type { Trigger } from '../automation-types.ts';
import { conditionSummary } from './condition-summary.ts';
import { useEditor } from './editor-context.tsx';
import { BoltIcon } from './icons.tsx';
import { editRule, RuleMenu } from './rule-menu.tsx';
import { RuleRecordLine } from './rule-record.tsx';
import { useWords } from './use-words.ts';

/**
 * One trigger of a stage: the event it waits for (in the user's language), its filter and
 * condition in one line each, whether it may move items backwards, and its record.
 */
export function TriggerCard({ trigger }: { trigger: Trigger }) {
  const { t } = useTranslation('automation');
  const words = useWords();
  const editor = useEditor();
  const eventType = editor.catalogue?.eventTypes.find((entry) => entry.type === trigger.eventType);
  const eventName = eventType?.description[currentLanguage()] ?? trigger.eventType;
  const titleId = `trigger-${trigger.id}`;
  const ref = { kind: 'trigger', rule: trigger } as const;
  const lines = [
    { key: 'filter', condition: trigger.filter },
    { key: 'condition', condition: trigger.condition },
  ] as const;
  return (
    <article
      className={`rule-card trigger-card${trigger.enabled ? '' : ' rule-disabled'}`}
      aria-labelledby={titleId}
      data-trigger-id={trigger.id}
    >
      <div className="rule-head">
        <span className="rule-icon">
          <BoltIcon />
        </span>
        <h4 id={titleId} className="rule-name">
          {editor.canEdit ? (
            <button type="button" className="rule-name-button" onClick={() => editor.edit(editRule(ref))}>
              {trigger.name}
            </button>
          ) : (
            trigger.name
          )}
        </h4>
        <RuleMenu ruleRef={ref} />
      </div>
      <p className="rule-line rule-event" title={trigger.eventType}>
        {t('trigger.when', { event: eventName })}
      </p>
      {lines.map(({ key, condition }) =>
        condition === null ? null : (
          <p key={key} className="rule-line rule-summary" title={conditionSummary(condition, words)}>
            <span className="rule-summary-label">{t(`trigger.${key}`)}</span>{' '}
            {conditionSummary(condition, words)}
          </p>
        ),
      )}
      {(!trigger.enabled || trigger.allowBackward) && (
        <p className="rule-marks">
          {!trigger.enabled && <span className="pill">{t('mark.disabled')}</span>}
          {trigger.allowBackward && <span className="pill pill-warning">{t('mark.allowBackward')}</span>}
        </p>
      )}
      <RuleRecordLine record={editor.records.get(trigger.id)} />
    </article>
  );
}
