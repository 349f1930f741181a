import { isDeepStrictEqual } from 'node:util';
import { Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import { readFact } from '../../domain/facts.ts';
import { MAX_ITEM_FIELDS, parseMoneyInput } from '../../domain/item.ts';
import { formatMoney, parseMoney } from '../../domain/money.ts';
import type { ItemChangesInput } from './action-ports.ts';
import { actionFailed, clip, pointerKey, TEXT_LIMITS } from './action-support.ts';
import { type ActionContext, defineAction } from './define-action.ts';
import {
  type FieldTarget,
  factPathOf,
  isFromFact,
  parseFieldPath,
  type SetValue,
  SetValueSchema,
  validateSetEntry,
} from './field-updates.ts';

/** Longest text a rendered custom field keeps, like the API's descriptions. Unit: characters. */
const MAX_FIELD_TEXT = 20_000;

/**
 * Sets the item's title, amount or custom fields, e.g. S1's
 * `{"set": {"fields.potentialRevenue": {"fromFact": "event.data.amount"}}}`. Only values that
 * differ are written, in one versioned update; the changes name each changed fact path with its
 * value before and after, from which the engine emits `item.field_changed`.
 */
export const updateFieldsAction = defineAction({
  type: 'update_fields',
  description: "Sets the item's title, amount or custom fields from templates, constants or facts",
  params: Type.Object(
    {
      set: Type.Record(Type.String({ maxLength: 120 }), SetValueSchema, {
        minProperties: 1,
        maxProperties: MAX_ITEM_FIELDS,
        description:
          'Paths (title, amount, fields.<name>) to values: a string is a template, a number, boolean or null is stored as it is, {"fromFact": "event.data.amount"} copies a fact with its type',
      }),
    },
    { additionalProperties: false },
  ),
  templateParams: [],
  external: false,

  async validate(params, context, pointer) {
    const problems: FieldProblem[] = [];
    for (const [path, value] of Object.entries(params.set)) {
      problems.push(...validateSetEntry(path, value, context, `${pointer}/set/${pointerKey(path)}`));
    }
    return problems;
  },

  async run(params, ctx) {
    const item = ctx.item;
    const changes: { title?: string; amountMinor?: number } = {};
    const fieldUpdates: [string, unknown][] = [];
    const changed: string[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const skipped: { path: string; reason: string }[] = [];
    const record = (target: FieldTarget, from: unknown, to: unknown): void => {
      const path = factPathOf(target);
      changed.push(path);
      before[path] = from;
      after[path] = to;
    };

    for (const [path, value] of Object.entries(params.set)) {
      const target = parseFieldPath(path);
      if (target === undefined) throw actionFailed('invalid_field_path', `"${path}" cannot be set`);
      const resolved = await resolveValue(value, target, ctx);
      if ('skip' in resolved) {
        skipped.push({ path, reason: resolved.skip });
        continue;
      }
      if (target.kind === 'title') {
        const title = clip(String(resolved.value).trim(), TEXT_LIMITS.title.maxLength);
        if (title === '') throw actionFailed('template_rendered_empty', 'The title would be empty');
        if (title === item.title) continue;
        changes.title = title;
        record(target, item.title, title);
      } else if (target.kind === 'amount') {
        const minor = toAmountMinor(resolved.value, path);
        if (minor !== parseMoney(item.amount)) {
          changes.amountMinor = minor;
          record(target, item.amount, formatMoney(minor));
        }
      } else {
        const current = Object.hasOwn(item.fields, target.name) ? item.fields[target.name] : undefined;
        if (isDeepStrictEqual(current, resolved.value)) continue;
        fieldUpdates.push([target.name, resolved.value]);
        record(target, current ?? null, resolved.value);
      }
    }

    if (changed.length > 0) {
      const update: ItemChangesInput = {
        ...changes,
        // fromEntries defines own properties, so a field named "__proto__" stays a plain field.
        ...(fieldUpdates.length > 0 && {
          fields: Object.fromEntries([...Object.entries(item.fields), ...fieldUpdates]),
        }),
      };
      if (update.fields !== undefined && Object.keys(update.fields).length > MAX_ITEM_FIELDS) {
        throw actionFailed('too_many_fields', `An item holds at most ${MAX_ITEM_FIELDS} custom fields`);
      }
      await ctx.tx.itemWrites.update(item.id, update, item.version, ctx.clock.now());
    }
    return { changes: { fields: changed, before, after, ...(skipped.length > 0 && { skipped }) } };
  },
});

/** A template renders; a fact is copied with its type; a missing fact leaves the path as it is. */
async function resolveValue(
  value: SetValue,
  target: FieldTarget,
  ctx: ActionContext,
): Promise<{ value: unknown } | { skip: string }> {
  if (isFromFact(value)) {
    const fact = readFact(ctx.facts, value.fromFact);
    return fact === undefined || fact === null ? { skip: `${value.fromFact} has no value` } : { value: fact };
  }
  if (typeof value !== 'string') return { value };
  if (target.kind === 'field') {
    const text = await ctx.templates.render(value, ctx.facts);
    return { value: clip(text, MAX_FIELD_TEXT) };
  }
  return { value: (await ctx.templates.render(value, ctx.facts)).trim() };
}

function toAmountMinor(value: unknown, path: string): number {
  const minor = typeof value === 'number' || typeof value === 'string' ? parseMoneyInput(value) : undefined;
  if (minor === undefined) {
    throw actionFailed(
      'invalid_amount',
      `${path}: ${JSON.stringify(value)} is not an amount (at most two decimals)`,
    );
  }
  return minor;
}
