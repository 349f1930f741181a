import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import type { Page, Pipeline } from '../../api/types.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { BoardColumns } from './board-columns.tsx';
import { BoardFilterBar, useBoardFilters } from './board-filters.tsx';
import { MoveProblem } from './move-problem.tsx';
import { useBoard, useMoveCard } from './use-board.ts';
import { useNow } from './use-now.ts';
import './board.css';

const LAST_PIPELINE_KEY = 'stageflow.board.pipeline';

function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api.get<Page<Pipeline>>('/pipelines', { limit: 200 }),
  });
}

/**
 * /board: the last pipeline seen in this browser, else the first one, shown in place. Not a
 * redirect: one that lands when the pipelines arrive would undo a section the person opened
 * meanwhile.
 */
export default function BoardRoute() {
  const { pipelineId } = useParams();
  const pipelines = usePipelines();
  const { t } = useTranslation('board');
  if (pipelineId !== undefined) return <BoardPage pipelineId={pipelineId} pipelines={pipelines.data?.data} />;
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ProblemMessage error={pipelines.error} />;
  const list = pipelines.data.data;
  const remembered = localStorage.getItem(LAST_PIPELINE_KEY);
  const target = list.find((pipeline) => pipeline.id === remembered) ?? list[0];
  if (target === undefined) return <p className="empty">{t('noPipelines')}</p>;
  return <BoardPage pipelineId={target.id} pipelines={list} />;
}

function BoardPage({
  pipelineId,
  pipelines,
}: {
  pipelineId: string;
  pipelines: readonly Pipeline[] | undefined;
}) {
  const { t } = useTranslation('board');
  const navigate = useNavigate();
  const canWrite = useCan('manager');
  const [filters, setFilters] = useBoardFilters();
  const board = useBoard(pipelineId, filters);
  const move = useMoveCard(pipelineId, filters);
  const [moveError, setMoveError] = useState<unknown>(undefined);
  const now = useNow() + (board.data?.skew ?? 0);
  useEffect(() => localStorage.setItem(LAST_PIPELINE_KEY, pipelineId), [pipelineId]);
  const missing = board.error instanceof ApiError && board.error.status === 404;
  if (missing) localStorage.removeItem(LAST_PIPELINE_KEY);
  return (
    <div className="board-page">
      <div className="page-head board-head">
        <h1>{board.data?.board.pipeline.name ?? t('title')}</h1>
        <label className="pipeline-switch">
          <span>{t('pipeline')}</span>
          <select value={pipelineId} onChange={(event) => navigate(`/board/${event.target.value}`)}>
            {(pipelines ?? []).map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <BoardFilterBar filters={filters} onChange={setFilters} />
      {!canWrite && (
        <p className="pill pill-warning read-only" role="note">
          {t('readOnly')}
        </p>
      )}
      {moveError !== undefined && <MoveProblem error={moveError} onDismiss={() => setMoveError(undefined)} />}
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ProblemMessage error={board.error} />
      ) : (
        <BoardColumns
          board={board.data.board}
          now={now}
          canWrite={canWrite}
          onMove={(request) => {
            setMoveError(undefined);
            move.mutate(request, { onError: (error) => setMoveError(error) });
          }}
        />
      )}
    </div>
  );
}
