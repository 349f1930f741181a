import type { Localized } from '../localized.ts';

/**
 * What the catalogue tells people about each event type beyond its data schema: the Russian
 * description (the English one is the type's own, in catalogue.ts) and what makes Stageflow
 * record the event itself. A type with no origin here comes only from outside (POST /events,
 * CloudEvents). Keyed by the stored type names; a test checks every type is described.
 */

/** One thing in Stageflow that records the event: an API change, a public endpoint, an action. */
export interface EventOrigin {
  /** `PATCH /api/v1/tasks/{id}`, `action send_email`, `run`, ... */
  readonly by: string;
  /** When it does, in words. */
  readonly when: Localized;
}

export interface EventTypeDocs {
  readonly ru: string;
  readonly emittedBy: readonly EventOrigin[];
}

const origin = (by: string, en: string, ru: string): EventOrigin => ({ by, when: { en, ru } });

const ITEM_CREATED = [
  origin('POST /api/v1/items', 'an item is created', 'создана карточка'),
  origin('action create_item', 'a robot creates an item', 'робот создал карточку'),
  origin(
    'POST /api/v1/inbound/email',
    'an email from an unknown sender makes a lead',
    'письмо от неизвестного отправителя создало лид',
  ),
  origin('POST /f/{formId}', 'a web form makes a lead', 'веб-форма создала лид'),
];

