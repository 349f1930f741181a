import { useTranslation } from 'react-i18next';
import type { Guard } from '../automation-types.ts';
import { useEditor } from './editor-context.tsx';
import { ShieldIcon } from './icons.tsx';
import { RuleMenu } from './rule-menu.tsx';

/**
 * The guards of a stage, marked on its column with a shield and their message: an item may enter
 * only when each one's condition holds. Admins open a guard's form by clicking its mark.
 */
export function GuardMarks({ guards, stageId }: { guards: readonly Guard[]; stageId: string }) {
  const { t } = useTranslation('automation');
  const editor = useEditor();
  if (guards.length === 0) return null;
  return (
    <ul className="guard-marks" aria-label={t('guard.list')}>
      {guards.map((guard) => (
        <li
          key={guard.id}
          className={`guard-mark${guard.enabled ? '' : ' rule-disabled'}`}
          data-guard-id={guard.id}
        >
          <span className="guard-shield">
            <ShieldIcon />
          </span>
          {editor.canEdit ? (
            <button
              type="button"
              className="guard-open"
              onClick={() => editor.edit({ kind: 'guard', stageId, guard })}
            >
              <span className="guard-name">{guard.name}</span>
              <span className="guard-message">{guard.message}</span>
            </button>
          ) : (
            <span className="guard-open">
              <span className="guard-name">{guard.name}</span>
              <span className="guard-message">{guard.message}</span>
            </span>
          )}
          {!guard.enabled && <span className="pill">{t('mark.disabled')}</span>}
          <RuleMenu ruleRef={{ kind: 'guard', rule: guard }} />
        </li>
      ))}
    </ul>
  );
}
