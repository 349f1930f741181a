import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import type { ActionContext, ActionValidationContext } from './define-action.ts';

/** A user's id in action params; the UI offers a user picker for it, an export names the user by email. */
export const UserIdSchema = Type.String({ minLength: 1, maxLength: 64, description: 'A user id' });

/**
 * How an action names a person: the item's responsible user, that user's supervisor, or a user
 * by id. Resolved when the run fires, so a reassigned item notifies its new responsible user.
 */
export const UserRefSchema = Type.Union(
  [
    Type.Literal('responsible', { description: "The item's responsible user" }),
    Type.Literal('supervisor', { description: "The supervisor of the item's responsible user" }),
    Type.Object({ userId: UserIdSchema }, { additionalProperties: false }),
  ],
  {
    description:
      'A person: "responsible" (the item\'s responsible user), "supervisor" (that user\'s supervisor) or ' +
      '{"userId": "<id>"}; resolved when the run fires, so a reassigned item reaches its new people',
  },
);
export type UserRef = Static<typeof UserRefSchema>;

export type ResolvedUser = { readonly user: User } | { readonly reason: string };

/** The user a reference names now, or why there is none. */
export async function resolveUserRef(ref: UserRef, ctx: ActionContext): Promise<ResolvedUser> {
  if (ref === 'responsible') {
    if (ctx.responsible !== undefined) return { user: ctx.responsible };
    return { reason: noResponsible(ctx) };
  }
  if (ref === 'supervisor') {
    if (ctx.supervisor !== undefined) return { user: ctx.supervisor };
    if (ctx.responsible === undefined) return { reason: `${noResponsible(ctx)}, so no supervisor` };
    return { reason: `the responsible user ${ctx.responsible.name} has no supervisor` };
  }
  const user = await ctx.tx.users.find(ref.userId);
  return user === undefined ? { reason: `user ${ref.userId} does not exist` } : { user };
}

function noResponsible(ctx: ActionContext): string {
  const id = ctx.item.responsibleId;
  return id === null ? 'the item has no responsible user' : `the responsible user ${id} does not exist`;
}

/** How a reference reads in an action's changes ("supervisor", "user 0190…"). */
export const describeUserRef = (ref: UserRef): string =>
  typeof ref === 'string' ? ref : `user ${ref.userId}`;

/** Refuses, when a robot is saved, a reference to a user that does not exist. */
export async function validateUserRef(
  ref: UserRef,
  context: ActionValidationContext,
  pointer: string,
): Promise<FieldProblem[]> {
  if (typeof ref === 'string' || (await context.userExists(ref.userId))) return [];
  return [{ field: `${pointer}/userId`, message: `user ${ref.userId} does not exist` }];
}

/** The same for a list of references at `pointer`. */
export async function validateUserRefs(
  refs: readonly UserRef[],
  context: ActionValidationContext,
  pointer: string,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const [index, ref] of refs.entries()) {
    problems.push(...(await validateUserRef(ref, context, `${pointer}/${index}`)));
  }
  return problems;
}