export const EVENT_TYPE_DOCS: Readonly<Record<string, EventTypeDocs>> = {
  'email.received': {
    ru: 'Пришло письмо от контакта',
    emittedBy: [origin('POST /api/v1/inbound/email', 'a raw email is received', 'получено письмо (MIME)')],
  },
  'email.sent': {
    ru: 'Контакту отправлено письмо',
    emittedBy: [origin('action send_email', 'a robot sent an email', 'робот отправил письмо')],
  },
  'email.opened': {
    ru: 'Контакт открыл отправленное письмо',
    emittedBy: [origin('GET /t/o/{token}', 'the first open of a sent email', 'первое открытие письма')],
  },
  'email.link_clicked': {
    ru: 'Контакт перешёл по ссылке из письма',
    emittedBy: [
      origin('GET /t/c/{token}', 'the first click of each link', 'первый переход по каждой ссылке'),
    ],
  },
  'call.incoming': { ru: 'Входящий звонок', emittedBy: [] },
  'call.missed': { ru: 'Пропущенный звонок', emittedBy: [] },
  'call.completed': { ru: 'Состоявшийся звонок', emittedBy: [] },
  'sms.received': { ru: 'SMS от контакта', emittedBy: [] },
  'chat.first_message': { ru: 'Первое сообщение в чате', emittedBy: [] },
  'chat.message': { ru: 'Сообщение в чате', emittedBy: [] },
  'form.submitted': {
    ru: 'Заполнена веб-форма',
    emittedBy: [origin('POST /f/{formId}', 'a hosted web form is sent', 'отправлена веб-форма')],
  },
  'site.visit': {
    ru: 'Контакт посетил сайт',
    emittedBy: [origin('POST /t/v', 'the tracking snippet reports a visit', 'счётчик сообщил о посещении')],
  },
  'site.revisit': {
    ru: 'Известный контакт вернулся на сайт',
    emittedBy: [origin('POST /t/v', 'a known visitor comes back', 'известный посетитель вернулся')],
  },
  'document.created': {
    ru: 'Создан документ',
    emittedBy: [
      origin('POST /api/v1/documents', 'a document of an item is created', 'создан документ карточки'),
      origin(
        'POST /api/v1/items/{id}/documents',
        'a document is made from its template',
        'документ создан по шаблону',
      ),
      origin('action create_document', 'a robot makes a document', 'робот создал документ'),
    ],
  },
  'document.viewed': {
    ru: 'Клиент открыл документ по ссылке',
    emittedBy: [origin('GET /d/{token}', 'a shared document is opened', 'открыт документ по ссылке')],
  },
  'document.posted': {
    ru: 'Документ проведён',
    emittedBy: [
      origin('POST /api/v1/documents', 'a document is created posted', 'документ создан проведённым'),
      origin('PATCH /api/v1/documents/{id}', 'the status becomes posted', 'статус стал «проведён»'),
    ],
  },
  'payment.received': {
    ru: 'Получена оплата',
    emittedBy: [origin('POST /api/v1/payments', 'a payment is recorded', 'записана оплата')],
  },
  'task.status_changed': {
    ru: 'Задача сменила статус',
    emittedBy: [
      origin(
        'PATCH /api/v1/tasks/{id}',
        "the status of an item's task changes",
        'сменился статус задачи карточки',
      ),
    ],
  },
  'resource.booked': { ru: 'Забронирован ресурс', emittedBy: [] },
  'webhook.received': {
    ru: 'Вызван вебхук триггера',
    emittedBy: [
      origin('POST /hooks/{token}', "a trigger's webhook URL is called", 'вызван URL вебхука триггера'),
    ],
  },
  'app.event': { ru: 'Событие интеграции, имя в data.name', emittedBy: [] },
  'item.created': { ru: 'Создана карточка', emittedBy: ITEM_CREATED },
  'item.field_changed': {
    ru: 'Изменились поля карточки',
    emittedBy: [
      origin('PATCH /api/v1/items/{id}', 'fields of an item change', 'изменились поля карточки'),
      origin('action update_fields', 'a robot changes fields', 'робот изменил поля'),
      origin(
        'action change_responsible',
        'a robot changes the responsible user',
        'робот сменил ответственного',
      ),
    ],
  },
  'item.stage_changed': {
    ru: 'Карточка перешла на другую стадию',
    emittedBy: [
      origin('POST /api/v1/items/{id}/move', 'a person moves the item', 'карточку перенёс человек'),
      origin('trigger', 'a trigger moves the item', 'карточку перенёс триггер'),
      origin('action move_to_stage', 'a robot moves the item', 'карточку перенёс робот'),
    ],
  },
  'run.succeeded': {
    ru: 'Робот выполнен успешно (для подписок на вебхуки)',
    emittedBy: [origin('run', 'a robot run succeeds', 'запуск робота завершился успешно')],
  },
  'task.overdue': {
    ru: 'Открытая задача карточки просрочена (один раз на срок; субъект — карточка задачи)',
    emittedBy: [
      origin(
        'task deadline',
        'an open task of an item is still undone when its deadline passes',
        'открытая задача карточки не выполнена к сроку',
      ),
    ],
  },
  'activity.completed': {
    ru: 'Дело карточки отмечено выполненным (субъект — карточка дела)',
    emittedBy: [
      origin('PATCH /api/v1/activities/{id}', 'the status becomes completed', 'статус стал «выполнено»'),
      origin('POST /api/v1/activities', 'an activity is recorded done', 'дело записано выполненным'),
    ],
  },
  'approval.approved': {
    ru: 'Согласование, запрошенное роботом, одобрено (субъект — карточка согласования)',
    emittedBy: [
      origin(
        'POST /api/v1/approvals/{id}/decision, POST /a/{token}',
        'the last approver approves',
        'последний согласующий одобрил',
      ),
    ],
  },
  'approval.rejected': {
    ru: 'Согласование, запрошенное роботом, отклонено (субъект — карточка согласования)',
    emittedBy: [
      origin(
        'POST /api/v1/approvals/{id}/decision, POST /a/{token}',
        'an approver rejects',
        'согласующий отклонил',
      ),
      origin(
        'approval deadline',
        'a deadline passes with onDeadline "reject", or with nobody left to escalate to',
        'истёк срок при onDeadline "reject" или когда эскалировать некому',
      ),
    ],
  },
  'run.failed': {
    ru: 'Робот не выполнен окончательно (для подписок на вебхуки)',
    emittedBy: [origin('run', 'a robot run fails for good', 'запуск робота окончательно не удался')],
  },
  'notification.created': {
    ru: 'Пользователь получил уведомление (для подписок на вебхуки)',
    emittedBy: [
      origin('action notify', 'a robot notifies people', 'робот отправил уведомление'),
      origin(
        'run',
        "a failed run notifies the item's responsible user",
        'неудачный запуск уведомил ответственного',
      ),
      origin(
        'guard',
        'a refused automatic move notifies the responsible user',
        'отказ в автоматическом переносе уведомил ответственного',
      ),
      origin('POST /api/v1/notifications', 'a notification is created', 'создано уведомление'),
    ],
  },
};
