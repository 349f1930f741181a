import { Type } from 'typebox';
import { DOCUMENT_KIND_PATTERN } from '../../domain/item.ts';
import { defineAction } from './define-action.ts';

const Kind = (description: string) => Type.String({ pattern: DOCUMENT_KIND_PATTERN, description });

/**
 * A document of the item (quote, invoice, contract, act or a custom kind): numbered from the
 * kind's sequence, written with its template over the item's facts (its lines and amount), in
 * the run's transaction. `fromKind: "quote"` copies the item's latest quote (an invoice from a
 * quote); `share: true` also makes a share link, whose path the run's result keeps.
 */
export const createDocumentAction = defineAction({
  type: 'create_document',
  description: "Creates a document of the item (an invoice, a quote...) from its kind's template",
  params: Type.Object(
    {
      kind: Kind('quote, invoice, contract, act or a custom kind in lower case'),
      template: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          description: "A stored template's id. Default: the kind's default",
        }),
      ),
      language: Type.Optional(
        Type.Union([Type.Literal('en'), Type.Literal('ru')], {
          description: 'Wording of the shipped template: "en" or "ru". Default: en',
        }),
      ),
      fromKind: Type.Optional(Kind("Copy the lines and amount of the item's latest document of this kind")),
      share: Type.Optional(
        Type.Boolean({ description: 'Also make a share link (/d/{token}). Default: false' }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: [],
  external: false,

  // A template deleted later fails its run (document_template not found); one that never
  // existed is a typo the robot is refused for when it is saved.
  async validate(params, context, pointer) {
    if (params.template === undefined || (await context.documentTemplateExists(params.template))) return [];
    return [{ field: `${pointer}/template`, message: `document template ${params.template} does not exist` }];
  },

  async run(params, ctx) {
    const { document, sharePath } = await ctx.engine.createDocument({
      kind: params.kind,
      templateId: params.template,
      language: params.language,
      fromKind: params.fromKind,
      share: params.share,
    });
    return {
      changes: {
        documentId: document.id,
        kind: document.kind,
        number: document.number,
        amount: document.amount,
        ...(sharePath !== undefined && { sharePath }),
      },
    };
  },
});
