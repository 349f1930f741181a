import { useSortable } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n/index.ts';
import type { Robot } from '../automation-types.ts';
import { timingSentence } from '../rule-form/timing.ts';
import { conditionSummary } from './condition-summary.ts';
import { useEditor } from './editor-context.tsx';
import { editRule, RuleMenu } from './rule-menu.tsx';
import { RuleRecordLine } from './rule-record.tsx';
import { useWords } from './use-words.ts';

/**
 * One robot of a stage: its action, when it runs, its marks (condition, after the previous robot,
 * once per item, disabled) and its record. Admins drag it by the handle (or lift it with Space and
 * move it with the arrow keys) to change the order, and click its name to edit it.
 */
export function RobotCard({ robot, stageName }: { robot: Robot; stageName: string }) {
  const { t } = useTranslation('automation');
  const forms = useTranslation('ruleForm');
  const words = useWords();
  const editor = useEditor();
  const sortable = useSortable({
    id: robot.id,
    data: { robot },
    disabled: !editor.canEdit,
    attributes: { roleDescription: t('dnd.roleDescription') },
  });
  const action = editor.catalogue?.actions.find((entry) => entry.type === robot.action.type);
  const actionName = t(`runs:actions.${robot.action.type}`, {
    defaultValue: action?.description[currentLanguage()] ?? robot.action.type,
  });
  const titleId = `robot-${robot.id}`;
  const ref = { kind: 'robot', rule: robot } as const;
  const style =
    sortable.transform === null
      ? undefined
      : {
          transform: `translate3d(0, ${sortable.transform.y}px, 0)`,
          transition: sortable.transition ?? undefined,
        };
  return (
    <article
      ref={sortable.setNodeRef}
      style={style}
      className={`rule-card robot-card${robot.enabled ? '' : ' rule-disabled'}${sortable.isDragging ? ' rule-dragging' : ''}`}
      aria-labelledby={titleId}
      data-robot-id={robot.id}
    >
      <div className="rule-head">
        {editor.canEdit && (
          <button
            type="button"
            ref={sortable.setActivatorNodeRef}
            className="rule-handle button-quiet"
            {...sortable.attributes}
            {...sortable.listeners}
            aria-label={t('dnd.move', { name: robot.name })}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <h4 id={titleId} className="rule-name">
          {editor.canEdit ? (
            <button type="button" className="rule-name-button" onClick={() => editor.edit(editRule(ref))}>
              {robot.name}
            </button>
          ) : (
            robot.name
          )}
        </h4>
        <RuleMenu ruleRef={ref} />
      </div>
      <p className="rule-line rule-action">{actionName}</p>
      <p className="rule-line rule-timing">
        {timingSentence(robot.timing, robot.afterPrevious, stageName, forms.t)}
      </p>
      <p className="rule-marks">
        {!robot.enabled && <span className="pill">{t('mark.disabled')}</span>}
        {robot.condition !== null && (
          <span className="pill pill-accent rule-condition" title={conditionSummary(robot.condition, words)}>
            {t('mark.condition', { summary: conditionSummary(robot.condition, words) })}
          </span>
        )}
        {robot.afterPrevious && <span className="pill">{t('mark.afterPrevious')}</span>}
        {robot.repeat === 'once-per-item' && <span className="pill">{t('mark.oncePerItem')}</span>}
      </p>
      <RuleRecordLine record={editor.records.get(robot.id)} />
    </article>
  );
}
