import type { FastifyRequest } from 'fastify';
import type { RuleContext } from '../automation/rule-ports.ts';
import type { Actor } from '../domain/revisions.ts';
import { createRuleStore } from '../store/rule-store.ts';
import type { AppContext } from './context.ts';

/** Who makes a change, for the records that name them: the signed-in user, or the API token's name. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (principal?.via === 'session' && principal.userId !== undefined) {
    return { userId: principal.userId, name: principal.userName ?? principal.userId };
  }
  return { userId: null, name: request.token?.name ?? 'API token' };
}

/** What the rule commands need, over the app's store and clock. */
export const ruleContext = ({ store, ids, clock }: AppContext): RuleContext => ({
  store: createRuleStore(store.db, ids),
  clock,
});
