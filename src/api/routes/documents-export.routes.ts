import { Type } from 'typebox';
import { EXCHANGE_ENCODINGS } from '../../domain/bank/statement-writer.ts';
import { EXPORT_FORMATS } from '../../domain/document-export.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';

const Day = (description: string) =>
  Type.Optional(Type.String({ format: 'date', description, examples: ['2026-03-01'] }));

const ExportQuerySchema = Type.Object(
  {
    format: Type.Union(
      EXPORT_FORMATS.map((format) => Type.Literal(format)),
      { description: '1c: 1CClientBankExchange (amounts in RUB only); csv: RFC 4180, every currency' },
    ),
    from: Day('First day included (UTC), YYYY-MM-DD. Default: no limit'),
    to: Day('Last day included (UTC), YYYY-MM-DD. Default: no limit'),
    kind: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'A document kind (invoice, act, …) or "payment" for recorded payments. Default: both',
      }),
    ),
    encoding: Type.Optional(
      Type.Union(
        EXCHANGE_ENCODINGS.map((encoding) => Type.Literal(encoding)),
        { description: 'Of a 1c file. Default: windows-1251' },
      ),
    ),
    bom: Type.Optional(
      Type.Boolean({
        description: 'Of a csv file: a UTF-8 byte order mark first, for Excel. Default: false',
      }),
    ),
  },
  { additionalProperties: false },
);

const File = Type.String({ description: 'The file' });

/** `GET /api/v1/documents/export`: posted documents and recorded payments for accounting. */
export function registerDocumentsExportRoutes(app: App, context: AppContext): void {
  const { engine } = context;
  app.get(
    '/api/v1/documents/export',
    {
      schema: {
        tags: ['documents'],
        summary: 'Export posted documents and recorded payments for accounting',
        description:
          'Documents in status posted, sent, viewed or paid, dated by when they were made, and payments, dated ' +
          'by when they were paid, oldest first, as a file to download: format=1c writes 1CClientBankExchange ' +
          '(Windows-1251 unless encoding=utf-8; RUB records only, the format has no currency), which the ' +
          'bank statement import reads back; format=csv writes RFC 4180 CSV in UTF-8 with a header row.',
        querystring: ExportQuerySchema,
        response: responses({
          200: Type.Unsafe<Uint8Array>({
            description: 'The file, with a Content-Disposition naming it',
            content: {
              'text/plain': { schema: File },
              'text/csv': { schema: File },
            },
          }),
        }),
      },
    },
    async (request, reply) => {
      const file = await engine.exportDocuments(request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-record-count', String(file.count))
        .send(Buffer.from(file.bytes));
    },
  );
}
