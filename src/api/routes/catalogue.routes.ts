import { catalogue } from '../../automation/catalogue.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { CatalogueSchema } from '../schemas/catalogue.ts';
import { responses } from '../schemas/common.ts';

/** The catalogue of event types and robot actions, for integrators and the UI's forms. */
export function registerCatalogueRoutes(app: App, _context: AppContext): void {
  app.get(
    '/api/v1/catalogue',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'List event types and robot actions with their JSON Schemas',
        description:
          'Every event type with the schema of its data, whether it is internal and what in Stageflow records it; ' +
          'every robot action with the schema of its params, examples, and how a retried run does it once. ' +
          'Descriptions are in English and Russian. Any signed-in role may read it.',
        response: responses({ 200: CatalogueSchema }),
      },
    },
    async () => catalogue(),
  );
}
