import { useTranslation } from 'react-i18next';
import type { Stage } from '../../api/types.ts';
import { useFormat } from '../../format.ts';

/**
 * On a phone one column fills the screen: these chips jump to a stage (the columns still scroll
 * sideways by swiping). Hidden on wider screens, where every column is in sight.
 */
export function StageJump({
  stages,
  counts,
}: {
  stages: readonly Stage[];
  counts: ReadonlyMap<string, number>;
}) {
  const { t } = useTranslation('board');
  const format = useFormat();
  const jump = (stageId: string) =>
    document
      .querySelector(`section[data-stage-id="${CSS.escape(stageId)}"]`)
      ?.scrollIntoView({ behavior: 'smooth', block: 'nearest', inline: 'start' });
  return (
    <nav className="stage-jump" aria-label={t('jump.label')}>
      {stages.map((stage) => (
        <button key={stage.id} type="button" className="stage-chip" onClick={() => jump(stage.id)}>
          {stage.name} <span aria-hidden="true">{format.number(counts.get(stage.id) ?? 0)}</span>
          <span className="visually-hidden">, {t('column.count', { count: counts.get(stage.id) ?? 0 })}</span>
        </button>
      ))}
    </nav>
  );
}
