import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Item } from '../../api/types.ts';
import type { Board, BoardFilters, Card, Column } from './board-types.ts';

export const boardKey = (pipelineId: string, filters: BoardFilters) =>
  ['board', pipelineId, filters] as const;

export interface BoardData {
  readonly board: Board;
  /** Server time minus browser time: countdowns count from the server's now (a manual clock too). */
  readonly skew: number;
}

export function useBoard(pipelineId: string, filters: BoardFilters) {
  return useQuery({
    queryKey: boardKey(pipelineId, filters),
    queryFn: async (): Promise<BoardData> => {
      const board = await api.get<Board>(`/pipelines/${pipelineId}/board`, {
        responsibleId: filters.responsibleId,
        q: filters.q,
        overdue: filters.overdue === true ? true : undefined,
      });
      return { board, skew: new Date(board.generatedAt).getTime() - Date.now() };
    },
    placeholderData: (previous) => previous,
  });
}

export interface MoveRequest {
  readonly card: Card;
  readonly toStageId: string;
}

/**
 * Moves a card at once on screen, then asks the server. A refusal (a guard, or someone changed the
 * item meanwhile) puts the board back as it was; either way the server's board is fetched again.
 */
export function useMoveCard(pipelineId: string, filters: BoardFilters) {
  const client = useQueryClient();
  const key = boardKey(pipelineId, filters);
  return useMutation({
    mutationFn: ({ card, toStageId }: MoveRequest) =>
      api.post<Item>(`/items/${card.id}/move`, { stageId: toStageId, version: card.version }),
    onMutate: async (request) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<BoardData>(key);
      if (previous !== undefined) client.setQueryData(key, moveInBoard(previous, request));
      return { previous };
    },
    onError: (_error, _request, context) => {
      if (context?.previous !== undefined) client.setQueryData(key, context.previous);
    },
    onSettled: () => invalidateBoards(client, pipelineId),
  });
}

export function invalidateBoards(client: QueryClient, pipelineId: string): Promise<void> {
  return client.invalidateQueries({ queryKey: ['board', pipelineId] });
}

/** The board with the card moved to the top of its new column; sums follow on the refetch. */
export function moveInBoard(data: BoardData, { card, toStageId }: MoveRequest): BoardData {
  const moved: Card = {
    ...card,
    stageId: toStageId,
    stageEnteredAt: new Date(Date.now() + data.skew).toISOString(),
    nextRun: null,
    pendingRuns: 0,
  };
  const columns = data.board.columns.map((column): Column => {
    if (column.stageId === card.stageId && column.stageId !== toStageId) {
      return {
        ...column,
        count: Math.max(0, column.count - 1),
        items: column.items.filter((each) => each.id !== card.id),
      };
    }
    if (column.stageId === toStageId && column.stageId !== card.stageId) {
      return { ...column, count: column.count + 1, items: [moved, ...column.items] };
    }
    return column;
  });
  return { ...data, board: { ...data.board, columns } };
}
