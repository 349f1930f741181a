import { addTimelineEntryAction } from './add-timeline-entry.action.ts';
import { changeResponsibleAction } from './change-responsible.action.ts';
import { completeTasksAction } from './complete-tasks.action.ts';
import { createItemAction } from './create-item.action.ts';
import { createTaskAction } from './create-task.action.ts';
import type { ActionDefinition } from './define-action.ts';
import { moveToStageAction } from './move-to-stage.action.ts';
import { notifyAction } from './notify.action.ts';
import { scheduleActivityAction } from './schedule-activity.action.ts';
import { sendEmailAction } from './send-email.action.ts';
import { sendSmsAction } from './send-sms.action.ts';
import { sendWebhookAction } from './send-webhook.action.ts';
import { updateFieldsAction } from './update-fields.action.ts';

/**
 * Action types as robots store them: never renamed, only added. The actions that reach outside
 * the CRM (send_email, send_sms, send_webhook, create_document) join this list with the channels.
 */
export const ACTION_TYPES = [
  'notify',
  'create_task',
  'complete_tasks',
  'schedule_activity',
  'add_timeline_entry',
  'change_responsible',
  'update_fields',
  'move_to_stage',
  'create_item',
  'send_webhook',
  'send_email',
  'send_sms',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

const DEFINITIONS: readonly ActionDefinition[] = [
  notifyAction,
  createTaskAction,
  completeTasksAction,
  scheduleActivityAction,
  addTimelineEntryAction,
  changeResponsibleAction,
  updateFieldsAction,
  moveToStageAction,
  createItemAction,
  sendWebhookAction,
  sendEmailAction,
  sendSmsAction,
];

/** Every action by its stored type. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  DEFINITIONS.map((definition) => [definition.type, definition]),
);

/** The action a robot names, or undefined for a type this version does not know. */
export function findAction(type: string): ActionDefinition | undefined {
  return ACTIONS.get(type);
}
