import { useDroppable } from '@dnd-kit/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../api/types.ts';
import { useFormat } from '../../format.ts';
import { BoardCard, isZeroAmount } from './board-card.tsx';
import type { Column } from './board-types.ts';
import { QuickCreate } from './quick-create.tsx';

interface ColumnProps {
  readonly pipelineId: string;
  readonly stage: Stage;
  readonly column: Column;
  readonly now: number;
  readonly canWrite: boolean;
}

/**
 * A stage: its name, how many items and how much money, and its cards. Won and lost stages start
 * folded (narrow, still drop targets) and open on request.
 */
export function BoardColumn({ pipelineId, stage, column, now, canWrite }: ColumnProps) {
  const { t } = useTranslation('board');
  const format = useFormat();
  // A column of items without amounts sums to nothing, shown as a dash rather than "$0.00".
  const sums = column.sums.filter((sum) => !isZeroAmount(sum.amount));
  const final = stage.semantics !== 'open';
  const [folded, setFolded] = useState(final);
  const drop = useDroppable({ id: stage.id, data: { stage } });
  const headingId = `column-${stage.id}`;
  return (
    <section
      ref={drop.setNodeRef}
      className={`column column-${stage.semantics}${folded ? ' column-folded' : ''}${drop.isOver ? ' column-over' : ''}`}
      aria-labelledby={headingId}
      data-stage-id={stage.id}
      style={stage.color ? { borderTopColor: stage.color } : undefined}
    >
      <header className="column-head">
        <h2 id={headingId} className="column-name">
          {stage.name}
        </h2>
        <span className="column-count" aria-hidden="true">
          {format.number(column.count)}
        </span>
        <span className="visually-hidden">{t('column.count', { count: column.count })}</span>
        {final && (
          <button
            type="button"
            className="column-fold button-quiet"
            aria-expanded={!folded}
            aria-controls={`${headingId}-cards`}
            aria-label={t(folded ? 'column.unfold' : 'column.fold', { stage: stage.name })}
            onClick={() => setFolded(!folded)}
          >
            <span aria-hidden="true">{folded ? '»' : '«'}</span>
          </button>
        )}
      </header>
      {!folded && (
        <>
          <p className="column-sums">
            {sums.length === 0 && <span aria-hidden="true">—</span>}
            {sums.map((sum) => (
              <span key={sum.currency}>{format.money(sum.amount, sum.currency)}</span>
            ))}
          </p>
          {canWrite && stage.semantics === 'open' && <QuickCreate pipelineId={pipelineId} stage={stage} />}
        </>
      )}
      <div id={`${headingId}-cards`} className="column-cards" hidden={folded}>
        {column.items.map((card) => (
          <BoardCard key={card.id} card={card} now={now} canMove={canWrite} />
        ))}
        {column.items.length === 0 && <p className="column-empty">{t('column.empty')}</p>}
        {column.count > column.items.length && (
          <p className="column-more">{t('column.more', { count: column.count - column.items.length })}</p>
        )}
      </div>
    </section>
  );
}
