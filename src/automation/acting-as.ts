import type { Author, Item } from '../domain/item.ts';
import type { ActAs } from '../domain/rules.ts';
import type { User } from '../domain/user.ts';
import type { EngineTx } from './ports.ts';

/** A rule and the person it acts as: the author of its moves and entries, and what the journal says. */
export interface Acting {
  readonly author: Author;
  /** The person the rule acts as; absent when the rule itself is the author. */
  readonly actingAs?: { readonly userId: string; readonly name: string };
  /** Appended to the journal's record of a move, naming the rule that acted and as whom. */
  readonly movedBy?: { readonly message: string; readonly data: Readonly<Record<string, unknown>> };
}

/**
 * The author of what a rule does: the person it acts as (`actAs`), resolved for the item now,
 * or the rule itself. A person who cannot be resolved (the item has no responsible user, the
 * user was deactivated since the rule was saved) leaves the rule as the author, as without
 * `actAs`: the work is done either way, and the journal never names someone who did not act.
 */
export async function actingFor(
  tx: EngineTx,
  rule: {
    readonly kind: 'trigger' | 'robot';
    readonly id: string;
    readonly name: string;
    readonly actAs?: ActAs | null;
  },
  item: Item,
): Promise<Acting> {
  const own: Acting = { author: { type: rule.kind, id: rule.id } };
  const user = await personOf(tx, rule.actAs ?? null, item);
  if (user === undefined || !user.active) return own;
  return {
    author: { type: 'user', id: user.id },
    actingAs: { userId: user.id, name: user.name },
    movedBy: {
      message: `${rule.kind} "${rule.name}" acting as ${user.name}`,
      data: {
        actAs: { userId: user.id, name: user.name },
        rule: { kind: rule.kind, id: rule.id, name: rule.name },
      },
    },
  };
}

async function personOf(tx: EngineTx, actAs: ActAs | null, item: Item): Promise<User | undefined> {
  if (actAs === null) return undefined;
  if (typeof actAs === 'object') return tx.users.find(actAs.userId);
  if (item.responsibleId === null) return undefined;
  const responsible = await tx.users.find(item.responsibleId);
  if (actAs === 'responsible' || responsible?.supervisorId == null) {
    return actAs === 'responsible' ? responsible : undefined;
  }
  return tx.users.find(responsible.supervisorId);
}
