import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Robot } from '../automation-types.ts';
import { useEditor } from './editor-context.tsx';
import { moveEntry, planSorts } from './reorder.ts';
import { RobotCard } from './robot-card.tsx';
import { automationKey, type Rules } from './use-automation.ts';

/**
 * A stage's robots in their order. Dragging one (mouse, finger or keyboard) shows the new order at
 * once and PATCHes the `sort` of each robot that has to change; if the server refuses, the old
 * order comes back and the problem is shown.
 */
export function RobotList({ robots, stageName }: { robots: readonly Robot[]; stageName: string }) {
  const { t } = useTranslation('automation');
  const editor = useEditor();
  const client = useQueryClient();
  const key = [...automationKey(editor.pipeline.id), 'rules'];
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const nameOf = (id: unknown) => robots.find((robot) => robot.id === id)?.name ?? '';
  const positionOf = (id: unknown) => robots.findIndex((robot) => robot.id === id) + 1;
  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (over === null || active.id === over.id) return;
    const ordered = moveEntry(robots, positionOf(active.id) - 1, positionOf(over.id) - 1);
    const changes = planSorts(ordered, String(active.id));
    const sorts = new Map(changes.map((change) => [change.id, change.sort]));
    const previous = client.getQueryData<Rules>(key);
    await client.cancelQueries({ queryKey: key });
    client.setQueryData<Rules>(key, (rules) =>
      rules === undefined
        ? rules
        : {
            ...rules,
            robots: rules.robots.map((robot) => ({ ...robot, sort: sorts.get(robot.id) ?? robot.sort })),
          },
    );
    try {
      for (const change of changes) {
        const robot = robots.find((entry) => entry.id === change.id) as Robot;
        await api.patch(`/robots/${robot.id}`, { sort: change.sort, version: robot.version });
      }
    } catch (error) {
      client.setQueryData(key, previous);
      editor.problem(error);
    } finally {
      await client.invalidateQueries({ queryKey: automationKey(editor.pipeline.id) });
    }
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={(event) => void onDragEnd(event)}
      accessibility={{
        screenReaderInstructions: { draggable: t('dnd.instructions') },
        announcements: {
          onDragStart: ({ active }) => t('dnd.start', { name: nameOf(active.id) }),
          onDragOver: ({ active, over }) =>
            over === null ? '' : t('dnd.over', { name: nameOf(active.id), position: positionOf(over.id) }),
          onDragEnd: ({ active, over }) =>
            over === null
              ? t('dnd.cancel', { name: nameOf(active.id) })
              : t('dnd.drop', { name: nameOf(active.id), position: positionOf(over.id) }),
          onDragCancel: ({ active }) => t('dnd.cancel', { name: nameOf(active.id) }),
        },
      }}
    >
      <SortableContext items={robots.map((robot) => robot.id)} strategy={verticalListSortingStrategy}>
        <div className="rule-list">
          {robots.map((robot) => (
            <RobotCard key={robot.id} robot={robot} stageName={stageName} />
          ))}
        </div>
      </SortableContext>
    </DndContext>
  );
}
