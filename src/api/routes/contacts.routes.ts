import { Type } from 'typebox';
import { isPhone } from '../../domain/contact-channels.ts';
import { invalid } from '../../domain/errors.ts';
import type { Repositories } from '../../store/repositories/index.ts';
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
import {
  ContactListQuery,
  ContactSchema,
  CreateContactSchema,
  UpdateContactSchema,
} from '../schemas/contacts.ts';

const tags = ['contacts'];

/** What the schema cannot say: phone shapes and the responsible user's existence. */
async function checkContactInput(
  repos: Repositories,
  input: { phones?: readonly string[] | undefined; responsibleId?: string | null | undefined },
): Promise<void> {
  const badPhone = (input.phones ?? []).findIndex((phone) => !isPhone(phone));
  if (badPhone !== -1) {
    throw invalid(`/body/phones/${badPhone}`, 'must be a phone number of 5 to 15 digits');
  }
  if (input.responsibleId != null && (await repos.users.find(input.responsibleId)) === undefined) {
    throw invalid('/body/responsibleId', `user ${input.responsibleId} does not exist`);
  }
}

export function registerContactsRoutes(app: App, { repos, clock }: AppContext): void {
  app.post(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        body: CreateContactSchema,
        response: responses({ 201: ContactSchema }),
      },
    },
    async (request, reply) => {
      await checkContactInput(repos, request.body);
      const contact = await repos.contacts.create(request.body, clock.now());
      return reply.status(201).header('etag', `"${contact.version}"`).send(contact);
    },
  );

  app.get(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        description: 'email and phone match whatever their case or punctuation; q searches name and company.',
        querystring: Type.Object(
          { ...ContactListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(ContactSchema, 'Contact') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      if (filter.phone !== undefined && !isPhone(filter.phone)) {
        throw invalid('/querystring/phone', 'must be a phone number of 5 to 15 digits');
      }
      return repos.contacts.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Read a contact',
        params: IdParams,
        response: responses({ 200: ContactSchema }),
      },
    },
    async (request, reply) => {
      const contact = await repos.contacts.getOrThrow(request.params.id);
      return reply.header('etag', `"${contact.version}"`).send(contact);
    },
  );

  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contact',
        description: 'emails and phones, when given, replace the whole list.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateContactSchema,
        response: responses({ 200: ContactSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const id = request.params.id;
      await repos.contacts.getOrThrow(id);
      await checkContactInput(repos, changes);
      const expected = expectedVersion(version, request.headers['if-match']);
      const contact = await repos.contacts.update(id, changes, expected, clock.now());
      return reply.header('etag', `"${contact.version}"`).send(contact);
    },
  );

  app.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a contact',
        description: "The contact's items stay, without a contact.",
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await repos.contacts.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
