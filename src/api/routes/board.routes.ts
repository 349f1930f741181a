import { BoardRepository } from '../../store/repositories/board-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { BoardQuery, BoardSchema } from '../schemas/board.ts';
import { IdParams, responses } from '../schemas/common.ts';

/** The board of a pipeline: its columns with counts, exact sums and the newest cards. */
export function registerBoardRoutes(app: App, { store, clock }: AppContext): void {
  const boards = new BoardRepository(store.db);
  app.get(
    '/api/v1/pipelines/:id/board',
    {
      schema: {
        tags: ['pipelines'],
        summary: "Read a pipeline's board",
        description:
          'Stages as columns. Count and sums cover every item of a stage that passes the filter; ' +
          'the cards are the newest by stage entry, at most limitPerStage per column. Overdue is ' +
          "judged by the server's clock.",
        params: IdParams,
        querystring: BoardQuery,
        response: responses({ 200: BoardSchema }),
      },
    },
    async (request) => boards.board(request.params.id, request.query, clock.now()),
  );
}
