import { useDraggable } from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { daysSince, useFormat } from '../../format.ts';
import type { Card } from './board-types.ts';
import { NextRunLine } from './next-run.tsx';

interface CardProps {
  readonly card: Card;
  /** The server's present, refreshed every minute. */
  readonly now: number;
  readonly canMove: boolean;
}

/**
 * Whether an amount is nothing: an item made without one (a lead from an unknown caller) has 0,
 * and "$0.00" on every such card is noise, so the board leaves it out.
 */
export const isZeroAmount = (amount: string): boolean => Number(amount) === 0;

/**
 * One item on the board. The whole card can be dragged with a mouse or a finger; the handle is the
 * keyboard's way (focus it, Space to lift, arrows between columns, Space to drop).
 */
export function BoardCard({ card, now, canMove }: CardProps) {
  const { t } = useTranslation('board');
  const format = useFormat();
  const drag = useDraggable({
    id: card.id,
    data: { card },
    disabled: !canMove,
    attributes: { roleDescription: t('dnd.roleDescription') },
  });
  const days = daysSince(card.stageEnteredAt, now);
  const style =
    drag.transform === null
      ? undefined
      : { transform: `translate3d(${drag.transform.x}px, ${drag.transform.y}px, 0)` };
  return (
    <article
      ref={drag.setNodeRef}
      className={`card${drag.isDragging ? ' card-dragging' : ''}${card.overdue ? ' card-overdue' : ''}`}
      style={style}
      data-card-id={card.id}
      aria-labelledby={`card-title-${card.id}`}
      {...(canMove ? drag.listeners : {})}
    >
      <div className="card-head">
        <h3 id={`card-title-${card.id}`} className="card-title">
          <Link to={`/items/${card.id}`} draggable={false}>
            {card.title}
          </Link>
        </h3>
        {canMove && (
          <button
            type="button"
            ref={drag.setActivatorNodeRef}
            className="card-handle button-quiet"
            {...drag.attributes}
            aria-label={t('card.move', { title: card.title })}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
      </div>
      {!isZeroAmount(card.amount) && (
        <p className="card-amount">{format.money(card.amount, card.currency)}</p>
      )}
      <dl className="card-facts">
        {card.contact !== null && (
          <div>
            <dt>{t('card.contact')}</dt>
            <dd>{card.contact.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('card.responsible')}</dt>
          <dd>{card.responsible?.name ?? t('card.nobody')}</dd>
        </div>
      </dl>
      <p className="card-meta">
        <span>{t('card.daysInStage', { count: days })}</span>
        {card.openTasks > 0 && (
          <span className="pill pill-accent" data-testid="open-tasks">
            {t('card.openTasks', { count: card.openTasks })}
          </span>
        )}
        {card.overdue && <span className="pill pill-danger">{t('card.overdue')}</span>}
      </p>
      {card.nextRun !== null && (
        <NextRunLine run={card.nextRun} now={now} more={Math.max(0, card.pendingRuns - 1)} />
      )}
    </article>
  );
}
