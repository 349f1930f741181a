import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../api/types.ts';
import { BoardColumn } from './board-column.tsx';
import type { Board, Card } from './board-types.ts';
import { columnKeyboardCoordinates } from './keyboard-coordinates.ts';
import { StageJump } from './stage-jump.tsx';
import type { MoveRequest } from './use-board.ts';

interface ColumnsProps {
  readonly board: Board;
  readonly now: number;
  readonly canWrite: boolean;
  readonly onMove: (request: MoveRequest) => void;
}

/**
 * The pointer decides by where it is; the keyboard (no pointer) by the column under the middle of
 * the lifted card, which the arrow keys put in the middle of the next column.
 */
const collision: CollisionDetection = (args) => {
  if (args.pointerCoordinates !== null) {
    const within = pointerWithin(args);
    return within.length > 0 ? within : rectIntersection(args);
  }
  const middle = args.collisionRect.left + args.collisionRect.width / 2;
  const hit = args.droppableContainers.find((container) => {
    const rect = args.droppableRects.get(container.id);
    return rect !== undefined && middle >= rect.left && middle <= rect.right;
  });
  return hit === undefined ? [] : [{ id: hit.id }];
};

/** The stages side by side; cards move between them with a mouse, a finger or the keyboard. */
export function BoardColumns({ board, now, canWrite, onMove }: ColumnsProps) {
  const { t } = useTranslation('board');
  const stages = [...board.pipeline.stages].sort((a, b) => a.sort - b.sort);
  const stageIds = stages.map((stage) => stage.id);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates(stageIds) }),
  );
  const stageName = (id: unknown) => stages.find((stage) => stage.id === id)?.name ?? '';
  const titleOf = (data: unknown) => (data as { card?: Card } | undefined)?.card?.title ?? '';
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const card = (active.data.current as { card?: Card } | undefined)?.card;
    if (card === undefined || over === null || over.id === card.stageId) return;
    onMove({ card, toStageId: String(over.id) });
  };
  const columns = new Map(board.columns.map((column) => [column.stageId, column]));
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: t('dnd.instructions') },
        announcements: {
          onDragStart: ({ active }) => t('dnd.start', { title: titleOf(active.data.current) }),
          onDragOver: ({ active, over }) =>
            over === null
              ? t('dnd.outside', { title: titleOf(active.data.current) })
              : t('dnd.over', { title: titleOf(active.data.current), stage: stageName(over.id) }),
          onDragEnd: ({ active, over }) =>
            over === null
              ? t('dnd.dropOutside', { title: titleOf(active.data.current) })
              : t('dnd.drop', { title: titleOf(active.data.current), stage: stageName(over.id) }),
          onDragCancel: ({ active }) => t('dnd.cancel', { title: titleOf(active.data.current) }),
        },
      }}
    >
      <StageJump
        stages={stages}
        counts={new Map(board.columns.map((column) => [column.stageId, column.count]))}
      />
      <div className="columns">
        {stages.map((stage: Stage) => (
          <BoardColumn
            key={stage.id}
            pipelineId={board.pipeline.id}
            stage={stage}
            column={columns.get(stage.id) ?? { stageId: stage.id, count: 0, sums: [], items: [] }}
            now={now}
            canWrite={canWrite}
          />
        ))}
      </div>
    </DndContext>
  );
}
