import { readInboundMail } from '../../channels/inbound-mail/read-inbound-mail.ts';
import { invalid } from '../../domain/errors.ts';
import { findUnstorable } from '../../domain/storable-input.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';
import {
  InboundEmailAnswerSchema,
  InboundEmailJsonSchema,
  MAX_EMAIL_BYTES,
  RawEmailSchema,
} from '../schemas/inbound.ts';

const RFC822 = 'message/rfc822';

export function registerInboundMailRoutes(app: App, context: AppContext): void {
  const { engine } = context;
  // Only this route takes raw mail, with its own size limit; the API's JSON limit stays 1 MiB.
  app.addContentTypeParser(
    RFC822,
    { parseAs: 'buffer', bodyLimit: MAX_EMAIL_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/inbound/email',
    {
      bodyLimit: MAX_EMAIL_BYTES,
      schema: {
        tags: ['inbound'],
        summary: 'Take in a raw email (MIME)',
        description:
          'The body is the message itself (Content-Type: message/rfc822, at most 10 MiB), or JSON {"raw": "..."}. ' +
          'A reply (In-Reply-To/References) goes to the item of the mail it answers; otherwise the sender is ' +
          'matched to a contact by address. An unknown sender becomes a contact and a lead in the pipeline whose ' +
          'settings say {"inbound": {"createLeads": true}}. The result is an email.received event with the ' +
          'subject, the text and the attachment names; the same Message-ID again is a duplicate.',
        body: {
          content: {
            [RFC822]: { schema: RawEmailSchema },
            'application/json': { schema: InboundEmailJsonSchema },
          },
        },
        response: responses({ 202: InboundEmailAnswerSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | { raw: string };
      const mail = await readInboundMail(Buffer.isBuffer(body) ? body : body.raw);
      // Encoded words and transfer encodings (=00) decode to what the edge check could not see.
      const unstorable = findUnstorable(mail, '/body');
      if (unstorable !== undefined) {
        throw invalid(unstorable.field, `decoded from the message, ${unstorable.message}`, 'unstorable_text');
      }
      return reply.status(202).send(await engine.ingestEmail(mail));
    },
  );
}
