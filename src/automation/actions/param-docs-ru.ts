/**
 * Russian help text of the actions' params, keyed by the English `description` of each schema
 * node (the same text serves every node that shares it). The catalogue adds it to each node as
 * `x-description-ru`; a test fails naming any description of a params schema missing here.
 */
export const PARAM_DOCS_RU: Readonly<Record<string, string>> = {
  'Recipients, each a person reference; a person named twice is notified once':
    'Получатели, каждый — ссылка на человека; названный дважды получит одно уведомление',
  'A person: "responsible" (the item\'s responsible user), "supervisor" (that user\'s supervisor) or {"userId": "<id>"}; resolved when the run fires, so a reassigned item reaches its new people':
    'Человек: "responsible" (ответственный за карточку), "supervisor" (его руководитель) или {"userId": "<id>"}; определяется, когда запуск срабатывает, так что после смены ответственного уведомление получат новые люди',
  "The item's responsible user": 'Ответственный за карточку',
  "The supervisor of the item's responsible user": 'Руководитель ответственного за карточку',
  'A user id': 'Идентификатор пользователя',
  'Template: the notification title (cut at 500 characters)':
    'Шаблон: заголовок уведомления (обрезается до 500 символов)',
  'Template: the notification text. Required; "" for a title-only notification':
    'Шаблон: текст уведомления. Обязателен; "" — уведомление только с заголовком',
  'Template: the task title': 'Шаблон: название задачи',
  'Template: what to do': 'Шаблон: что нужно сделать',
  'Who does the task, a person reference. Default: "responsible"; an item without one gets an unassigned task':
    'Кто выполняет задачу, ссылка на человека. По умолчанию: "responsible"; у карточки без ответственного задача останется без исполнителя',
  'Person references who follow the task': 'Ссылки на людей, которые наблюдают за задачей',
  'Due time counted from when the run fires, in the working calendar and time zone of the person doing the work. Default: none':
    'Срок, отсчитываемый от срабатывания запуска, по рабочему календарю и в часовом поясе исполнителя. По умолчанию: без срока',
  'ISO 8601 duration, e.g. P1D or PT4H': 'Длительность ISO 8601, например P1D или PT4H',
  "Count days in the user's working calendar. Default: false":
    'Считать дни по рабочему календарю пользователя. По умолчанию: false',
  'Wall-clock time HH:MM': 'Время по часам, ЧЧ:ММ',
  'Which robot-created tasks to complete: "item" (all of the item), "stage" (those created at `stageId`, or at the robot\'s own stage without it), "pipeline" (those created at any stage of the item\'s pipeline). Default: item, or stage when `stageId` is given':
    'Какие задачи, поставленные роботами, завершить: "item" (все задачи карточки), "stage" (поставленные на стадии `stageId`, а без него — на стадии самого робота), "pipeline" (поставленные на любой стадии воронки карточки). По умолчанию: item, или stage, если указан `stageId`',
  "A stage of the robot's pipeline: completes the robot tasks created at that stage. Only with scope stage":
    'Стадия воронки робота: завершаются задачи роботов, поставленные на этой стадии. Только с scope stage',
  'Kind of activity': 'Вид дела',
  'Template: the subject': 'Шаблон: тема',
  Template: 'Шаблон',
  'Complete it when the item leaves the stage. Default: true':
    'Завершить, когда карточка уйдёт со стадии. По умолчанию: true',
  "Template: the entry's text (cut at 10 000 characters)":
    'Шаблон: текст записи (обрезается до 10 000 символов)',
  'The new responsible user: {"userId": "<id>"}, "supervisor" (of the current responsible user) or {"roundRobin": ["<id>", ...]}':
    'Новый ответственный: {"userId": "<id>"}, "supervisor" (руководитель текущего ответственного) или {"roundRobin": ["<id>", ...]}',
  'The supervisor of the current responsible user': 'Руководитель текущего ответственного',
  'Candidates: the one with the fewest open items of the pipeline wins, ties by order':
    'Кандидаты: выбирается тот, у кого меньше всего открытых карточек воронки, при равенстве — по порядку',
  'Paths (title, amount, fields.<name>) to values: a string is a template, a number, boolean or null is stored as it is, {"fromFact": "event.data.amount"} copies a fact with its type':
    'Пути (title, amount, fields.<имя>) и значения: строка — шаблон, число, логическое значение или null сохраняются как есть, {"fromFact": "event.data.amount"} копирует факт вместе с его типом',
  'A fact path, e.g. event.data.amount': 'Путь факта, например event.data.amount',
  'A stage of the robot’s pipeline': 'Стадия воронки робота',
  'The pipeline of the new item': 'Воронка новой карточки',
  "Default: the pipeline's first open stage": 'По умолчанию: первая открытая стадия воронки',
  "Template: the new item's title": 'Шаблон: название новой карточки',
  'Default: true': 'По умолчанию: true',
  'Copies amount and currency. Default: true': 'Копирует сумму и валюту. По умолчанию: true',
  'Custom fields of the new item: names to templates':
    'Пользовательские поля новой карточки: имена и шаблоны',
  'Template; an http(s) URL': 'Шаблон; URL http(s)',
  'Default: POST': 'По умолчанию: POST',
  'The request body: a template, or a JSON object whose string values are templates':
    'Тело запроса: шаблон или объект JSON, строковые значения которого — шаблоны',
  'JSON; string values are templates': 'JSON; строковые значения — шаблоны',
  'Extra request headers': 'Дополнительные заголовки запроса',
  'whsec_ secret: the request is signed per Standard Webhooks':
    'Секрет whsec_: запрос подписывается по Standard Webhooks',
  '"contact" (the item\'s contact, first email), "responsible", "supervisor" or {"address": "<template>"}':
    '"contact" (контакт карточки, первый адрес почты), "responsible", "supervisor" или {"address": "<шаблон>"}',
  'Template, HTML-escaped': 'Шаблон, HTML экранируется',
  'Open pixel and rewritten links. Default: true':
    'Пиксель открытия и переписанные ссылки. По умолчанию: true',
  '"contact" (the item\'s contact, first phone) or {"phone": "<template>"}':
    '"contact" (контакт карточки, первый телефон) или {"phone": "<шаблон>"}',
  "The item's contact, first phone": 'Контакт карточки, первый телефон',
  'Template; a phone number': 'Шаблон; номер телефона',
  'Who approves, in order, each a person reference; each decides after the one before approved':
    'Кто согласует, по порядку, каждый — ссылка на человека; каждый решает после того, как одобрил предыдущий',
  'Template: what is to be approved (cut at 500 characters)':
    'Шаблон: что нужно согласовать (обрезается до 500 символов)',
  'Time each approver has to decide. Unit: minutes. Default: no deadline':
    'Сколько времени у каждого согласующего на решение. Единица: минуты. По умолчанию: без срока',
  "Count the deadline only in the working hours of the approver whose turn it is (their calendar and time zone; after an escalation, the new approver's), so nights, weekends and holidays do not count. Needs a deadline. Default: false":
    'Считать срок только в рабочие часы согласующего, чья очередь (по его календарю и часовому поясу; после эскалации — по календарю нового согласующего), так что ночи, выходные и праздники не в счёт. Нужен срок. По умолчанию: false',
  'When an approver lets the deadline pass: "escalate" (to the next approver, or else to that approver\'s supervisor; rejected when nobody is left) or "reject". Default: escalate':
    'Когда согласующий пропустил срок: "escalate" (следующему согласующему, а если его нет — руководителю согласующего; отклоняется, когда передать некому) или "reject". По умолчанию: escalate',
  'quote, invoice, contract, act or a custom kind in lower case':
    'quote, invoice, contract, act или свой вид строчными латинскими буквами',
  "A stored template's id. Default: the kind's default":
    'Идентификатор сохранённого шаблона. По умолчанию: шаблон вида по умолчанию',
  'Wording of the shipped template: "en" or "ru". Default: en':
    'Язык встроенного шаблона: "en" или "ru". По умолчанию: en',
  "Copy the lines and amount of the item's latest document of this kind":
    'Скопировать строки и сумму последнего документа карточки этого вида',
  'Also make a share link (/d/{token}). Default: false':
    'Также создать публичную ссылку (/d/{token}). По умолчанию: false',
  'A document of the item, sent as PDF: "latest:<kind>" (its newest of that kind) or a document id':
    'Документ карточки, отправляется в PDF: "latest:<вид>" (последний документ этого вида) или идентификатор документа',
  'Files sent with the email. Default: none': 'Файлы, отправляемые с письмом. По умолчанию: нет',
  'The id of a file uploaded to the item (POST /api/v1/items/{id}/files)':
    'Идентификатор файла, загруженного в карточку (POST /api/v1/items/{id}/files)',
  'Exactly one of document and file': 'Ровно одно из document и file',
};
