import { exportAutomation } from '../../automation/commands/export-automation.ts';
import { importAutomation } from '../../automation/commands/import-automation.ts';
import { actorOf, ruleContext } from '../actor.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  AutomationDocumentSchema,
  ImportAutomationSchema,
  ImportedAutomationSchema,
} from '../schemas/automation-document.ts';
import { IdParams, responses } from '../schemas/common.ts';

const tags = ['pipelines'];

/** Automation as code: a pipeline's stages and rules as one document, exported and imported. */
export function registerAutomationDocumentRoutes(app: App, context: AppContext): void {
  const rules = ruleContext(context);

  app.get(
    '/api/v1/pipelines/:id/automation',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "Export a pipeline's automation",
        description:
          'Stages, triggers, robots (in order) and guards as one document. Stages are named by key, users ' +
          'by email, so the document moves between workspaces; secrets are left out and listed in ' +
          'secretsOmitted.',
        params: IdParams,
        response: responses({ 200: AutomationDocumentSchema }),
      },
    },
    async (request, reply) => reply.send(await exportAutomation(rules, request.params.id)),
  );

  app.post(
    '/api/v1/pipelines/import',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Import an automation document as a new pipeline',
        description:
          'Validated as a whole before anything is written: stage keys, user emails and every rule as ' +
          'POST /triggers, /robots and /guards validate them. Any problem answers 400 listing every ' +
          "problem's pointer, and nothing is written. Each stage and rule gets an `imported` revision.",
        body: ImportAutomationSchema,
        response: responses({ 201: ImportedAutomationSchema }),
      },
    },
    async (request, reply) => {
      const { name, ...document } = request.body;
      const imported = await importAutomation(rules, actorOf(request), document, name);
      return reply.status(201).send(imported);
    },
  );
}
