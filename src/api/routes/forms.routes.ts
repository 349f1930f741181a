import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { asFormFields, checkFormFields, type FormField } from '../../channels/forms/form-fields.ts';
import { FORM_TEXTS } from '../../channels/forms/form-texts.ts';
import { FormTokens } from '../../channels/forms/form-token.ts';
import { FixedWindowLimiter } from '../../channels/forms/rate-limiter.ts';
import { REQUEST_PUBLIC_URL } from '../../channels/http/public-url.ts';
import { AppError } from '../../domain/errors.ts';
import type { Form } from '../../store/repositories/forms-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  responses,
} from '../schemas/common.ts';
import { CreateFormSchema, FormListQuery, FormSchema, UpdateFormSchema } from '../schemas/forms.ts';
import { type FormProtection, registerFormPageRoutes } from './form-pages.routes.ts';

const tags = ['forms'];
type FieldInput = {
  name: string;
  label: string;
  kind: FormField['kind'];
  required?: boolean;
  maps?: string | null;
  options?: string[] | null;
};

const normalizeFields = (fields: readonly FieldInput[]): FormField[] =>
  fields.map((f) => ({
    name: f.name,
    label: f.label,
    kind: f.kind,
    required: f.required ?? false,
    maps: f.maps ?? null,
    options: f.options ?? null,
  }));

/** The pipeline exists, the stage belongs to it, the fields fit together. */
async function checkForm(
  { repos }: AppContext,
  form: { pipelineId: string; stageId: string | null; fields: readonly FormField[] },
): Promise<void> {
  if (!(await repos.items.pipelineExists(form.pipelineId)))
    throw new AppError('invalid_input', 'invalid', `pipeline ${form.pipelineId} does not exist`, {
      fields: [{ field: '/body/pipelineId', message: 'names no pipeline' }],
    });
  if (form.stageId !== null) {
    const stage = await repos.items.stageOf(form.stageId);
    if (stage?.pipelineId !== form.pipelineId)
      throw new AppError('invalid_input', 'invalid', `stage ${form.stageId} is not a stage of the pipeline`, {
        fields: [{ field: '/body/stageId', message: 'names no stage of the pipeline' }],
      });
  }
  const problems = checkFormFields(form.fields);
  if (problems.length > 0)
    throw new AppError(
      'invalid_form_fields',
      'invalid',
      problems.map((p) => `${p.field} ${p.message}`).join('; '),
      {
        fields: problems,
      },
    );
}

/** The form with the absolute URL of its public page. */
const withUrl = (form: Form, url: string) => ({
  ...form,
  fields: asFormFields(form.fields).map((f) => ({
    ...f,
    options: f.options === null ? null : [...f.options],
  })),
  url,
});

function registerAdminRoutes(app: App, context: AppContext): void {
  const { repos, clock } = context;
  const publicUrl = context.publicUrl ?? REQUEST_PUBLIC_URL;
  const present = (form: Form, request: FastifyRequest) =>
    withUrl(form, publicUrl.to(`/f/${form.id}`, request));
  app.post(
    '/api/v1/forms',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create a web form',
        body: CreateFormSchema,
        response: responses({ 201: FormSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const fields = normalizeFields(body.fields);
      await checkForm(context, { pipelineId: body.pipelineId, stageId: body.stageId ?? null, fields });
      const form = await repos.forms.create(
        {
          ...body,
          fields,
          successMessage: body.successMessage ?? FORM_TEXTS[body.language ?? 'en'].thanks,
          enabled: body.enabled ?? true,
        },
        clock.now(),
      );
      return reply.status(201).header('etag', `"${form.version}"`).send(present(form, request));
    },
  );

  app.get(
    '/api/v1/forms',
    {
      schema: {
        tags,
        summary: 'List web forms',
        querystring: Type.Object(
          { ...FormListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(FormSchema, 'Form') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await repos.forms.list(filter, { limit, cursor });
      return { ...page, data: page.data.map((form) => present(form, request)) };
    },
  );

  app.get(
    '/api/v1/forms/:id',
    {
      schema: {
        tags,
        summary: 'Read a web form',
        params: IdParams,
        response: responses({ 200: FormSchema }),
      },
    },
    async (request, reply) => {
      const form = await repos.forms.getOrThrow(request.params.id);
      return reply.header('etag', `"${form.version}"`).send(present(form, request));
    },
  );

  app.patch(
    '/api/v1/forms/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update a web form',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateFormSchema,
        response: responses({ 200: FormSchema }),
      },
    },
    async (request, reply) => {
      const { version, fields: given, ...changes } = request.body;
      const current = await repos.forms.getOrThrow(request.params.id);
      const fields = given === undefined ? undefined : normalizeFields(given);
      const pipelineId = changes.pipelineId ?? current.pipelineId;
      // A pipeline change without a stage resets the stage: the old one belongs to the old pipeline.
      const stageId =
        changes.stageId !== undefined
          ? changes.stageId
          : changes.pipelineId === undefined
            ? current.stageId
            : null;
      await checkForm(context, { pipelineId, stageId, fields: fields ?? asFormFields(current.fields) });
      const expected = expectedVersion(version, request.headers['if-match']);
      const form = await repos.forms.update(
        current.id,
        { ...changes, stageId, ...(fields !== undefined && { fields }) },
        expected,
        clock.now(),
      );
      return reply.header('etag', `"${form.version}"`).send(present(form, request));
    },
  );

  app.delete(
    '/api/v1/forms/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete a web form',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await repos.forms.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}

export function registerFormsRoutes(app: App, context: AppContext): void {
  // STAGEFLOW_FORM_SECRET through the context; without one, a random secret for this process.
  const secret = context.formSecret;
  const protection: FormProtection = {
    tokens: new FormTokens(secret ?? FormTokens.randomSecret()),
    limiter: new FixedWindowLimiter(),
  };
  registerAdminRoutes(app, context);
  registerFormPageRoutes(app, context, protection);
}
