import type { Static } from 'typebox';
import { addTimelineEntryAction } from './add-timeline-entry.action.ts';
import { changeResponsibleAction } from './change-responsible.action.ts';
import { completeTasksAction } from './complete-tasks.action.ts';
import { createDocumentAction } from './create-document.action.ts';
import { createItemAction } from './create-item.action.ts';
import { createTaskAction } from './create-task.action.ts';
import type { ActionDefinition } from './define-action.ts';
import { moveToStageAction } from './move-to-stage.action.ts';
import { notifyAction } from './notify.action.ts';
import { requestApprovalAction } from './request-approval.action.ts';
import { scheduleActivityAction } from './schedule-activity.action.ts';
import { sendEmailAction } from './send-email.action.ts';
import { sendSmsAction } from './send-sms.action.ts';
import { sendWebhookAction } from './send-webhook.action.ts';
import { updateFieldsAction } from './update-fields.action.ts';

/**
 * Every action, once. Robots store an action's `type`: types are never renamed, only added.
 */
export const ACTION_DEFINITIONS = [
  notifyAction,
  createTaskAction,
  completeTasksAction,
  scheduleActivityAction,
  addTimelineEntryAction,
  changeResponsibleAction,
  updateFieldsAction,
  moveToStageAction,
  createItemAction,
  createDocumentAction,
  sendWebhookAction,
  sendEmailAction,
  sendSmsAction,
  requestApprovalAction,
] as const;

type Definition = (typeof ACTION_DEFINITIONS)[number];
export type ActionType = Definition['type'];

/** The params of each action, as its schema types them. */
export type ActionParams = { readonly [D in Definition as D['type']]: Static<D['params']> };

/** The stored types of the actions, in the registry's order. */
export const ACTION_TYPES: readonly ActionType[] = ACTION_DEFINITIONS.map((definition) => definition.type);

/** Every action by its stored type. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  ACTION_DEFINITIONS.map((definition: ActionDefinition) => [definition.type, definition]),
);

/** The action a robot names, or undefined for a type this version does not know. */
export function findAction(type: string): ActionDefinition | undefined {
  return ACTIONS.get(type);
}
