import { Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import { MAX_ITEM_FIELDS } from '../../domain/item.ts';
import { parseMoney } from '../../domain/money.ts';
import { clip, MAX_TEMPLATE_SOURCE, pointerKey, renderText, TEXT_LIMITS } from './action-support.ts';
import { defineAction } from './define-action.ts';
import { parseFieldPath } from './field-updates.ts';

const MAX_FIELD_TEXT = 20_000;

/**
 * Creates another item from this one, e.g. a deal from a qualified lead, copying its contact,
 * responsible user and amount unless told not to. The new item enters its stage through the
 * engine, so that stage's robots are planned for it (one level deeper in the cascade).
 */
export const createItemAction = defineAction({
  type: 'create_item',
  description: 'Creates an item in a pipeline from this one (e.g. a deal from a lead)',
  params: Type.Object(
    {
      pipelineId: Type.String({ minLength: 1, maxLength: 64, description: 'The pipeline of the new item' }),
      stageId: Type.Optional(
        Type.String({ minLength: 1, maxLength: 64, description: "Default: the pipeline's first open stage" }),
      ),
      title: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: "Template: the new item's title",
      }),
      copyContact: Type.Optional(Type.Boolean({ description: 'Default: true' })),
      copyResponsible: Type.Optional(Type.Boolean({ description: 'Default: true' })),
      copyAmount: Type.Optional(Type.Boolean({ description: 'Copies amount and currency. Default: true' })),
      fields: Type.Optional(
        Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: MAX_TEMPLATE_SOURCE }), {
          maxProperties: MAX_ITEM_FIELDS,
          description: 'Custom fields of the new item: names to templates',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: ['title'],
  external: false,

  async validate(params, context, pointer) {
    const problems: FieldProblem[] = [];
    const pipeline = await context.pipelineOf(params.pipelineId);
    if (pipeline === undefined) {
      problems.push({
        field: `${pointer}/pipelineId`,
        message: `pipeline ${params.pipelineId} does not exist`,
      });
    } else if (
      params.stageId !== undefined &&
      !pipeline.stages.some((stage) => stage.id === params.stageId)
    ) {
      problems.push({
        field: `${pointer}/stageId`,
        message: `stage ${params.stageId} is not a stage of pipeline "${pipeline.name}"`,
      });
    }
    for (const [name, template] of Object.entries(params.fields ?? {})) {
      const field = `${pointer}/fields/${pointerKey(name)}`;
      if (parseFieldPath(`fields.${name}`) === undefined) {
        problems.push({ field, message: `"${name}" is not a field name (letters, digits, _)` });
      } else {
        problems.push(...context.validateTemplate(template, field));
      }
    }
    return problems;
  },

  async run(params, ctx) {
    const source = ctx.item;
    const title = await renderText(ctx, params.title, TEXT_LIMITS.title);
    const fields: [string, string][] = [];
    for (const [name, template] of Object.entries(params.fields ?? {})) {
      fields.push([name, clip(await ctx.templates.render(template, ctx.facts), MAX_FIELD_TEXT)]);
    }
    const copyAmount = params.copyAmount ?? true;
    const created = await ctx.engine.createItem({
      pipelineId: params.pipelineId,
      stageId: params.stageId,
      title,
      ...(copyAmount && { amountMinor: parseMoney(source.amount), currency: source.currency }),
      contactId: (params.copyContact ?? true) ? source.contactId : null,
      responsibleId: (params.copyResponsible ?? true) ? source.responsibleId : null,
      // fromEntries defines own properties, so a field named "__proto__" stays a plain field.
      fields: Object.fromEntries(fields),
    });
    return {
      changes: { createdItemId: created.id, pipelineId: created.pipelineId, stageId: created.stageId },
    };
  },
});
