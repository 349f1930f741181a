import { useTranslation } from 'react-i18next';
import type { Stage } from '../../../api/types.ts';
import type { Guard, Robot, Trigger } from '../automation-types.ts';
import { useEditor } from './editor-context.tsx';
import { GuardMarks } from './guard-marks.tsx';
import { GearIcon } from './icons.tsx';
import { RobotList } from './robot-list.tsx';
import { TriggerCard } from './trigger-card.tsx';

interface StageColumnProps {
  readonly stage: Stage;
  readonly triggers: readonly Trigger[];
  readonly robots: readonly Robot[];
  readonly guards: readonly Guard[];
  readonly onSettings: (stage: Stage) => void;
}

/**
 * One stage of the editor: its name, colour and meaning, the guards that keep items out, the
 * triggers that bring items in (on top), and the robots that act on them (below, in order).
 */
export function StageColumn({ stage, triggers, robots, guards, onSettings }: StageColumnProps) {
  const { t } = useTranslation('automation');
  const editor = useEditor();
  const headingId = `stage-${stage.id}`;
  const add = (kind: 'robot' | 'trigger' | 'guard') =>
    editor.canEdit && (
      <button
        type="button"
        className="rule-add button-quiet"
        aria-label={t(`add.${kind}In`, { stage: stage.name })}
        onClick={() => editor.edit({ kind, stageId: stage.id })}
      >
        <span aria-hidden="true">+</span> {t(`add.${kind}`)}
      </button>
    );
  return (
    <section
      className={`auto-column auto-column-${stage.semantics}`}
      aria-labelledby={headingId}
      data-stage-id={stage.id}
      style={stage.color ? { borderTopColor: stage.color } : undefined}
    >
      <header className="auto-column-head">
        <span
          className="stage-swatch"
          style={stage.color ? { background: stage.color } : undefined}
          aria-hidden="true"
        />
        <h2 id={headingId} className="auto-column-name">
          {stage.name}
        </h2>
        {stage.semantics !== 'open' && (
          <span className={`pill ${stage.semantics === 'won' ? 'pill-success' : 'pill-danger'}`}>
            {t(`semantics.${stage.semantics}`)}
          </span>
        )}
        {editor.canEdit && (
          <button
            type="button"
            className="stage-settings-button button-quiet"
            aria-label={t('stage.settingsOf', { stage: stage.name })}
            onClick={() => onSettings(stage)}
          >
            <GearIcon />
          </button>
        )}
      </header>
      <GuardMarks guards={guards} stageId={stage.id} />
      {add('guard')}
      <h3 className="auto-section-title">{t('section.triggers')}</h3>
      <div className="rule-list">
        {triggers.map((trigger) => (
          <TriggerCard key={trigger.id} trigger={trigger} />
        ))}
        {triggers.length === 0 && <p className="rule-empty">{t('section.noTriggers')}</p>}
      </div>
      {add('trigger')}
      <h3 className="auto-section-title">{t('section.robots')}</h3>
      <RobotList robots={robots} stageName={stage.name} />
      {robots.length === 0 && <p className="rule-empty">{t('section.noRobots')}</p>}
      {add('robot')}
    </section>
  );
}
