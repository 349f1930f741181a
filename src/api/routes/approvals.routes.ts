import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Approval, currentApproverId } from '../../domain/approval.ts';
import { AppError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { ApprovalDecisionBody, ApprovalListQuery, ApprovalSchema } from '../schemas/approvals.ts';
import { IdParams, PageQuery, pageOf, responses } from '../schemas/common.ts';
import { registerApprovalLinkRoutes } from './approval-links.routes.ts';

const tags = ['approvals'];

/** The answer's shape: the stored approval, with whose turn it is spelled out. */
const withCurrent = (approval: Approval) => ({
  ...approval,
  approverIds: [...approval.approverIds],
  decisions: [...approval.decisions],
  currentApproverId: currentApproverId(approval) ?? null,
});

const signedInUser = (request: FastifyRequest): string => {
  const userId = request.principal?.userId;
  if (userId === undefined) {
    throw new AppError('not_signed_in', 'conflict', 'mine=1 lists the signed-in user’s approvals: sign in');
  }
  return userId;
};

/**
 * Approvals asked by robots: listing (mine=1: where it is my turn), reading, and deciding. Who
 * may decide is the engine's rule (the current approver, or an admin), so the route lets every
 * signed-in role through and the command refuses the others.
 */
export function registerApprovalsRoutes(app: App, context: AppContext): void {
  const { repos, engine } = context;

  app.get(
    '/api/v1/approvals',
    {
      schema: {
        tags,
        summary: 'List approvals',
        description:
          "mine=1: the pending approvals where it is the signed-in user's turn (a session is needed); " +
          'itemId and status filter. Newest first.',
        querystring: Type.Object(
          { ...ApprovalListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(ApprovalSchema, 'Approval') }),
      },
    },
    async (request) => {
      const { limit, cursor, mine, itemId, status } = request.query;
      const approverId = mine === undefined ? undefined : signedInUser(request);
      const page = await repos.approvals.list({ approverId, itemId, status }, { limit, cursor });
      return { ...page, data: page.data.map(withCurrent) };
    },
  );

  app.get(
    '/api/v1/approvals/:id',
    {
      schema: {
        tags,
        summary: 'Read an approval',
        params: IdParams,
        response: responses({ 200: ApprovalSchema }),
      },
    },
    async (request) => withCurrent(await repos.approvals.getOrThrow(request.params.id)),
  );

  app.post(
    '/api/v1/approvals/:id/decision',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Approve or reject',
        description:
          'By the approver whose turn it is (403 approval_not_your_turn for anyone else but an admin). ' +
          'Approving passes the approval on to the next approver or, by the last one, ends it with ' +
          'approval.approved; rejecting ends it with approval.rejected. 409 approval_decided once decided.',
        params: IdParams,
        body: ApprovalDecisionBody,
        response: responses({ 200: ApprovalSchema }),
      },
    },
    async (request) => {
      const principal = request.principal;
      const approval = await engine.decideApproval({
        approvalId: request.params.id,
        decision: request.body.decision,
        comment: request.body.comment,
        userId: principal?.userId ?? null,
        admin: principal?.role === 'admin',
        via: 'api',
      });
      return withCurrent(approval);
    },
  );

  registerApprovalLinkRoutes(app, context);
}
