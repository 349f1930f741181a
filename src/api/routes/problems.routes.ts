import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import {
  isErrorCode,
  PROBLEM_PAGE_HEADERS,
  ProblemTypeSchema,
  problemPage,
  problemType,
} from '../problem-page.ts';
import { ProblemSchema } from '../schemas/common.ts';
import { acceptsHtml } from '../web-ui.ts';

/** The pages change only with a new release of the server. */
const CACHE_CONTROL = 'public, max-age=3600';

/**
 * `/problems/<code>`, the `type` of every problem document, answers a page about the code: HTML
 * for a browser, JSON for anything else. Public: it tells what the reference tells.
 */
export function registerProblemRoutes(app: App): void {
  app.get(
    '/problems/:code',
    {
      config: { public: true },
      schema: {
        tags: ['errors'],
        summary: 'What an error code means (the type of a problem document)',
        description:
          'Public. HTML when the request accepts text/html, otherwise JSON; 404 problem for a code no error has.',
        security: [],
        params: Type.Object({ code: Type.String({ description: 'An error code, e.g. item_not_found' }) }),
        response: {
          200: {
            description: 'The code, its status, title, retryability and when it happens',
            content: {
              'application/json': { schema: ProblemTypeSchema },
              'text/html': { schema: Type.String() },
            },
          },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (!isErrorCode(code)) throw new AppError('error_code_unknown', 'not_found', 'No error has this code');
      reply.header('vary', 'accept').header('cache-control', CACHE_CONTROL);
      if (acceptsHtml(request))
        return reply.headers(PROBLEM_PAGE_HEADERS).send(problemPage(problemType(code)));
      return reply.type('application/json').send(problemType(code));
    },
  );
}
