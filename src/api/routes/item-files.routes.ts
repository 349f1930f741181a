import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../../domain/item-file.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { Id, IdParams, responses, Timestamp } from '../schemas/common.ts';

/** What may be uploaded: documents, images and plain files. */
const FILE_TYPES = ['application/pdf', 'application/octet-stream', 'image/png', 'image/jpeg', 'text/plain'];

const ItemFileSchema = Type.Object(
  {
    id: Id,
    itemId: Id,
    name: Type.String(),
    contentType: Type.String(),
    size: Type.Integer(),
    createdAt: Timestamp,
  },
  { title: 'ItemFile' },
);

/** Files uploaded to items, which send_email attaches with {"file": "<id>"}. */
export function registerItemFilesRoutes(app: App, { repos, engine, maxFileBytes }: AppContext): void {
  const limit = maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // Only this scope reads raw bodies; the rest of the API stays JSON.
  app.register(async (raw) => {
    const scope = raw.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/items/:id/files',
      {
        bodyLimit: limit,
        schema: {
          tags: ['items'],
          summary: 'Upload a file to an item',
          description: `The body is the file itself (${FILE_TYPES.join(', ')}), at most STAGEFLOW_MAX_FILE_BYTES (default 5 MiB; larger: 413); ?name= names it.`,
          params: IdParams,
          querystring: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          body: {
            content: Object.fromEntries(
              FILE_TYPES.map((type) => [type, { schema: Type.Unsafe<Buffer>({ description: 'The file' }) }]),
            ),
          },
          response: responses({ 201: ItemFileSchema }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) {
          throw new AppError(
            'unsupported_media_type',
            'invalid',
            `The body must be the file itself: ${FILE_TYPES.join(', ')}`,
          );
        }
        const contentType =
          String(request.headers['content-type'] ?? 'application/octet-stream').split(';')[0] ?? '';
        const file = await engine.addItemFile({
          itemId: request.params.id,
          name: request.query.name,
          contentType: contentType.trim(),
          content: new Uint8Array(body),
        });
        return reply.status(201).send(file);
      },
    );
  });

  app.get(
    '/api/v1/items/:id/files',
    {
      schema: {
        tags: ['items'],
        summary: "List an item's files",
        params: IdParams,
        response: responses({ 200: Type.Object({ data: Type.Array(ItemFileSchema) }) }),
      },
    },
    async (request) => ({ data: await repos.itemFiles.list(request.params.id) }),
  );
}
