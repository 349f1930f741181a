import { Type } from 'typebox';
import { defaultTemplate } from '../../domain/documents/default-templates.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, IfMatchHeaders, NoContent, recordChange, responses } from '../schemas/common.ts';
import {
  CreateDocumentTemplateSchema,
  DocumentTemplateSchema,
  KindParams,
  SequenceSchema,
  SetPrefixSchema,
  ShippedTemplateQuery,
  UpdateDocumentTemplateSchema,
} from '../schemas/document-templates.ts';

const tags = ['documents'];

/** Document templates people write, the shipped ones, and the number prefix of each kind. */
export function registerDocumentTemplatesRoutes(app: App, { repos, engine }: AppContext): void {
  app.get(
    '/api/v1/document-templates',
    {
      schema: {
        tags,
        summary: 'List document templates',
        querystring: Type.Object({ kind: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ data: Type.Array(DocumentTemplateSchema) }) }),
      },
    },
    async (request) => ({ data: await repos.documentTemplates.list(request.query.kind) }),
  );

  app.get(
    '/api/v1/document-templates/shipped',
    {
      schema: {
        tags,
        summary: 'The shipped template of a kind',
        description: 'What a document of the kind is written with until a template is made its default',
        querystring: ShippedTemplateQuery,
        response: responses({
          200: Type.Object({ kind: Type.String(), language: Type.String(), body: Type.String() }),
        }),
      },
    },
    async (request) => {
      const language = request.query.language ?? 'en';
      return { kind: request.query.kind, language, body: defaultTemplate(request.query.kind, language) };
    },
  );

  app.post(
    '/api/v1/document-templates',
    {
      schema: {
        tags,
        summary: 'Create a document template',
        description: 'The body must render (it is tried on a sample document); 400 names the problem',
        body: CreateDocumentTemplateSchema,
        response: responses({ 201: DocumentTemplateSchema }),
      },
    },
    async (request, reply) => {
      const template = await engine.createDocumentTemplate(request.body);
      return reply.status(201).header('etag', `"${template.version}"`).send(template);
    },
  );

  app.get(
    '/api/v1/document-templates/:id',
    {
      schema: {
        tags,
        summary: 'Read a document template',
        params: IdParams,
        response: responses({ 200: DocumentTemplateSchema }),
      },
    },
    async (request, reply) => {
      const template = await repos.documentTemplates.getOrThrow(request.params.id);
      return reply.header('etag', `"${template.version}"`).send(template);
    },
  );

  app.patch(
    '/api/v1/document-templates/:id',
    {
      schema: {
        tags,
        summary: 'Update a document template',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateDocumentTemplateSchema,
        response: responses({ 200: DocumentTemplateSchema }),
      },
    },
    async (request, reply) => {
      const { version: _, ...changes } = request.body;
      const template = await engine.updateDocumentTemplate(recordChange(request, changes));
      return reply.header('etag', `"${template.version}"`).send(template);
    },
  );

  app.delete(
    '/api/v1/document-templates/:id',
    {
      schema: {
        tags,
        summary: 'Delete a document template',
        description:
          'Refused with 409 document_template_in_use, naming the robots, while a create_document robot (enabled or not) names it',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await engine.deleteDocumentTemplate(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/document-sequences',
    {
      schema: {
        tags,
        summary: 'Number prefixes set per kind',
        description:
          'Kinds not listed use their default prefix (INV, QUO, CON, ACT, else the first three letters)',
        response: responses({ 200: Type.Object({ data: Type.Array(SequenceSchema) }) }),
      },
    },
    async () => ({ data: await repos.documents.prefixes() }),
  );

  app.put(
    '/api/v1/document-sequences/:kind',
    {
      schema: {
        tags,
        summary: 'Set the number prefix of a kind',
        params: KindParams,
        body: SetPrefixSchema,
        response: responses({ 200: SequenceSchema }),
      },
    },
    async (request) => {
      await engine.setDocumentPrefix(request.params.kind, request.body.prefix);
      return { kind: request.params.kind, prefix: request.body.prefix };
    },
  );
}
