import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Arrow keys move a lifted card a whole column left or right (up and down do nothing: the order
 * inside a column is by stage entry, not chosen). The coordinates are the card's top-left corner.
 */
export function columnKeyboardCoordinates(stageIds: readonly string[]): KeyboardCoordinateGetter {
  return (event, { context, currentCoordinates }) => {
    const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return undefined;
    event.preventDefault();
    const { over, collisionRect, droppableRects, active } = context;
    const startStage = (active?.data.current as { card?: { stageId: string } } | undefined)?.card?.stageId;
    const current = stageIds.indexOf(String(over?.id ?? startStage));
    const target = stageIds[current + step];
    const rect = target === undefined ? undefined : droppableRects.get(target);
    if (rect === undefined || collisionRect === null) return undefined;
    return {
      x: rect.left + (rect.width - collisionRect.width) / 2,
      y: currentCoordinates.y,
    };
  };
}
