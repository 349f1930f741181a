import { listPipelineFields } from '../../automation/commands/list-pipeline-fields.ts';
import { CustomFieldsRepository } from '../../store/repositories/custom-fields-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, responses } from '../schemas/common.ts';
import { PipelineFieldsSchema } from '../schemas/pipeline-fields.ts';

/** The custom fields of a pipeline's items and contacts, for the rule editor's field picker. */
export function registerPipelineFieldsRoutes(app: App, { store }: AppContext): void {
  const fields = new CustomFieldsRepository(store.db);
  app.get(
    '/api/v1/pipelines/:id/fields',
    {
      schema: {
        tags: ['pipelines'],
        summary: "List the custom fields in use on a pipeline's items and contacts",
        description:
          'Every item.fields.* and contact.fields.* path (nested objects flattened with dots) found on the ' +
          "pipeline's 1000 most recently updated items and their contacts, with its kind inferred from the values " +
          'and up to five examples. Fields only older items hold may be missing. Any signed-in role may read it.',
        params: IdParams,
        response: responses({ 200: PipelineFieldsSchema }),
      },
    },
    async (request) => ({ data: await listPipelineFields(fields, request.params.id) }),
  );
}
