import type { FactField } from './facts.ts';
import type { Localized } from './localized.ts';

/**
 * What each fact means, for people picking one in the rule editor, and which facts are amounts
 * of money (in the item's currency, major units). Keyed by every fact path, so a new fact cannot
 * be added without its description.
 */
export interface FactDoc extends Localized {
  readonly money?: true;
}

export const FACT_DOCS: Readonly<Record<FactField, FactDoc>> = {
  'item.id': { en: 'Id of the item', ru: 'Идентификатор карточки' },
  'item.title': { en: 'Title of the item', ru: 'Название карточки' },
  'item.amount': { en: 'Amount of the item', ru: 'Сумма карточки', money: true },
  'item.currency': { en: 'Currency of the item: ISO 4217 code', ru: 'Валюта карточки: код ISO 4217' },
  'item.paidAmount': {
    en: 'Sum of the payments received for the item',
    ru: 'Сумма поступивших по карточке оплат',
    money: true,
  },
  'item.pipelineId': { en: 'Id of the pipeline', ru: 'Идентификатор воронки' },
  'item.stageId': { en: 'Id of the current stage', ru: 'Идентификатор текущей стадии' },
  'item.responsibleId': { en: 'Id of the responsible user', ru: 'Идентификатор ответственного' },
  'item.contactId': { en: 'Id of the contact', ru: 'Идентификатор контакта' },
  'item.stageEnteredAt': {
    en: 'When the item entered its current stage',
    ru: 'Когда карточка попала на текущую стадию',
  },
  'item.createdAt': { en: 'When the item was created', ru: 'Когда карточка создана' },
  'contact.id': { en: 'Id of the contact', ru: 'Идентификатор контакта' },
  'contact.name': { en: "Contact's name", ru: 'Имя контакта' },
  'contact.company': { en: "Contact's company", ru: 'Компания контакта' },
  'contact.email': { en: "Contact's first email address", ru: 'Первый адрес электронной почты контакта' },
  'contact.phone': { en: "Contact's first phone number", ru: 'Первый номер телефона контакта' },
  'contact.emails': {
    en: "All of the contact's email addresses",
    ru: 'Все адреса электронной почты контакта',
  },
  'contact.phones': { en: "All of the contact's phone numbers", ru: 'Все номера телефонов контакта' },
  'responsible.id': { en: 'Id of the responsible user', ru: 'Идентификатор ответственного' },
  'responsible.name': { en: "Responsible user's name", ru: 'Имя ответственного' },
  'responsible.email': {
    en: "Responsible user's email address",
    ru: 'Адрес электронной почты ответственного',
  },
  'responsible.department': { en: "Responsible user's department", ru: 'Отдел ответственного' },
  'responsible.timeZone': {
    en: "Responsible user's time zone, e.g. Europe/Moscow",
    ru: 'Часовой пояс ответственного, например Europe/Moscow',
  },
  'supervisor.id': {
    en: "Id of the responsible user's supervisor",
    ru: 'Идентификатор руководителя ответственного',
  },
  'supervisor.name': { en: "Supervisor's name", ru: 'Имя руководителя' },
  'supervisor.email': { en: "Supervisor's email address", ru: 'Адрес электронной почты руководителя' },
  'stage.id': { en: 'Id of the current stage', ru: 'Идентификатор текущей стадии' },
  'stage.name': { en: 'Name of the current stage', ru: 'Название текущей стадии' },
  'stage.semantics': {
    en: 'Meaning of the current stage: open, won or lost',
    ru: 'Смысл текущей стадии: open (в работе), won (успех) или lost (провал)',
  },
  'stage.sort': {
    en: 'Position of the current stage in the pipeline',
    ru: 'Порядковый номер текущей стадии в воронке',
  },
  'pipeline.id': { en: 'Id of the pipeline', ru: 'Идентификатор воронки' },
  'pipeline.name': { en: 'Name of the pipeline', ru: 'Название воронки' },
  'pipeline.entityType': {
    en: 'What the pipeline holds: lead, deal or a custom kind',
    ru: 'Что ведётся в воронке: лиды, сделки или свой тип',
  },
  'documents.kinds': {
    en: "Kinds of the item's documents, e.g. quote, order",
    ru: 'Виды документов карточки, например quote, order',
  },
  'documents.postedKinds': {
    en: "Kinds of the item's posted documents",
    ru: 'Виды проведённых документов карточки',
  },
  'documents.count': { en: 'Number of documents of the item', ru: 'Количество документов карточки' },
  'payments.count': { en: 'Number of payments for the item', ru: 'Количество оплат по карточке' },
  'payments.total': {
    en: 'Total of the payments for the item',
    ru: 'Сумма всех оплат по карточке',
    money: true,
  },
  'event.id': { en: 'Id of the event', ru: 'Идентификатор события' },
  'event.type': { en: 'Type of the event, e.g. email.received', ru: 'Тип события, например email.received' },
  'event.occurredAt': { en: 'When the event happened', ru: 'Когда произошло событие' },
  'task.id': {
    en: 'Id of the task the robot is timed against',
    ru: 'Идентификатор задачи, к сроку которой привязан робот',
  },
  'task.title': {
    en: 'Title of the task the robot is timed against',
    ru: 'Название задачи, к сроку которой привязан робот',
  },
  'task.description': { en: "The task's description", ru: 'Описание задачи' },
  'task.deadline': { en: "The task's deadline", ru: 'Крайний срок задачи' },
  'task.status': {
    en: "The task's status: new, in_progress, completed, deferred or cancelled",
    ru: 'Статус задачи: new, in_progress, completed, deferred или cancelled',
  },
  'task.url': { en: 'Link to the task in Stageflow', ru: 'Ссылка на задачу в Stageflow' },
  'activity.id': {
    en: 'Id of the activity the robot is timed against',
    ru: 'Идентификатор дела, к началу которого привязан робот',
  },
  'activity.subject': {
    en: 'Subject of the activity the robot is timed against, e.g. the meeting',
    ru: 'Тема дела, к началу которого привязан робот, например встречи',
  },
  'activity.type': {
    en: "The activity's type: call, meeting, email or todo",
    ru: 'Тип дела: call (звонок), meeting (встреча), email (письмо) или todo (дело)',
  },
  'activity.dueAt': { en: 'When the activity starts', ru: 'Когда начинается дело' },
  'activity.description': { en: "The activity's description", ru: 'Описание дела' },
  'activity.url': { en: 'Link to the activity in Stageflow', ru: 'Ссылка на дело в Stageflow' },
};
